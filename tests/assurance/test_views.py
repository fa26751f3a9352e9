"""The dashboard and evidence pages: who may see them, what they show, bad input, and links to the records."""

import re
from datetime import date
from html import unescape

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory

from engaging.accounts.models import Membership
from engaging.assurance import activity, figures
from tests.assurance.conftest import END, START
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PERIOD = {"from": START.isoformat(), "to": END.isoformat()}
PERSONAS = ("officer_council", "officer_healthwatch", "coordinator", "board_member")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def text(response) -> str:
    """The page's words, without tags, for reading like a person would."""
    body = response.content.decode()
    body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def pages(known) -> list[str]:
    item = known.item.pk
    return [
        "/assurance/",
        f"/assurance/organisations/{known.world.council.pk}/",
        f"/assurance/items/{item}/assessment/",
        f"/assurance/items/{item}/assessment.docx",
    ]


# --- Who may see them --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_with_a_role_may_read_every_assurance_page(known, persona):
    client = client_for(getattr(known.world, persona))
    for url in pages(known):
        assert client.get(url).status_code == 200, url


def test_anonymous_people_are_sent_to_sign_in(known):
    for url in pages(known):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], url


def test_people_without_a_role_are_refused(known):
    nobody = UserFactory(username="no-role")
    for url in pages(known):
        assert client_for(nobody).get(url).status_code == 403, url


def test_a_member_of_an_archived_organisation_has_no_role_here(known):
    user = UserFactory(username="archived-member")
    Membership.objects.create(user=user, organisation=known.trust, role=Membership.Role.OFFICER)
    known.trust.archive()
    assert client_for(user).get("/assurance/").status_code == 403


def test_the_pages_only_answer_get(known):
    client = client_for(known.world.coordinator)
    for url in pages(known):
        assert client.post(url).status_code == 405, url


def test_unknown_or_archived_records_are_not_found(known):
    client = client_for(known.world.coordinator)
    assert client.get("/assurance/organisations/999999/").status_code == 404
    assert client.get("/assurance/items/999999/assessment/").status_code == 404
    assert client.get("/assurance/items/999999/assessment.docx").status_code == 404
    known.item.archive()
    assert client.get(f"/assurance/items/{known.item.pk}/assessment/").status_code == 404


# --- What the dashboard shows ------------------------------------------------------------------------


def test_the_dashboard_shows_each_figure_in_a_chart_and_a_table(known):
    response = client_for(known.world.board_member).get("/assurance/", {**PERIOD, "board": known.board.pk})
    html = response.content.decode()
    words = text(response)
    assert "<title>Assurance dashboard –" in html
    assert html.count("<h1") == 1
    assert "Brierley Hill board: engagement in or around Brierley Hill, from 1 January 2025 to 30 June 2025." in words
    assert html.count('role="img"') == 10
    for heading in ("By type of engagement", "By level of influence", "By organisation", "Priority coverage",
                    "Reaching seldom-heard groups", "Telling people what happened", "Evaluation",
                    "Overdue screening actions", "Fatigue hotspots", "What participants thought"):  # fmt: skip
        assert heading in words
    # Two priorities have had no engagement in the 12 months to the end of the period.
    assert "Housing and health No engagement in 12 months" in words
    assert "Smoke-free lives No engagement in 12 months" in words
    assert "Mental health and wellbeing No engagement" not in words
    # The whole period's total, and the loop-closure rate of every organisation together.
    assert "Activities running in the period 4 activities running in the period" in words
    # Seen today, both Healthwatch activities are past their 12 weeks without telling anyone.
    assert "All organisations 1 told in time, All organisations 3 due by now, All organisations 33%" in words
    # The chart describes the same figures as the table.
    assert "Healthwatch Dudley 3 and Dudley Council 2" in html
    # The board's members have evidence pages.
    assert f"/assurance/organisations/{known.world.council.pk}/?from=2025-01-01&amp;to=2025-06-30" in html


def test_the_dashboard_defaults_to_the_first_board_and_the_last_12_months(known):
    response = client_for(known.world.coordinator).get("/assurance/")
    assert response.status_code == 200
    scope = response.context["scope"]
    assert scope.board == known.board  # "Brierley Hill board" comes first
    assert (scope.end - scope.start).days in range(334, 366) and scope.start.day == 1
    assert f'value="{scope.start.isoformat()}"' in response.content.decode()  # the form shows what is covered


def test_with_no_boards_the_dashboard_covers_everywhere(world):
    response = client_for(world.officer_council).get("/assurance/")
    assert response.status_code == 200
    assert response.context["scope"].board is None
    assert "No boards have been set up, so the figures cover every area." in text(response)


# --- Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "2025-13-01"}, "from", "Enter the start of the period as a real date, like 2025-04-01"),
        ({"to": "yesterday"}, "to", "Enter the end of the period as a real date, like 2026-03-31"),
        ({"from": "1850-01-01", "to": "1850-02-01"}, "from", "Enter the start of the period as a date between 1900"),
        ({"from": "2025-06-01", "to": "2025-01-01"}, "to", "The end of the period must be the same as or after"),
        ({"from": "2015-01-01", "to": "2025-01-01"}, "to", "Choose a period of 5 years or less"),
        ({"from": "2021-01-01", "to": "2025-01-01", "by": "month"}, "by", "Count by quarter for a period longer"),
        ({"by": "week"}, "by", "Choose month or quarter"),
        ({"board": "999999"}, "board", "Choose a board from the list"),
        ({"board": "not-a-board"}, "board", "Choose a board from the list"),
        ({"area": "999999"}, "area", "Choose an area from the list"),
    ],
)  # fmt: skip
def test_bad_choices_show_a_clear_error_and_no_figures(known, params, field, message):
    response = client_for(known.world.board_member).get("/assurance/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Assurance dashboard" in html
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert message in text(response)
    assert "board" not in response.context


def test_an_area_outside_the_boards_area_is_refused(known):
    params = {"board": known.board.pk, "area": known.world.other_ward.pk}
    response = client_for(known.world.board_member).get("/assurance/", params)
    assert "Choose an area inside Brierley Hill, the board's area" in text(response)


def test_by_quarter_for_long_periods_without_being_asked(known):
    response = client_for(known.world.board_member).get("/assurance/", {"from": "2022-01-01", "to": "2025-06-30"})
    assert response.context["scope"].by == "quarter"
    assert "Jan to Mar 2022" in text(response)


def test_bad_dates_on_the_evidence_page(known):
    url = f"/assurance/organisations/{known.world.council.pk}/"
    response = client_for(known.world.officer_healthwatch).get(url, {"from": "2025-02-30"})
    assert response.status_code == 400
    assert "<title>Error: Evidence from Dudley Council" in response.content.decode()
    assert "Enter the start of the period as a real date" in text(response)
    assert "evidence" not in response.context


# --- Every figure links to the records behind it ---------------------------------------------------


def titles_at(client, url: str) -> set[str]:
    """The titles of the activities a register or feedback-loop list shows."""
    response = client.get(url)
    assert response.status_code == 200, url
    titles = {
        *("Carers' consultation", "Hostel listening sessions", "Healthy weight leaflet", "Stourbridge co-design group"),
        *("Cancelled drop-in", "Archived survey", "Smoking survey 2024", "Youth panel"),
    }
    page = unescape(response.content.decode())
    return {title for title in titles if title in page}


@pytest.fixture
def scope(known):
    """Seen today, as the feedback loop's list sees it, so that both count the same activities."""
    return figures.Scope(start=START, end=END, today=date.today(), board=known.board)


def test_activity_counts_link_to_exactly_those_activities(known, scope):
    client = client_for(known.world.coordinator)
    by_type = {row.key: row for row in activity.activity_by_type(scope).rows}
    assert titles_at(client, by_type["consultation"].cells[0].url) == {"Carers' consultation"}
    assert titles_at(client, by_type["consultation"].total.url) == {"Carers' consultation", "Youth panel"}
    assert by_type["co_production"].total.url is None  # nothing to link to
    by_organisation = {row.key: row for row in activity.activity_by_organisation(scope).rows}
    healthwatch = by_organisation[known.world.healthwatch.pk]
    assert titles_at(client, healthwatch.total.url) == {
        "Carers' consultation",
        "Hostel listening sessions",
        "Youth panel",
    }
    assert titles_at(client, healthwatch.cells[5].url) == {"Youth panel"}
    totals = activity.activity_totals(scope, activity.activity_by_type(scope))
    assert len(titles_at(client, totals.total.url)) == totals.total.value


def test_coverage_and_hotspot_counts_link_to_exactly_those_activities(known, scope):
    client = client_for(known.world.coordinator)
    coverage = {c.priority_id: c for c in figures.priority_coverage(scope)}
    assert titles_at(client, coverage[known.weight.pk].in_period.url) == {
        "Hostel listening sessions",
        "Healthy weight leaflet",
    }
    assert titles_at(client, coverage[known.world.priority.pk].last_12_months.url) == {
        "Carers' consultation", "Hostel listening sessions",
    }  # fmt: skip
    hotspot = figures.fatigue_hotspots(scope, threshold=1)[0][0]
    assert titles_at(client, hotspot.url) == {"Healthy weight leaflet", "Youth panel"}


def test_loop_and_evaluation_counts_link_to_the_feedback_loops_list(known, scope):
    client = client_for(known.world.coordinator)
    rows = {row.rate.organisation_id: row for row in figures.loop_closure_by_organisation(scope)}
    assert titles_at(client, rows[known.world.council.pk].on_time_url) == {"Carers' consultation"}
    assert titles_at(client, rows[known.world.healthwatch.pk].counted_url) == {
        "Hostel listening sessions",
        "Youth panel",
    }
    completion = {c.organisation_id: c for c in figures.evaluation_completion(scope)}
    assert titles_at(client, completion[known.world.healthwatch.pk].url) == {"Hostel listening sessions", "Youth panel"}


def test_evidence_counts_link_to_the_records(known):
    client = client_for(known.world.coordinator)
    response = client.get(f"/assurance/organisations/{known.world.healthwatch.pk}/", PERIOD)
    evidence = response.context["evidence"]
    statuses = {s.status: s.cell for s in evidence.statuses}
    assert (statuses["reported"].value, statuses["closed"].value, statuses["open"].value) == (1, 2, 0)
    assert titles_at(client, statuses["closed"].url) == {"Carers' consultation", "Youth panel"}
    assert evidence.activities.value == 3
    assert [c.value for c in evidence.over_time] == [1, 1, 1, 0, 1, 1]  # A1 (as partner), A2, A8
    assert titles_at(client, evidence.over_time[4].url) == {"Youth panel"}
    assert titles_at(client, evidence.activities.url) == {
        "Carers' consultation",
        "Hostel listening sessions",
        "Youth panel",
    }
    assert (evidence.loop.on_time, evidence.loop.overdue, evidence.loop.waiting) == (0, 2, 0)  # seen today
    assert (evidence.evaluation.evaluated, evidence.evaluation.finished) == (0, 2)
    assert evidence.ratings.count == 1
    words = text(response)
    assert "Activities it led or was a partner in that were running in the period: 3 activities" in words
    assert "a loop-closure rate of 0%" in words


# --- The agenda item's link -------------------------------------------------------------------------


def render_link(user, item) -> str:
    request = RequestFactory().get("/board/")
    request.user = user
    template = Template('{% load include_hooks %}{% hook "agenda-item-page" item %}')
    return template.render(Context({"request": request, "item": item}))


def test_the_agenda_item_page_links_to_its_assessment(known):
    html = render_link(known.world.officer_healthwatch, known.item)
    assert f'href="/assurance/items/{known.item.pk}/assessment/"' in html
    assert f'href="/assurance/items/{known.item.pk}/assessment.docx"' in html


def test_no_link_for_people_who_may_not_read_it(known):
    from django.contrib.auth.models import AnonymousUser

    assert render_link(AnonymousUser(), known.item) == ""
    assert render_link(UserFactory(username="no-role"), known.item) == ""
