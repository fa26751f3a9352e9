"""`load_demo` builds a believable Dudley partnership, safely, and only once."""

import re
from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from engaging.accounts.models import Membership, Organisation, User
from engaging.accounts.roles import roles_for
from engaging.lists.models import Area, Group, Method, Priority
from engaging.register.models import Activity, JoinUp, ParticipantCount, Status
from engaging.register.overlaps import Plan, overlapping

pytestmark = pytest.mark.django_db

BOARD_PARTNERS = {
    "Dudley Council": "council",
    "Dudley Council Office of Public Health": "public_health",
    "Dudley Clinical Commissioning Group": "nhs_commissioner",
    "Healthwatch Dudley": "healthwatch",
    "Dudley Council for Voluntary Service": "voluntary_sector",
    "West Midlands Police": "police",
    "NHS England Birmingham and Black Country Area Team": "nhs_england",
}

DEMO_USERS = {
    "coordinator": ("coordinator", None),
    "board-member": ("board_member", "Dudley Council"),
    "officer-council": ("officer", "Dudley Council"),
    "officer-healthwatch": ("officer", "Healthwatch Dudley"),
    "officer-ccg": ("officer", "Dudley Clinical Commissioning Group"),
    "officer-police": ("officer", "West Midlands Police"),
    "officer-cvs": ("officer", "Dudley Council for Voluntary Service"),
}

# People named in the board's report: none of them may appear in the demo.
REPORT_SURNAMES = [
    "Prescott",
    "Douglas",
    "Taylor",
    "Pope-Smith",
    "Turner",
    "Miller",
    "McGuff",
    "Sharratt",
    "Maubach",
    "Johnson",
    "Holmyard",
    "Little",
    "Clifford",
    "Bucktin",
    "Gray",
    "Emery",
    "Heggarty",
    "Clayton",
    "Branwood",
    "Crumpton",
    "Angelou",
    "Britton",
]

HISTORY_MODELS = [Activity.history.model, Organisation.history.model, Area.history.model]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for this module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            out = StringIO()
            with override_settings(DEBUG=True):
                call_command("load_demo", stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)


def snapshot() -> Counter:
    models = [Organisation, Membership, User, Area, Group, Method, Priority, Activity, JoinUp, ParticipantCount]
    counts = Counter({model.__name__: model._base_manager.count() for model in models})
    counts.update({model.__name__: model.objects.count() for model in HISTORY_MODELS})
    counts["activity links"] = sum(
        getattr(Activity, name).through.objects.count()
        for name in ("groups", "areas", "priorities", "methods", "partner_organisations")
    )
    return counts


def test_the_summary_names_every_demo_user_and_the_password(demo):
    assert "Demo data loaded" in demo
    assert "engage-demo" in demo
    for username in DEMO_USERS:
        assert username in demo


def test_the_seven_board_partners_sit_on_the_board_with_providers_and_community_groups_beside_them(demo):
    on_board = dict(Organisation.objects.filter(on_board=True).values_list("name", "kind"))
    assert len(on_board) >= 7
    for name, kind in BOARD_PARTNERS.items():
        assert on_board.get(name) == kind, name
    off_board = Counter(Organisation.objects.filter(on_board=False).values_list("kind", flat=True))
    assert off_board[Organisation.Kind.PROVIDER] >= 3
    assert off_board[Organisation.Kind.COMMUNITY_GROUP] >= 3


def test_one_borough_holds_five_localities_and_their_24_wards(demo):
    borough = Area.objects.get(kind=Area.Kind.BOROUGH, name="Dudley borough")
    localities = Area.objects.filter(kind=Area.Kind.LOCALITY, parent=borough)
    assert set(localities.values_list("name", flat=True)) == {
        "Brierley Hill",
        "Dudley and Netherton",
        "Halesowen",
        "Stourbridge",
        "North Dudley",
    }
    wards = Area.objects.filter(kind=Area.Kind.WARD)
    assert wards.count() == 24
    assert set(wards.values_list("parent_id", flat=True)) == set(localities.values_list("pk", flat=True))
    assert all(ward.is_descendant_of(borough) for ward in wards)
    assert Area.objects.get(name="Castle and Priory").parent.name == "Dudley and Netherton"


def test_the_shared_lists_cover_every_group_category_priority_and_common_method(demo):
    categories = set(Group.objects.values_list("category", flat=True))
    assert categories == set(Group.Category.values)
    protected = set(
        Group.objects.filter(category=Group.Category.PROTECTED_CHARACTERISTIC).values_list("name", flat=True)
    )
    assert len(protected) == 9
    assert {"Gender reassignment", "Marriage and civil partnership", "Pregnancy and maternity"} <= protected
    assert 5 <= Priority.objects.count() <= 7
    methods = set(Method.objects.values_list("name", flat=True))
    assert {"Focus group", "Patient participation group", "Youth parliament", "Citizens' panel"} <= methods


def test_about_sixty_activities_with_sensible_dates_and_statuses(demo):
    today = date.today()
    activities = list(Activity.objects.all())
    assert 55 <= len(activities) <= 75
    assert not [a.title for a in activities if a.end_date < a.start_date]
    assert {a.status for a in activities} == set(Status.values)
    for activity in activities:
        if activity.status == Status.CANCELLED:
            continue
        if activity.end_date < today:
            assert activity.status not in (Status.PLANNED, Status.OPEN), activity.title
        elif activity.start_date > today:
            assert activity.status == Status.PLANNED, activity.title
        else:
            assert activity.status == Status.OPEN, activity.title
    assert min(a.start_date for a in activities) < today - timedelta(days=300)
    assert max(a.start_date for a in activities) > today
    for activity in activities:
        activity.full_clean()


def test_activities_are_complete_enough_to_show(demo):
    for activity in Activity.objects.prefetch_related("areas", "methods"):
        assert activity.summary and activity.purpose, activity.title
        assert activity.contact_name and activity.contact_email.endswith("@example.org"), activity.title
        assert activity.areas.all() and activity.methods.all(), activity.title
    for activity in Activity.objects.public():
        assert activity.how_to_take_part, activity.title
    finished = Activity.objects.filter(status__in=[Status.CLOSED, Status.REPORTED, Status.FED_BACK, Status.EVALUATED])
    for activity in finished.exclude(participants_actual=None).exclude(groups=None).distinct():
        counts = list(activity.participant_counts.values_list("count", flat=True))
        assert counts, activity.title
        assert sum(counts) <= activity.participants_actual, activity.title


def test_the_reports_own_examples_are_in_the_register(demo):
    def titled(text):
        return Activity.objects.filter(title__icontains=text)

    urgent_care = titled("Urgent care consultation").get()
    assert urgent_care.lead_organisation.name == "Dudley Clinical Commissioning Group"
    assert urgent_care.type == "consultation" and urgent_care.statutory_duty
    assert "evening" in urgent_care.title.lower() and "lunchtime" in urgent_care.title.lower()
    assert titled("walk-in centre questionnaire").get().lead_organisation.name == "Healthwatch Dudley"
    feeling = titled("Feeling the Difference").filter(lead_organisation__name="West Midlands Police")
    assert feeling.count() >= 1 and "16,800" in feeling.first().summary + feeling.last().summary
    assert titled("Patient participation group").filter(lead_organisation__name__icontains="Commissioning").exists()
    assert titled("Youth parliament").filter(lead_organisation__name="Dudley Council").exists()
    assert titled("Children in care council").exists()
    assert titled("JSNA").exists()
    assert titled("Local Account").exists() and titled("you said, we did").exists()
    assert titled("Engaging together training").filter(lead_organisation__kind="voluntary_sector").count() >= 2
    assert titled("Community engagement network").count() >= 2
    spotlights = titled("spotlight")
    assert set(Priority.objects.all()) == {p for s in spotlights for p in s.priorities.all()}


@pytest.mark.parametrize("today", [date(2026, 1, 20), date(2026, 6, 30), date.today()])
def test_the_published_local_account_tells_of_a_whole_year_whenever_the_demo_is_loaded(db, today):
    from engaging.demo.loader import load_demo
    from engaging.loop.models import Response
    from engaging.reports.local_account import gather
    from engaging.reports.models import LocalAccount

    load_demo(today=today)
    published = LocalAccount.objects.filter(is_published=True).latest("year")
    assert published.year == today.year - 1
    figures = gather(published.year)
    assert figures.activity_count >= 10
    assert figures.findings_count >= 10
    assert figures.changes_done >= 3
    assert figures.people_told > 0 and figures.evaluations >= 5
    # Each response answers what people said about the same subject.
    minibus = Response.objects.get(action__startswith="The youth service now runs a free minibus")
    assert all("bus" in finding.statement for finding in minibus.findings.all())


def test_lately_closed_public_activities_lead_residents_to_their_feedback_form(demo, client):
    closed = Activity.objects.filter(is_public=True, status__in=[Status.CLOSED, Status.REPORTED])
    assert closed.exists()
    for activity in closed:
        page = client.get(f"/get-involved/{activity.pk}/").content.decode()
        assert f'href="/f/{activity.feedback_link.code}/"' in page, activity.title


def test_upcoming_activities_overlap_other_organisations_and_some_are_joined_up(demo):
    upcoming = Activity.objects.filter(status__in=[Status.PLANNED, Status.OPEN]).prefetch_related("groups", "areas")
    overlapped = [a for a in upcoming if overlapping(Plan.of(a)).exists()]
    assert len(overlapped) >= 10
    assert any(a.status == Status.PLANNED for a in overlapped)
    joinups = JoinUp.objects.select_related("from_activity", "to_activity")
    assert {j.status for j in joinups} >= {JoinUp.Status.PROPOSED, JoinUp.Status.AGREED}
    for joinup in joinups:
        assert joinup.to_activity in overlapping(Plan.of(joinup.from_activity))
    agreed = joinups.get(status=JoinUp.Status.AGREED)
    assert agreed.responded_by.username == "officer-police" and agreed.responded_at


def test_every_demo_user_signs_in_with_the_published_password_and_has_the_right_role(demo, client):
    for username, (role, organisation) in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.check_password("engage-demo")
        assert user.email.endswith("@example.org") and user.first_name and user.last_name
        assert not user.is_superuser
        memberships = Membership.objects.filter(user=user)
        assert [m.role for m in memberships] == [role]
        if organisation:
            assert memberships.get().organisation.name == organisation
        roles = roles_for(user)
        assert roles.internal
        assert roles.coordinator == (role == "coordinator")
        assert roles.board_member == (role == "board_member")
    response = client.post(reverse("accounts:login"), {"username": "officer-police", "password": "engage-demo"})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(User.objects.get(username="officer-police").pk)


def test_nobody_named_in_the_report_appears_in_the_demo(demo):
    texts = []
    for activity in Activity.objects.all():
        texts += [activity.title, activity.summary, activity.purpose, activity.how_to_take_part, activity.notes]
        texts += [activity.contact_name, activity.contact_email]
    texts += [f"{u.first_name} {u.last_name} {u.email}" for u in User.objects.all()]
    texts += list(Membership.objects.values_list("job_title", flat=True))
    texts += [f"{j.message} {j.response_note}" for j in JoinUp.objects.all()]
    for model in (Organisation, Group, Method, Priority, Area):
        texts += [str(item) for item in model.objects.all()]
    text = "\n".join(texts)
    found = [name for name in REPORT_SURNAMES if re.search(rf"\b{re.escape(name)}\b", text)]
    assert found == []


def test_running_it_again_changes_nothing(demo):
    before = snapshot()
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=out)
    assert snapshot() == before
    assert "already loaded" in out.getvalue()


def test_it_refuses_to_run_without_debug(demo, settings):
    settings.DEBUG = False
    before = snapshot()
    with pytest.raises(CommandError, match="DEBUG is off.*--force"):
        call_command("load_demo", stdout=StringIO())
    assert snapshot() == before


def test_force_runs_it_without_debug(demo, settings):
    settings.DEBUG = False
    before = snapshot()
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    assert "engage-demo" in out.getvalue()
    assert snapshot() == before


def test_a_partly_loaded_demo_is_completed(demo, settings):
    settings.DEBUG = True
    before = snapshot()
    # An activity nothing else refers to yet, so deleting it is allowed.
    lonely = Activity.objects.filter(findings__isnull=True, agenda_items__isnull=True, status="planned")
    lonely.filter(pk=lonely.order_by("pk").values("pk")[:1]).delete()
    User.objects.filter(username="officer-cvs").delete()
    call_command("load_demo", stdout=StringIO())
    after = snapshot()
    assert after["Activity"] == before["Activity"]
    assert after["User"] == before["User"]
    assert User.objects.get(username="officer-cvs").check_password("engage-demo")
