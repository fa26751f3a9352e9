"""Figures kept between requests are never older than the data: the pages that keep them show a change as soon
as it is committed, however it is written (the versions of tables are tested in tests/core/test_versions.py).
"""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engaging.assurance import refreshing
from engaging.core import versions
from engaging.insight.models import Finding
from engaging.loop.models import Response
from engaging.register.models import Activity, Status
from engaging.reports.models import LocalAccount
from tests.factories import ActivityFactory

# Committed writes, as the pages see them: inside a test's own transaction PostgreSQL keeps nothing.
pytestmark = pytest.mark.django_db(transaction=True)


def board_member(world) -> Client:
    client = Client()
    client.force_login(world.board_member)
    return client


def test_the_dashboard_shows_an_activity_as_soon_as_it_is_added_however_it_is_written(world):
    client = board_member(world)
    today = date.today()
    period = {"from": (today - timedelta(days=60)).isoformat(), "to": today.isoformat()}

    def total() -> int:
        response = client.get("/assurance/", period)
        assert response.status_code == 200
        summary = re.search(r"running in the period</dt>\s*<dd[^>]*>(.*?)</dd>", response.content.decode(), re.S)
        return int(re.findall(r"\d+", re.sub(r"<[^>]+>", " ", summary.group(1)))[0])

    def running(title: str) -> Activity:
        return ActivityFactory(
            title=title, lead_organisation=world.council, start_date=today - timedelta(days=5), end_date=today
        )

    assert total() == 0
    running("First")
    assert total() == 1
    assert total() == 1  # the same page again, kept
    second = running("Second")
    assert total() == 2
    Activity.objects.filter(pk=second.pk).update(status=Status.CANCELLED)  # no signals
    assert total() == 1


def test_the_dashboard_with_bad_choices_says_what_is_wrong_each_time(world):
    client = board_member(world)
    for _ in range(2):
        response = client.get("/assurance/", {"from": "not a date"})
        assert response.status_code == 400
        assert "Enter the start of the period as a real date" in response.content.decode()
        assert response.content.decode().count("<title>Error: ") == 1


def test_the_local_account_counts_an_activity_once_a_reader_has_asked_for_it(world, monkeypatch):
    """Its figures are stored: the first reader after a change is served them as they were, and queues the task
    (run at once here) that brings them up to date for everyone after."""
    year = date.today().year - 1
    LocalAccount.objects.create(year=year, is_published=True, published_at=timezone.now())
    client = Client()

    def activities() -> int:
        response = client.get(f"/local-account/{year}/")
        assert response.status_code == 200
        # The page is kept, so its figures are read from what it shows.
        return int(re.search(r'et-figures__number">(\d+)</span> engagement activit', response.content.decode())[1])

    assert activities() == 0
    ActivityFactory(lead_organisation=world.council, start_date=date(year, 5, 1), end_date=date(year, 5, 2))
    assert activities() in (0, 1)
    assert activities() == 1
    assert activities() == 1
    Activity.objects.update(status=Status.CANCELLED)  # no signal: seen by the tables' versions all the same
    monkeypatch.setattr(refreshing, "_asked_at", -1.0)  # a second later: readers ask for a refresh again
    activities()
    assert activities() == 0


def test_you_said_we_did_counts_a_response_as_soon_as_it_is_public(world):
    activity = ActivityFactory(lead_organisation=world.council, status=Status.CLOSED)
    finding = Finding.objects.create(
        activity=activity, statement="Evening sessions, please.", heard_on=date.today(), review_by=date.today()
    )
    response = Response.objects.create(organisation=world.council, action="We added evening sessions.")
    response.findings.add(finding)
    client = Client()

    def count() -> int:
        page = client.get("/you-said-we-did/")
        assert page.status_code == 200
        return int(re.search(r'<p class="govuk-body">(\d+) responses?\.</p>', page.content.decode())[1])

    assert count() == 1
    assert count() == 1
    Response.objects.filter(pk=response.pk).update(is_public=False)
    assert count() == 0
    Finding.objects.filter(pk=finding.pk).update(is_public=False)
    Response.objects.filter(pk=response.pk).update(is_public=True)
    assert count() == 0  # it answers no public finding


def test_every_table_the_kept_figures_read_is_versioned(known):
    """A figure that starts reading a table with no version could never be kept; one that reads a versioned
    table is kept until that table is written (engaging/core/cache.py)."""
    from engaging.assurance import figures
    from engaging.public.you_said_we_did import public_responses, with_public_findings
    from engaging.reports import local_account
    from tests.assurance.conftest import END, START, TODAY

    with CaptureQueriesContext(connection) as captured:
        figures.dashboard(figures.Scope(start=START, end=END, today=TODAY, board=known.board))
        local_account.gather(START.year, known.board)
        responses = public_responses()
        responses.count()
        with_public_findings(responses[:20])
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    read = set(re.findall(r'(?:FROM|JOIN) "(\w+)"', sql))
    assert read and read - set(versions.versioned_tables()) == set()
