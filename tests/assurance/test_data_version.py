"""Figures kept between requests are never older than the data: every kind of write gives a new stamp.

The stamp comes from database triggers, so writes that skip Django's signals (bulk imports,
`update()`, raw SQL) count too. The pages that keep figures show a change as soon as it is committed.
"""

import re
import threading
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engaging.core import data_version
from engaging.evaluation.models import ParticipantFeedback
from engaging.insight.models import Finding
from engaging.loop.models import Response
from engaging.register.models import Activity, Status
from engaging.reports.models import LocalAccount
from tests.factories import ActivityFactory, GroupFactory, UserFactory

# Committed writes, as the pages see them: inside a test's own transaction PostgreSQL keeps nothing.
pytestmark = pytest.mark.django_db(transaction=True)


def changes(write) -> bool:
    """Whether `write()` gives a new stamp (read outside any transaction of its own)."""
    before = data_version.stamp()
    write()
    return data_version.stamp() != before


def test_reading_changes_nothing(world):
    assert data_version.stamp() == data_version.stamp()


def test_each_kind_of_write_to_a_counted_table_gives_a_new_stamp(world):
    activity = ActivityFactory(lead_organisation=world.council)
    assert changes(lambda: ActivityFactory(lead_organisation=world.council))
    assert changes(lambda: activity.groups.add(world.carers))  # a link table
    assert changes(lambda: Activity.objects.filter(pk=activity.pk).update(title="Renamed"))  # no signals
    assert changes(
        lambda: ParticipantFeedback.objects.bulk_create(
            [ParticipantFeedback(activity=activity, listened_to=4, easy_to_take_part=4, know_what_happens_next=4)]
        )
    )

    def raw_sql():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE register_activity SET title = %s WHERE id = %s", ["By hand", activity.pk])

    assert changes(raw_sql)
    assert changes(lambda: activity.archive())
    assert changes(lambda: GroupFactory(name="Carers of disabled children"))
    assert changes(lambda: Activity.everything.filter(pk=activity.pk).delete())


def test_a_residents_answer_changes_the_feedback_stamp_alone(world):
    activity = ActivityFactory(lead_organisation=world.council)
    before = data_version.stamp()
    ParticipantFeedback.objects.create(activity=activity, listened_to=4, easy_to_take_part=4, know_what_happens_next=4)
    answered = data_version.stamp()
    assert answered[0] == before[0] and answered[1] != before[1]
    Activity.objects.filter(pk=activity.pk).update(title="Renamed")
    renamed = data_version.stamp()
    assert renamed[0] != answered[0] and renamed[1] == answered[1]


def test_signing_in_changes_nothing_but_a_change_of_name_does(world):
    person = UserFactory()
    person.last_login = timezone.now()
    assert not changes(lambda: person.save(update_fields=["last_login"]))
    person.first_name = "Jo"
    assert changes(lambda: person.save(update_fields=["first_name"]))


def test_a_rolled_back_write_leaves_the_stamp_as_it_was(world):
    before = data_version.stamp()
    with pytest.raises(RuntimeError), transaction.atomic():
        ActivityFactory(lead_organisation=world.council)
        raise RuntimeError("changed my mind")
    assert data_version.stamp() == before


def test_figures_worked_out_inside_a_writing_transaction_are_never_reused_by_others(world):
    """Others cannot see what the transaction wrote yet, so what it works out must not be reused by them."""
    if connection.vendor == "sqlite":
        # One writer at a time: the write gives the row a fresh random mark at once, which others see only
        # if the transaction commits, with what it wrote. Rolled back, the mark is gone for good.
        before = data_version.stamp()
        with pytest.raises(RuntimeError), transaction.atomic():
            ActivityFactory(lead_organisation=world.council)
            assert data_version.stamp() not in (None, before)
            raise RuntimeError("changed my mind")
        assert data_version.stamp() == before
        return
    with transaction.atomic():
        assert data_version.stamp() is not None
        ActivityFactory(lead_organisation=world.council)
        assert data_version.stamp() is None
        calls = []
        data_version.remember("test", [], lambda: calls.append(1) or 1)
        data_version.remember("test", [], lambda: calls.append(1) or 1)
        assert len(calls) == 2


def test_folding_old_changes_together_keeps_the_stamp(world, monkeypatch):
    for _ in range(5):
        ActivityFactory(lead_organisation=world.council)
    before = data_version.stamp()
    monkeypatch.setattr(data_version, "FOLD_AFTER", 2)
    assert data_version.stamp() == before  # this read folds
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {data_version.TABLE}")
        assert cursor.fetchone()[0] == 1
    assert data_version.stamp() == before
    assert changes(lambda: ActivityFactory(lead_organisation=world.council))


def test_remember_works_out_once_until_something_changes(world):
    calls = []

    def work_out():
        calls.append(1)
        return len(calls)

    first = data_version.remember("test", ["a"], work_out)
    assert data_version.remember("test", ["a"], work_out) == first
    assert data_version.remember("test", ["b"], work_out) != first  # other parts, other figures
    ActivityFactory(lead_organisation=world.council)
    data_version.remember("test", ["a"], work_out)
    assert len(calls) == (3 if data_version.stamp() is not None else 4)


def test_a_request_waits_for_figures_another_request_is_working_out(world):
    keeper = data_version.Keeper()
    cache_key = data_version.key("test", ["wait"], keeper.version)
    cache.add(f"{cache_key}:working", True, 60)
    threading.Timer(0.2, lambda: cache.set(cache_key, "worked out elsewhere", 60)).start()
    assert keeper.remember("test", ["wait"], lambda: "worked out here") == "worked out elsewhere"


def test_a_request_works_figures_out_itself_when_the_other_gives_up(world):
    keeper = data_version.Keeper()
    cache_key = data_version.key("test", ["gave up"], keeper.version)
    cache.add(f"{cache_key}:working", True, 60)
    threading.Timer(0.2, lambda: cache.delete(f"{cache_key}:working")).start()
    assert keeper.remember("test", ["gave up"], lambda: "worked out here") == "worked out here"
    assert cache.get(f"{cache_key}:working") is None


def test_triggers_dropped_by_a_table_rebuild_are_put_back_by_migrate(world):
    """On SQLite, altering a table rebuilds it without its triggers; the app puts them back after each migrate."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f'DROP TRIGGER "{data_version.PREFIX}register_activity_insert"')
        else:
            cursor.execute(f'DROP TRIGGER "{data_version.PREFIX}register_activity" ON register_activity')
    data_version.install()
    assert changes(lambda: ActivityFactory(lead_organisation=world.council))


# --- The pages show a change as soon as it is made -----------------------------------------------------


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


def test_the_local_account_shows_an_activity_as_soon_as_it_is_added(world):
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
    assert activities() == 1
    assert activities() == 1
    Activity.objects.update(status=Status.CANCELLED)
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


def test_every_table_the_kept_figures_read_is_counted(known):
    """A figure that starts reading another table must have that table counted too, or it could be kept too long."""
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
    names_only = {table for table, _ in data_version.column_tables()}
    assert read and read - set(data_version.counted_tables()) - names_only == set()
