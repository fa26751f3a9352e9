"""A promise past its expected date and not kept is shown as late, everywhere residents and partners read it."""

import datetime as real_datetime
from datetime import date, timedelta

import pytest

from engaging.loop.models import Response, response_is_late
from tests.api.conftest import as_, tokens  # noqa: F401 - fixtures
from tests.loop.factories import ResponseFactory

TODAY = date(2026, 12, 3)
EXPECTED = date(2026, 10, 12)


@pytest.mark.parametrize(
    ("status", "due_on", "late"),
    [
        ("planned", EXPECTED, True),
        ("considering", EXPECTED, True),
        ("in_progress", EXPECTED, True),
        ("done", EXPECTED, False),
        ("not_possible", EXPECTED, False),
        ("planned", None, False),
        ("planned", TODAY, False),  # due today is not yet late
        ("planned", TODAY + timedelta(days=1), False),
    ],
)
def test_the_rule(status, due_on, late):
    assert response_is_late(status=status, due_on=due_on, today=TODAY) is late


@pytest.fixture
def promises(world, finished):
    """Three public responses: one past its date and not done, one done, one with no date."""
    overdue = ResponseFactory(
        action="A bench at the bus stop by the clinic.",
        status=Response.Status.PLANNED,
        due_on=date.today() - timedelta(days=52),
        organisation=world.council,
        findings=[finished.public_findings[0]],
    )
    done = ResponseFactory(
        action="Clearer signs to the clinic entrance.",
        status=Response.Status.DONE,
        due_on=date.today() - timedelta(days=52),
        completed_on=date.today() - timedelta(days=60),
        organisation=world.council,
        findings=[finished.public_findings[0]],
    )
    undated = ResponseFactory(
        action="We are looking at later opening hours.",
        status=Response.Status.CONSIDERING,
        organisation=world.council,
        findings=[finished.public_findings[1]],
    )
    return overdue, done, undated


def block(page: str, response) -> str:
    start = page.index(f'id="response-{response.pk}"')
    end = page.find('id="response-', start + 1)
    return page[start : end if end != -1 else len(page)]


def test_the_activity_page_and_the_index_say_late(client, finished, promises):
    overdue, done, undated = promises
    expected = f"Late: was expected by {overdue.due_on:%-d %B %Y}"
    for address in (f"/you-said-we-did/activities/{finished.pk}/", "/you-said-we-did/"):
        page = client.get(address).content.decode()
        assert expected in block(page, overdue)
        assert ">Late<" in block(page, overdue)
        assert "Late" not in block(page, done) and "Late" not in block(page, undated)


def test_the_index_shows_what_people_said_beside_what_was_done(client, finished, promises):
    overdue, done, _ = promises
    page = client.get("/you-said-we-did/").content.decode()
    item = block(page, overdue)
    # What was done is told in the tense of where it has got to.
    assert "You said:" in item and "We did:" not in item
    assert {"planned": "We will:", "in_progress": "We are doing:", "considering": "We are looking at:"}[
        overdue.status
    ] in item
    assert "You said:" in block(page, done) and "We did:" in block(page, done)
    assert finished.public_findings[0].statement[:30] in item


def test_the_feed_says_late(client, promises):
    overdue, done, _ = promises
    feed = client.get("/you-said-we-did/feed.atom").content.decode()
    assert f"<title>Late: Planned: {overdue.action}</title>" in feed
    assert f"<title>Done: {done.action}</title>" in feed


def test_the_api_says_late_and_describes_it(world, as_, promises):  # noqa: F811
    overdue, done, undated = promises
    for who in (None, "coordinator"):
        items = {item["id"]: item for item in as_(who).get("responses").json()["items"]}
        assert items[overdue.pk]["is_late"] is True
        assert items[done.pk]["is_late"] is False and items[undated.pk]["is_late"] is False
    schema = as_(None).get("openapi.json").json()["components"]["schemas"]
    assert schema["PublicResponseOut"]["properties"]["is_late"]["type"] == "boolean"


def test_a_kept_index_becomes_late_the_day_after_the_expected_date(client, world, finished, monkeypatch, settings):
    """Nothing is written when a date passes, so the kept page must be kept by the day."""
    settings.KEEP_PAGES = True
    due = date.today() + timedelta(days=1)
    promise = ResponseFactory(
        status=Response.Status.PLANNED, due_on=due, organisation=world.council, findings=[finished.public_findings[0]]
    )
    assert "Late" not in block(client.get("/you-said-we-did/").content.decode(), promise)

    class Tomorrow(real_datetime.date):
        @classmethod
        def today(cls):
            return due + timedelta(days=1)

    for module in ("engaging.core.kept", "engaging.public.you_said_we_did", "engaging.loop.models"):
        monkeypatch.setattr(f"{module}.date", Tomorrow)
    assert f"Late: was expected by {due:%-d %B %Y}" in block(client.get("/you-said-we-did/").content.decode(), promise)
