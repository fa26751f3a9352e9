"""What is kept for everyone with the same roles never shows one of them to another."""

from datetime import date

import pytest
from django.test import Client

from engaging.core import cache
from engaging.reports.models import LocalAccount
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/register/",
    "/register/?type=consultation&page=1",
    "/register/ACTIVITY/",
    "/joining-up/",
    "/insight/",
    "/you-said-we-did/",
    "/assurance/",
    "/local-account/YEAR/",
    "/api/v1/activities",
    "/board/",
    "/register/your-work/",
    # Whole pages kept for everyone with the same roles (core/kept.py, kept_view).
    "/register/ACTIVITY/history/",
    "/joining-up/proposals/",
    "/feedback-loop/",
    "/feedback-loop/activities/",
    "/board/rules/",
    "/stories/",
    "/insight/themes/",
    "/lists/",
]


def person(world, username: str, first: str, last: str, role: str):
    membership = MembershipFactory(
        user__username=username, user__first_name=first, user__last_name=last, user__email=f"{username}@example.org",
        organisation=world.council, role=role,
    )  # fmt: skip
    return membership.user


@pytest.mark.parametrize("role", ["officer", "coordinator", "board_member"])
def test_two_people_with_the_same_roles_never_see_each_others_names(world, council_activity, role):
    from django.utils import timezone

    year = date.today().year - 1
    LocalAccount.objects.create(year=year, is_published=True, published_at=timezone.now(), introduction="Our year.")
    people = [person(world, "zq", "Zebedee", "Quintessa", role), person(world, "of", "Ottoline", "Framboise", role)]
    cache.recent.items.clear()
    seen = {}
    for user in people:
        client = Client()
        client.force_login(user)
        for path in PAGES:
            address = path.replace("ACTIVITY", str(council_activity.pk)).replace("YEAR", str(year))
            response = client.get(address, follow=True)
            assert response.status_code in (200, 403), address
            if path.startswith("/register/ACTIVITY"):
                plan = {"groups": [world.carers.pk], "areas": [world.ward.pk], "start_date": date.today().isoformat()}
                assert client.post("/joining-up/overlaps/", plan).status_code == 200
            seen[(user.username, address)] = response.content.decode()
    for (username, address), page in seen.items():
        other = people[1] if username == people[0].username else people[0]
        for shown in (other.username + "@", other.first_name, other.last_name):
            assert shown not in page, (username, address, shown)
    # Nothing these pages keep reads more of the person than their roles, but "Your work", which lists the
    # screening actions given to them: every other part is shared.
    entries = {key: cache.recent.get(key) for key in list(cache.recent.items)}
    personal = [key for key, entry in entries.items() if entry[1] == cache.PERSONAL]
    your_work = "cache:view:engaging.assurance.views.your_work.your_work:"
    assert entries and all(key.startswith(your_work) for key in personal)
