"""The session, user and roles every signed-in request reads, and the menu built from them."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from engaging.accounts.models import Membership, User
from engaging.accounts.roles import roles_for
from engaging.accounts.signed_in import Backend
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def menu_of(response) -> list[str]:
    html = response.content.decode()
    start = html.index('id="navigation"')
    menu = html[start : html.index("</nav>", start)]
    return [re.sub(r"\s+", " ", label).strip() for label in re.findall(r"<(?:a|button)[^>]*>([^<]+)<", menu)]


def test_the_user_read_by_the_backend_is_the_one_the_orm_reads():
    user = UserFactory(first_name="Asha", is_staff=True)
    user.last_login = timezone.now().replace(microsecond=0)
    user.save()
    read = Backend().get_user(user.pk)
    expected = User.objects.get(pk=user.pk)
    for field in User._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert isinstance(read.last_login, type(expected.last_login)) and isinstance(read.is_active, bool)


def test_the_backend_refuses_inactive_missing_and_malformed_users():
    inactive = UserFactory(is_active=False)
    assert Backend().get_user(inactive.pk) is None
    assert Backend().get_user(inactive.pk + 1000) is None
    assert Backend().get_user("not an id") is None


def test_an_expired_session_signs_nobody_in(client):
    user = UserFactory()
    signed_in(client, user)
    assert client.get("/accounts/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/accounts/").status_code == 302


def test_a_deactivated_person_is_signed_out_on_their_next_request(client):
    user = MembershipFactory(role=Membership.Role.OFFICER).user
    signed_in(client, user)
    assert client.get("/register/").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/register/").status_code == 302


def test_roles_leave_out_archived_organisations():
    kept, archived = OrganisationFactory(), OrganisationFactory(archived_at=timezone.now())
    user = UserFactory()
    MembershipFactory(user=user, organisation=kept, role=Membership.Role.OFFICER)
    MembershipFactory(user=user, organisation=archived, role=Membership.Role.COORDINATOR)
    roles = roles_for(User.objects.get(pk=user.pk))
    assert roles.officer_of == frozenset({kept.pk}) and not roles.coordinator


def account_links_of(response) -> list[str]:
    html = response.content.decode()
    if 'aria-label="Your account"' not in html:
        return []
    start = html.index('aria-label="Your account"')
    links = html[start : html.index("</nav>", start)]
    return [re.sub(r"\s+", " ", label).strip() for label in re.findall(r"<(?:a|button)[^>]*>([^<]+)<", links)]


def test_the_menu_shows_each_person_what_their_roles_let_them_use(client):
    assert menu_of(client.get("/")) == ["Get involved", "You said, we did", "Training and events", "Sign in"]
    assert account_links_of(client.get("/")) == []
    officer = MembershipFactory(role=Membership.Role.OFFICER).user
    # A partner's sections come first, on one line; the public pages are a second level at the end
    # ("Public pages"), and their account links sit in the header.
    sections = ["Register", "Insight", "Themes", "Feedback", "Board", "Joining up"]
    public = ["Get involved", "You said, we did", "Training and events"]
    page = signed_in(client, officer).get("/")
    # Officers reach surveys from the menu; board members and coordinators from the assurance dashboard.
    assert menu_of(page) == [*sections[:3], "Surveys", *sections[3:], *public]
    assert ">Public pages</summary>" in page.content.decode()
    assert account_links_of(page) == ["Your account", "Sign out"]
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR).user
    page = signed_in(client, coordinator).get("/")
    assert menu_of(page) == [*sections[:5], "Assurance", sections[5], *public]
    assert account_links_of(page) == [
        "Shared lists", "People", "Training calendar", "Data kept", "Your account", "Sign out"
    ]  # fmt: skip
    board_member = MembershipFactory(role=Membership.Role.BOARD_MEMBER).user
    # A board member's home is the board's pages, where the menu has the assurance dashboard too.
    page = signed_in(client, board_member).get("/", follow=True)
    assert menu_of(page) == [*sections[:5], "Assurance", sections[5], *public]
    assert account_links_of(page) == ["Your account", "Sign out"]
    nobody = UserFactory()
    page = signed_in(client, nobody).get("/")
    assert menu_of(page) == public
    assert account_links_of(page) == ["Your account", "Sign out"]


def test_the_menu_marks_the_section_of_the_page(client):
    signed_in(client, MembershipFactory(role=Membership.Role.COORDINATOR).user)
    for path, current in [("/register/", "Register"), ("/assurance/", "Assurance"), ("/accounts/", "Your account")]:
        html = client.get(path).content.decode()
        assert re.findall(r'aria-current="true">([^<]+)<', html) == [current], path


def test_the_menus_sign_out_form_carries_this_requests_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    signed_in(strict, UserFactory())
    html = strict.get("/").content.decode()
    form = html[html.index('action="/accounts/sign-out/"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    assert strict.post("/accounts/sign-out/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert strict.get("/accounts/").status_code == 302


def test_on_postgresql_the_queries_every_request_makes_are_prepared_once_per_connection(client):
    from django.db import connection

    user = MembershipFactory(role=Membership.Role.OFFICER).user
    signed_in(client, user)
    for _ in range(8):
        assert client.get("/register/").status_code == 200
    if connection.vendor != "postgresql":
        assert "server_side_binding" not in connection.settings_dict["OPTIONS"]  # nothing to prepare on SQLite
        return
    assert connection.settings_dict["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = " ".join(row[0] for row in cursor.fetchall())
    # The session, and the person's memberships (their roles), are read by prepared statements.
    assert "django_session" in prepared and "accounts_membership" in prepared
