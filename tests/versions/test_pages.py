"""Two people editing the same record: the second save is refused with what the first changed, and saves nothing."""

from datetime import date, timedelta

import pytest
from django.test import Client

from engaging.board.models import Screening
from engaging.insight.models import Finding
from engaging.loop.models import Response
from engaging.register.models import Activity
from tests.factories import ActivityFactory
from tests.versions.forms import form_fields, opened

pytestmark = pytest.mark.django_db


def person(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_url(activity) -> str:
    return f"/register/{activity.pk}/edit/"


def test_an_activity_saved_by_someone_else_since_it_was_opened_is_not_overwritten(world, council_activity):
    officer, coordinator = person(world.officer_council), person(world.coordinator)
    mine = opened(officer, edit_url(council_activity), "activity-form")
    theirs = opened(coordinator, edit_url(council_activity), "activity-form")
    assert mine["version"] == theirs["version"] == "1"

    theirs.update(title="Young carers' wellbeing survey 2027", purpose="Decide the new carers' strategy")
    assert coordinator.post(edit_url(council_activity), theirs).status_code == 302

    mine["summary"] = "Tell us how caring affects your health."
    page = officer.post(edit_url(council_activity), mine)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Someone else has changed this activity" in html
    assert f"{world.coordinator} changed this activity at" in html
    assert (
        "Title:</strong> was ‘Young carers&#x27; wellbeing survey’, now ‘Young carers&#x27; wellbeing survey 2027’"
        in html
    )
    assert "Decide the new carers&#x27; strategy" in html
    assert "Tell us how caring affects your health." in html  # what the officer typed is still in the form
    assert 'name="version" value="2"' in html  # and the form now carries the version as it is

    activity = Activity.objects.get(pk=council_activity.pk)
    assert activity.title == "Young carers' wellbeing survey 2027"
    assert activity.summary != "Tell us how caring affects your health."
    assert activity.version == 2


def test_the_refused_form_saves_once_the_person_sends_it_again(world, council_activity):
    officer, coordinator = person(world.officer_council), person(world.coordinator)
    mine = opened(officer, edit_url(council_activity), "activity-form")
    theirs = opened(coordinator, edit_url(council_activity), "activity-form")
    theirs["title"] = "Carers' survey"
    coordinator.post(edit_url(council_activity), theirs)
    mine["summary"] = "Tell us how caring affects your health."
    again = form_fields(officer.post(edit_url(council_activity), mine).content.decode(), "activity-form")
    # The coordinator's title is in the form the officer gets back, with the officer's own summary.
    assert (again["title"], again["summary"]) == ("Carers' survey", "Tell us how caring affects your health.")
    assert officer.post(edit_url(council_activity), again).status_code == 302

    activity = Activity.objects.get(pk=council_activity.pk)
    assert (activity.title, activity.summary, activity.version) == (
        "Carers' survey",
        "Tell us how caring affects your health.",
        3,
    )


def test_a_fresh_save_works_and_raises_the_version(world, council_activity):
    officer = person(world.officer_council)
    mine = opened(officer, edit_url(council_activity), "activity-form")
    mine["title"] = "Young carers' survey"
    assert officer.post(edit_url(council_activity), mine).status_code == 302
    assert Activity.objects.get(pk=council_activity.pk).version == 2
    assert opened(officer, edit_url(council_activity), "activity-form")["version"] == "2"


def test_a_form_sent_without_a_version_is_saved_as_before(world, council_activity):
    officer = person(world.officer_council)
    mine = opened(officer, edit_url(council_activity), "activity-form")
    del mine["version"]
    mine["title"] = "Young carers' survey"
    assert officer.post(edit_url(council_activity), mine).status_code == 302
    assert Activity.objects.get(pk=council_activity.pk).title == "Young carers' survey"


@pytest.mark.parametrize("version", ["abc", "-1", "99999999999999999999", "1.5"])
def test_a_nonsense_version_is_a_form_error_or_stale_never_a_server_error(world, council_activity, version):
    officer = person(world.officer_council)
    mine = opened(officer, edit_url(council_activity), "activity-form")
    mine.update(version=version, title="Changed")
    page = officer.post(edit_url(council_activity), mine)
    assert page.status_code == 200
    assert Activity.objects.get(pk=council_activity.pk).title != "Changed"


def test_archiving_or_a_status_move_makes_an_open_form_stale(world, council_activity):
    officer, coordinator = person(world.officer_council), person(world.coordinator)
    mine = opened(officer, edit_url(council_activity), "activity-form")
    coordinator.post(f"/register/{council_activity.pk}/status/", {"status": "open"})
    assert Activity.objects.get(pk=council_activity.pk).status == "open"
    mine["title"] = "Changed"
    html = officer.post(edit_url(council_activity), mine).content.decode()
    assert "Status:</strong> was ‘Planned’, now ‘Open’" in html
    assert Activity.objects.get(pk=council_activity.pk).title != "Changed"


def test_lists_that_changed_are_named(world, council_activity):
    officer, coordinator = person(world.officer_council), person(world.coordinator)
    mine = opened(officer, edit_url(council_activity), "activity-form")
    theirs = opened(coordinator, edit_url(council_activity), "activity-form")
    theirs["groups"] = [str(world.carers.pk), str(world.older_people.pk)]
    assert coordinator.post(edit_url(council_activity), theirs).status_code == 302
    html = officer.post(edit_url(council_activity), mine).content.decode()
    assert "added ‘Older people’; removed ‘Young people’" in html


# --- Findings, responses and screenings ---------------------------------------------------------


@pytest.fixture
def finding(world):
    from engaging.insight import services

    started = date.today() - timedelta(days=60)
    activity = ActivityFactory(
        lead_organisation=world.council, start_date=started, end_date=started, groups=[world.carers], areas=[world.ward]
    )
    found = Finding(activity=activity, statement="Carers want evening sessions.", people_count=12, heard_on=started)
    return services.save_finding(finding=found, relations={"groups": [world.carers]}, user=world.officer_council)


def test_a_finding_changed_since_it_was_opened_is_not_overwritten(world, finding):
    officer, coordinator = person(world.officer_council), person(world.coordinator)
    url = f"/insight/findings/{finding.pk}/edit/"
    mine, theirs = opened(officer, url), opened(coordinator, url)
    theirs["statement"] = "Carers want evening and weekend sessions."
    assert coordinator.post(url, theirs).status_code == 302
    mine["people_count"] = "15"
    html = officer.post(url, mine).content.decode()
    assert "Someone else has changed this finding" in html
    assert "was ‘Carers want evening sessions.’, now ‘Carers want evening and weekend sessions.’" in html
    assert Finding.objects.get(pk=finding.pk).people_count == 12


def test_a_response_changed_since_it_was_opened_is_not_overwritten(world, finding):
    from engaging.loop import services

    response = services.save_response(
        response=Response(action="We moved the carers' sessions to evenings.", organisation=world.council),
        findings=[finding],
        user=world.officer_council,
    )
    officer, coordinator = person(world.officer_council), person(world.coordinator)
    url = f"/feedback-loop/responses/{response.pk}/edit/"
    mine, theirs = opened(officer, url), opened(coordinator, url)
    theirs["status"] = "in_progress"
    assert coordinator.post(url, theirs).status_code == 302
    mine["decision_reference"] = "Cabinet, 4 June"
    html = officer.post(url, mine).content.decode()
    assert "Someone else has changed this response" in html
    assert "Status:</strong> was ‘Considering’, now ‘In progress’" in html
    saved = Response.objects.get(pk=response.pk)
    assert (saved.status, saved.decision_reference, saved.version) == ("in_progress", "", 2)


@pytest.fixture
def screening_page(world, item, defaults):
    return f"/board/items/{item.pk}/screening/"


def test_a_screening_changed_since_it_was_opened_is_not_overwritten(world, item, screening_page):
    from tests.board.conftest import form_data

    member, coordinator = person(world.board_member), person(world.coordinator)
    assert coordinator.post(screening_page, form_data()).status_code == 302
    mine, theirs = opened(member, screening_page), opened(coordinator, screening_page)
    theirs["influence"] = "much"
    assert coordinator.post(screening_page, theirs).status_code == 302
    mine["who_is_affected"] = "Carers of people who use urgent care"
    html = member.post(screening_page, mine).content.decode()
    assert "Someone else has changed this screening" in html
    assert "was ‘Some: choosing between options’, now ‘Much: the options are still open’" in html
    screening = Screening.objects.get(agenda_item=item)
    assert screening.who_is_affected == "People who use urgent care"
    assert screening.version == 2


def test_two_first_screenings_of_an_item_do_not_overwrite_each_other(world, item, screening_page):
    from tests.board.conftest import form_data

    member, coordinator = person(world.board_member), person(world.coordinator)
    mine = opened(member, screening_page)
    assert mine["version"] == "0"
    assert coordinator.post(screening_page, form_data()).status_code == 302
    mine.update({k: v for k, v in form_data(influence="none").items()})
    html = member.post(screening_page, mine).content.decode()
    assert f"{world.coordinator} changed this screening at" in html
    assert Screening.objects.get(agenda_item=item).influence == "some"


def test_a_field_both_people_changed_keeps_the_persons_own_answer_and_says_so(world, council_activity):
    officer, coordinator = person(world.officer_council), person(world.coordinator)
    mine = opened(officer, edit_url(council_activity), "activity-form")
    theirs = opened(coordinator, edit_url(council_activity), "activity-form")
    theirs.update(title="Carers' survey", groups=[str(world.carers.pk)])
    coordinator.post(edit_url(council_activity), theirs)
    mine["title"] = "Young carers' health survey"
    html = officer.post(edit_url(council_activity), mine).content.decode()
    assert "You changed this too: the form shows your answer." in html
    again = form_fields(html, "activity-form")
    assert again["title"] == "Young carers' health survey"
    assert again["groups"] == str(world.carers.pk)  # the list only the coordinator changed is theirs
