"""/feedback-loop/: who has not been told, for whom, and each organisation's loop-closure rate."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.register.models import Status
from tests.factories import MembershipFactory, OrganisationFactory
from tests.loop.factories import LoopClosureFactory, finished_activity

TODAY = date.today()
LONG_AGO = TODAY - timedelta(days=100)  # 16 days past the 12-week deadline


@pytest.fixture
def loop(world):
    """Overdue activities of both organisations, and one of the council's told in time and one still waiting."""
    council_overdue = finished_activity(closed_on=LONG_AGO, lead_organisation=world.council, title="Carers' survey")
    healthwatch_overdue = finished_activity(
        closed_on=LONG_AGO, lead_organisation=world.healthwatch, title="Walk-in centre questionnaire"
    )
    told = finished_activity(closed_on=LONG_AGO, lead_organisation=world.council, title="Library drop-ins")
    LoopClosureFactory(activity=told, told_on=LONG_AGO + timedelta(days=10))
    waiting = finished_activity(
        closed_on=TODAY - timedelta(days=5), lead_organisation=world.council, title="Park run chat"
    )
    return council_overdue, healthwatch_overdue, told, waiting


def overdue_section(page: str) -> str:
    return page.split('id="overdue-heading"')[1].split('id="rate-heading"')[0]


def test_an_officer_sees_their_own_organisations_overdue_activities(client, world, loop):
    council_overdue, healthwatch_overdue, told, waiting = loop
    client.force_login(world.officer_council)
    section = overdue_section(client.get("/feedback-loop/").content.decode())
    assert "Carers&#x27; survey" in section and "Walk-in centre" not in section
    assert "Library drop-ins" not in section and "Park run chat" not in section
    assert re.search(r"govuk-table__cell--numeric\">16</td>", section)
    client.force_login(world.officer_healthwatch)
    section = overdue_section(client.get("/feedback-loop/").content.decode())
    assert "Walk-in centre" in section and "Carers&#x27; survey" not in section


@pytest.mark.parametrize("persona", ["coordinator", "board_member"])
def test_coordinators_and_board_members_see_everyone_and_can_filter(client, world, loop, persona):
    client.force_login(getattr(world, persona))
    section = overdue_section(client.get("/feedback-loop/").content.decode())
    assert "Carers&#x27; survey" in section and "Walk-in centre" in section
    page = client.get("/feedback-loop/", {"organisation": world.healthwatch.pk}).content.decode()
    section = overdue_section(page)
    assert "Walk-in centre" in section and "Carers&#x27; survey" not in section


def test_an_officer_is_not_offered_the_organisation_filter(client, world, loop):
    client.force_login(world.officer_council)
    page = client.get("/feedback-loop/", {"organisation": world.healthwatch.pk}).content.decode()
    assert 'name="organisation"' not in page
    assert "Carers&#x27; survey" in overdue_section(page)


def rate_row(page: str, organisation: str) -> list[str]:
    row = re.search(rf"<th scope=\"row\" class=\"govuk-table__header\">{organisation}</th>(.*?)</tr>", page, re.S)
    assert row, f"no row for {organisation}"
    return re.findall(r"<td[^>]*>(?:<a[^>]*>)?([^<]+)", row.group(1))


def test_the_rate_table_counts_and_links_to_the_records(client, world, loop):
    client.force_login(world.board_member)
    page = client.get("/feedback-loop/").content.decode()
    # Council: told in time 1 (library), due 2 (library + overdue survey), 50%, waiting 1 (park run).
    assert rate_row(page, "Dudley Council") == ["1", "2", "50%", "1"]
    assert rate_row(page, "Healthwatch Dudley") == ["0", "1", "0%", "0"]
    assert rate_row(page, "All organisations") == ["1", "3", "33%", "1"]
    links = re.findall(r'href="(/feedback-loop/activities/\?[^"]+)"', page)
    counted = next(link for link in links if "state=counted" in link and f"organisation={world.council.pk}" in link)
    records = client.get(counted.replace("&amp;", "&")).content.decode()
    assert "Carers&#x27; survey" in records and "Library drop-ins" in records
    assert "Park run chat" not in records and "Walk-in centre" not in records
    assert "Overdue" in records and "Told in time" in records


def test_the_period_chooses_activities_by_closing_day(client, world, loop):
    client.force_login(world.coordinator)
    recent = {"start": (TODAY - timedelta(days=30)).isoformat(), "end": TODAY.isoformat()}
    page = client.get("/feedback-loop/", recent).content.decode()
    assert rate_row(page, "Dudley Council") == ["0", "0", "–", "1"]
    assert "Healthwatch Dudley</th>" not in page


@pytest.mark.parametrize(
    "params, field, message",
    [
        (
            {"start": "2025-06-01", "end": "2025-01-01"},
            "end",
            "The end of the period must be the same as or after its start",
        ),
        ({"start": "not a date"}, "start", "Enter the start of the period as a real date"),
        ({"organisation": "999999"}, "organisation", "Choose an organisation from the list"),
    ],
)
def test_a_bad_period_is_explained(client, world, loop, params, field, message):
    client.force_login(world.coordinator)
    page = client.get("/feedback-loop/", params).content.decode()
    assert "<title>Error: " in page and message in page and f'href="#id_{field}"' in page


def test_the_records_page_refuses_a_state_it_does_not_know(client, world, loop):
    client.force_login(world.officer_healthwatch)
    page = client.get("/feedback-loop/activities/", {"state": "forgotten"}).content.decode()
    assert "Choose which activities to show from the list" in page


@pytest.mark.parametrize("url", ["/feedback-loop/", "/feedback-loop/activities/"])
def test_who_may_see_the_feedback_loop(client, world, url):
    assert client.get(url)["Location"].startswith("/accounts/sign-in/")
    outsider = MembershipFactory(user__username="no-role").user
    outsider.memberships.all().delete()
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(world.officer_council)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


def add_finished_activities(n: int) -> None:
    for i in range(n):
        org = OrganisationFactory(name=f"Partner {i}")
        told = finished_activity(closed_on=LONG_AGO, lead_organisation=org, status=Status.REPORTED)
        LoopClosureFactory(activity=told, told_on=LONG_AGO)
        finished_activity(closed_on=LONG_AGO, lead_organisation=org)
        finished_activity(closed_on=None, end_date=TODAY - timedelta(days=200), lead_organisation=org)


@pytest.mark.parametrize("url", ["/feedback-loop/", "/feedback-loop/activities/"])
def test_the_pages_make_the_same_number_of_queries_for_more_activities(client, world, loop, url, settings):
    settings.KEEP_PAGES = False  # the work of the page, not a page kept from the last request
    client.force_login(world.coordinator)
    client.get(url)  # warm the per-user caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_finished_activities(6)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Partner 5" in page
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
