"""The partnership's tools kept whole (kept_view): themes, surveys, questionnaire results, the glossary and
public texts, people, training and "Your data". Each is served without being worked out until a record it
shows changes, differs between roles where it should, and is worked out in as many queries however many
records there are."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engaging.core.models import RetentionPeriod, ViewRecord
from engaging.learning.models import Course, CourseSession
from engaging.plain.models import GlossaryTerm
from engaging.privacy import schedule
from engaging.privacy.forms import field_name
from engaging.surveys.models import Indicator, Survey
from engaging.surveys.services import save_practice
from engaging.themes import frameworks
from engaging.themes.models import Framework, Theme
from tests.factories import MembershipFactory, UserFactory
from tests.questionnaires.conftest import questionnaire  # noqa: F401  (a fixture)
from tests.surveys.conftest import coded_world  # noqa: F401  (a fixture)
from tests.surveys.test_pages import indicator  # noqa: F401  (a fixture)

# Writes are committed, as in the running hub: on PostgreSQL nothing is kept inside a transaction that has written.
pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def read(client, path: str) -> tuple[str, list[str]]:
    """The page without its CSRF tokens (each answer has its own), and the SQL of the queries it made."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return TOKEN.sub("", response.content.decode()), [entry["sql"] for entry in captured]


def kept_until(client, path: str, table: str, change, shown: str) -> str:
    """The page is worked out once (reading `table`), then served as it was in fewer queries, until `change()`
    writes what the page shows: then it shows `shown`. The page as it was first served."""
    first, working = read(client, path)
    assert any(f'"{table}"' in sql for sql in working), path
    assert shown not in first
    again, served = read(client, path)
    assert again == first and len(served) < len(working), path
    change()
    changed, _ = read(client, path)
    assert shown in changed, path
    return first


def new_framework(name: str) -> Framework:
    return Framework.objects.create(key=name.lower().replace(" ", "-"), name=name)


def test_themes_in_comments(world):
    framework = frameworks.get_framework("nhs-patient-experience")
    theme = Theme.objects.filter(framework=framework).order_by("position", "pk").first()
    kept_until(
        client_for(world.officer_council), "/themes/", "themes_theme",
        lambda: Theme.objects.filter(pk=theme.pk).update(name="Parking at the surgery"), "Parking at the surgery",
    )  # fmt: skip


@pytest.mark.parametrize("path", ["/themes/frameworks/", "/themes/import/"])
def test_frameworks_of_themes_and_the_import_form(world, path):
    frameworks.install_builtin()  # as the first visit would: a page that writes as it is worked out is not kept
    kept_until(
        client_for(world.officer_council), path, "themes_framework",
        lambda: new_framework("Carers voice framework"), "Carers voice framework",
    )  # fmt: skip


def test_the_import_form_offers_a_coordinator_every_organisation_and_an_officer_their_own(world):
    officer, _ = read(client_for(world.officer_council), "/themes/import/")
    coordinator, _ = read(client_for(world.coordinator), "/themes/import/")
    assert "Healthwatch Dudley" in coordinator and "Healthwatch Dudley" not in officer
    assert re.search(r'<select[^>]*name="organisation"', coordinator)
    assert re.search(r'<input type="hidden" name="organisation"', officer)


def test_surveys_and_indicators(coded_world, indicator):  # noqa: F811
    client = client_for(coded_world.officer_council)
    kept_until(
        client, "/surveys/", "surveys_survey",
        lambda: Survey.objects.create(name="Residents panel, spring", organisation=coded_world.council),
        "Residents panel, spring",
    )  # fmt: skip
    kept_until(
        client, f"/surveys/indicators/{indicator.pk}/", "surveys_indicator",
        lambda: Indicator.objects.filter(pk=indicator.pk).update(name="Agreeing the police engage"),
        "Agreeing the police engage",
    )  # fmt: skip
    board, _ = read(client_for(coded_world.board_member), "/surveys/")
    officer, _ = read(client, "/surveys/")
    assert "Import survey results" in officer and "Import survey results" not in board


def test_the_indicators_worked_out_afresh_read_all_their_sums_in_one_query(coded_world, indicator, settings):  # noqa: F811
    from engaging.surveys.services import save_indicator

    settings.KEEP_PAGES = False
    client = client_for(coded_world.coordinator)
    one = len(read(client, "/surveys/")[1])
    for n in range(3):
        save_indicator(
            name=f"Another {n}", survey=indicator.survey, question=indicator.question,
            positive_answers=list(indicator.positive_answers.all()), excluded_answers=[], higher_is_better=True,
            period="quarter" if n else "financial_year",
        )  # fmt: skip
    page, queries = read(client, "/surveys/")
    assert len(queries) == one and "Another 2" in page


def test_an_indicator_for_an_area_that_is_not_one_is_shown_but_not_kept(coded_world, indicator):  # noqa: F811
    client = client_for(coded_world.officer_council)
    path = f"/surveys/indicators/{indicator.pk}/?area=999999"
    read(client, path)
    _, queries = read(client, path)
    assert any('"surveys_indicator"' in sql for sql in queries)


def test_patient_participation_groups(world):
    kept_until(
        client_for(world.officer_council), "/surveys/practices/", "surveys_practice",
        lambda: save_practice(ods_code="M88001", name="Pensnett Surgery", area=world.ward, list_size=900),
        "Pensnett Surgery",
    )  # fmt: skip


def test_questionnaire_results_are_kept_and_every_view_of_them_recorded(world, questionnaire):  # noqa: F811
    path = f"/questionnaires/{questionnaire.pk}/results/"
    kept_until(
        client_for(world.officer_council), path, "questionnaires_questionnaire",
        lambda: type(questionnaire).objects.filter(pk=questionnaire.pk).update(title="Breaks for young carers"),
        "Breaks for young carers",
    )  # fmt: skip
    # The results show "about you" answers: each of the three views is recorded, kept or not.
    assert ViewRecord.objects.filter(kind="questionnaires.results", object_id=str(questionnaire.pk)).count() == 3


def test_a_search_of_the_results_shows_what_changed_since(world, questionnaire):  # noqa: F811
    client = client_for(world.officer_council)
    path = f"/questionnaires/{questionnaire.pk}/results/?q=breaks"
    read(client, path)
    read(client, path)
    type(questionnaire).objects.filter(pk=questionnaire.pk).update(title="Breaks for young carers")
    assert "Breaks for young carers" in read(client, path)[0]


def test_the_glossary_to_manage(world):
    kept_until(
        client_for(world.coordinator), "/words-we-use/manage/", "plain_glossaryterm",
        lambda: GlossaryTerm.objects.create(term="step-down care", plain_alternative="care after hospital",
                                            explanation="Care at home or nearby after a stay in hospital."),
        "step-down care",
    )  # fmt: skip


def test_public_texts(world):
    from engaging.plain.models import PublicTextScore
    from tests.factories import ActivityFactory
    from tests.plain.test_public_texts_page import make_score

    activity = ActivityFactory(title="Listening to carers in Netherton")
    if not PublicTextScore.objects.exists():  # saving an activity scores its texts
        make_score(activity, "summary", 14.0)
    kept_until(
        client_for(world.coordinator), "/words-we-use/public-texts/", "plain_publictextscore",
        lambda: PublicTextScore.objects.update(title="Carers in Netherton, heard again"),
        "Carers in Netherton, heard again",
    )  # fmt: skip


def test_people_show_a_new_account_and_one_switched_off(world):
    client = client_for(world.coordinator)
    # A new account with no role yet changes no name already listed: the list is still worked out again.
    kept_until(client, "/accounts/people/", "accounts_user", lambda: UserFactory(username="new-volunteer"),
               "new-volunteer")  # fmt: skip
    assert "Switched off" not in read(client, "/accounts/people/")[0]
    type(world.officer_council).objects.filter(username="new-volunteer").update(is_active=False)
    assert "Switched off" in read(client, "/accounts/people/")[0]


def test_a_person_shows_a_new_email_and_a_new_role(world):
    person = world.officer_healthwatch
    client = client_for(world.coordinator)
    path = f"/accounts/people/{person.pk}/"
    kept_until(client, path, "accounts_user",
               lambda: type(person).objects.filter(pk=person.pk).update(email="jo.bloggs@example.org"),
               "jo.bloggs@example.org")  # fmt: skip
    MembershipFactory(user=person, organisation=world.council)
    assert "Officer, Dudley Council" in read(client, path)[0]


def session_of(title: str, *, days: float = 14, is_public: bool = True) -> CourseSession:
    course = Course.objects.create(title=title, summary="Hearing from people who are seldom asked.")
    starts = timezone.now() + timedelta(days=days)
    return CourseSession.objects.create(
        course=course, starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=10, venue="Council House",
        is_public=is_public,
    )  # fmt: skip


@pytest.mark.parametrize("path, who", [("/training/manage/", "coordinator"), ("/training/", None)])
def test_training_calendars(world, path, who):
    client = client_for(getattr(world, who) if who else None)
    kept_until(client, path, "learning_coursesession", lambda: session_of("Listening to seldom-heard groups"),
               "Listening to seldom-heard groups")  # fmt: skip


def test_a_session_that_has_started_leaves_the_sessions_to_come_without_a_write(world, monkeypatch):
    session_of("Listening to seldom-heard groups", days=1)
    client = client_for()
    none = "No training sessions are open for booking just now"
    read(client, "/training/")
    page, _ = read(client, "/training/")
    assert none not in page
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page, _ = read(client, "/training/")
    assert none in page


def test_the_training_report(world):
    session = session_of("Listening to seldom-heard groups", days=-3)
    from engaging.learning.models import Booking

    def attended():
        Booking.objects.create(session=session, name="Sam", email="sam@example.org", status=Booking.Status.ATTENDED,
                               role=Booking.Role.VOLUNTEER, organisation_name="Netherton Community Centre")  # fmt: skip

    client = client_for(world.coordinator)
    first = kept_until(client, "/training/report/", "learning_booking", attended, "Netherton Community Centre")
    assert read(client, "/training/report/")[0] != first


def test_your_data_is_kept_and_a_coordinator_still_saves_the_schedule_from_it(world):
    anonymous, _ = read(client_for(), "/your-data/")
    assert 'name="stories"' not in anonymous
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    kept_until(client, "/your-data/", "core_retentionperiod",
               lambda: RetentionPeriod.objects.create(kind="stories", days=4321), "4321")  # fmt: skip
    page = client.get("/your-data/").content.decode()  # served as kept, with this visitor's own token
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    days = {field_name(p.kind.key): str(p.days) for p in schedule.periods()} | {"stories": "365"}
    response = client.post("/your-data/", {**days, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert RetentionPeriod.objects.get(kind="stories").days == 365
    page = client.get("/your-data/").content.decode()
    assert "The schedule is saved" in page and 'value="365"' in page


def test_your_data_shows_when_the_next_run_is_queued_though_the_queue_has_no_version(world):
    from django.test import override_settings

    from engaging.privacy import tasks

    client = client_for(world.coordinator)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}):
        read(client, "/your-data/")
        before, _ = read(client, "/your-data/")
        assert "No nightly run is waiting" in before
        assert tasks.start_daily(at=timezone.now() + timedelta(hours=5))
        after, _ = read(client, "/your-data/")
    assert "The next nightly run is due at" in after


# --- Worked out afresh, in as many queries however many records --------------------------------------


def more_frameworks(world, n):
    for i in range(n):
        framework = new_framework(f"Framework {n}-{i}")
        Theme.objects.create(framework=framework, name="Access", position=1)


def more_practices(world, n):
    for i in range(n):
        save_practice(ods_code=f"M{n}{i:04d}", name=f"Surgery {n}-{i}", area=world.ward, list_size=900)


def more_terms(world, n):
    for i in range(n):
        GlossaryTerm.objects.create(term=f"term {n}-{i}", plain_alternative="words", explanation="What it means.")


def more_people(world, n):
    for i in range(n):
        MembershipFactory(user__username=f"person-{n}-{i}", organisation=world.council)


def more_sessions(world, n):
    for i in range(n):
        session_of(f"Course {n}-{i}", days=i - n / 2)


def more_views(world, n):
    for i in range(n):
        ViewRecord.objects.create(viewer=world.coordinator, kind="voice.story", object_id=str(i + n), path="/")


@pytest.mark.parametrize(
    "path, add",
    [
        ("/themes/", more_frameworks),
        ("/themes/frameworks/", more_frameworks),
        ("/themes/import/", more_frameworks),
        ("/surveys/practices/", more_practices),
        ("/words-we-use/manage/", more_terms),
        ("/accounts/people/", more_people),
        ("/training/manage/", more_sessions),
        ("/training/", more_sessions),
        ("/training/report/", more_sessions),
        ("/your-data/", more_views),
        ("/your-data/views/", more_views),
    ],
)
def test_a_page_worked_out_afresh_takes_as_many_queries_with_more_records(world, settings, path, add):
    settings.KEEP_PAGES = False
    frameworks.install_builtin()
    client = client_for(world.coordinator)
    add(world, 1)
    read(client, path)
    counts = []
    for n in (2, 6):
        add(world, n)
        counts.append(len(read(client, path)[1]))
    assert counts[0] == counts[1], path


def test_who_viewed_what_shows_a_new_view_at_once_though_views_have_no_version(world):
    from engaging.voice.models import Story

    client = client_for(world.coordinator)
    ViewRecord.objects.create(viewer=world.officer_council, kind="voice.story", object_id="1", path="/stories/1/")
    first, working = read(client, "/your-data/views/")
    again, served = read(client, "/your-data/views/")
    assert again == first and len(served) < len(working)
    assert "board-member" not in first
    ViewRecord.objects.create(viewer=world.board_member, kind="voice.story", object_id="1", path="/stories/1/")
    assert "board-member" in read(client, "/your-data/views/")[0]
    # What the records shown name is kept until it changes too.
    assert Story.everything.filter(pk=1).count() == 0 and "number 1" in read(client, "/your-data/views/")[0]
    type(world.board_member).objects.filter(pk=world.board_member.pk).update(first_name="Bea", last_name="Member")
    assert "Bea Member" in read(client, "/your-data/views/")[0]


def test_who_viewed_what_for_a_person_shows_their_new_views_at_once(world):
    client = client_for(world.coordinator)
    ViewRecord.objects.create(viewer=world.officer_council, kind="voice.story", object_id="1", path="/stories/1/")
    read(client, "/your-data/views/?person=officer")
    first, _ = read(client, "/your-data/views/?person=officer")
    assert "number 1" in first and "number 2" not in first
    ViewRecord.objects.create(viewer=world.officer_council, kind="voice.story", object_id="2", path="/stories/2/")
    assert "number 2" in read(client, "/your-data/views/?person=officer")[0]
