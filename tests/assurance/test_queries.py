"""The number of queries does not grow with the amount of data: the same at two sizes, page by page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from engaging.assurance import figures
from engaging.core import versions
from tests.assurance.conftest import END, START, TODAY, add_more

pytestmark = pytest.mark.django_db

PERIOD = {"from": START.isoformat(), "to": END.isoformat()}


def count_queries(get) -> tuple[int, object]:
    get()  # caches filled once per process (content types, the roles of the user) are not the point
    with CaptureQueriesContext(connection) as captured:
        response = get()
    return len(captured), response


def fresh_and_kept(get) -> tuple[tuple[int, int], object]:
    """Queries for the page worked out afresh (just after a change), then for the same page kept from then."""
    get()
    versions.invalidate()
    with CaptureQueriesContext(connection) as fresh:
        get()
    with CaptureQueriesContext(connection) as kept:
        response = get()
    return (len(fresh), len(kept)), response


def at_two_sizes(known, get) -> tuple[tuple[int, int], tuple[int, int]]:
    small, response = fresh_and_kept(get)
    assert response.status_code == 200, response.content[:500]
    add_more(known, 8)
    large, response = fresh_and_kept(get)
    assert response.status_code == 200
    return small, large


@pytest.fixture
def browser(known):
    client = Client()
    client.force_login(known.world.board_member)
    return client


def test_the_dashboard_page(known, browser):
    small, large = at_two_sizes(known, lambda: browser.get("/assurance/", {**PERIOD, "board": known.board.pk}))
    assert small == large


def test_the_dashboard_page_everywhere_and_by_quarter(known, browser):
    small, large = at_two_sizes(known, lambda: browser.get("/assurance/", {**PERIOD, "by": "quarter"}))
    assert small == large


def test_the_evidence_page(known, browser):
    url = f"/assurance/organisations/{known.world.council.pk}/"
    small, large = at_two_sizes(known, lambda: browser.get(url, PERIOD))
    assert small == large


def test_the_assessment_page_and_document(known, browser):
    small, large = at_two_sizes(known, lambda: browser.get(f"/assurance/items/{known.item.pk}/assessment/"))
    assert small == large
    add_more(known, 3)
    assert count_queries(lambda: browser.get(f"/assurance/items/{known.item.pk}/assessment.docx"))[0] < 40


def test_a_kept_dashboard_takes_a_handful_of_queries(known, browser):
    (fresh, kept), _ = fresh_and_kept(lambda: browser.get("/assurance/", {**PERIOD, "board": known.board.pk}))
    if not versions.read().written:  # PostgreSQL keeps nothing read from what a test's own transaction wrote
        assert kept <= 6 < fresh


def test_the_api(known, as_):
    api = as_("board_member")
    small, large = at_two_sizes(known, lambda: api.get("dashboard", board=known.board.pk, **PERIOD))
    assert small == large


def test_the_evidence_api(known, as_):
    api = as_("coordinator")
    small, large = at_two_sizes(
        known, lambda: api.get(f"organisations/{known.world.healthwatch.pk}/evidence", **PERIOD)
    )
    assert small == large


def test_the_figures_themselves_take_a_fixed_number_of_queries(known):
    scope = figures.Scope(start=START, end=END, today=TODAY, board=known.board)
    with CaptureQueriesContext(connection) as small:
        figures.dashboard(scope)
    add_more(known, 8)
    with CaptureQueriesContext(connection) as large:
        figures.dashboard(scope)
    assert len(small) == len(large) <= 22
