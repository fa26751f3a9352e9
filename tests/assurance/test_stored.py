"""Stored figures: a reader after a write is served them at once, and the task worker brings them up to date."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend

from engaging.assurance import stored
from engaging.assurance.models import Figures
from engaging.assurance.periods import default_period
from engaging.assurance.tasks import refresh_figures
from engaging.register.models import EngagementLevel, EngagementType
from tests.assurance.conftest import activity
from tests.factories import OrganisationFactory

# Committed between steps, as a hub's requests and task worker are: on PostgreSQL, figures worked out inside a
# transaction that has written a table they read are never taken for current (engaging/core/versions.py).
pytestmark = pytest.mark.django_db(transaction=True)

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
LINE = "Changes made since then are being counted"
# The session, the user and their roles, the tables' versions, the figures, and the page kept around them.
FEW_QUERIES = 8


@pytest.fixture(autouse=True)
def nothing_queued():
    cache.delete(stored.QUEUED)
    yield
    cache.delete(stored.QUEUED)


@pytest.fixture
def browser(known):
    client = Client()
    client.force_login(known.world.board_member)
    return client


def add_activity(known, lead_name: str, commit) -> None:
    """An activity in the board's place during the last 12 months, led by an organisation named nowhere else."""
    today = date.today()
    with commit(execute=True), transaction.atomic():
        lead = OrganisationFactory(name=lead_name)
        activity(
            known.world, f"Listening to {lead_name}", lead, EngagementType.INSIGHT, EngagementLevel.INVOLVE,
            today - timedelta(days=20), today - timedelta(days=10), [known.world.ward],
        )  # fmt: skip


@override_settings(TASKS=DUMMY)
def test_after_a_write_the_first_reader_is_served_the_stored_figures_at_once(
    known, browser, django_capture_on_commit_callbacks
):
    url = f"/assurance/?board={known.board.pk}"
    assert LINE not in browser.get(url).content.decode()  # never stored: worked out by this reader, and stored
    add_activity(known, "Lye Community Trust", django_capture_on_commit_callbacks)

    with CaptureQueriesContext(connection) as queries:
        html = browser.get(url).content.decode()
    assert LINE in html and "These figures are from " in html
    assert "Lye Community Trust" not in html
    assert len(queries) <= FEW_QUERIES, [q["sql"] for q in queries.captured_queries]
    assert len(default_task_backend.results) == 1  # the reader who found them out of date queued the task

    refresh_figures.call()  # what the task worker does
    html = browser.get(url).content.decode()
    assert "Lye Community Trust" in html
    assert LINE not in html


@override_settings(TASKS=DUMMY)
def test_a_burst_of_writes_and_readers_queues_one_task(known, browser, django_capture_on_commit_callbacks):
    browser.get("/assurance/")
    for name in ("Lye Community Trust", "Netherton Arts", "Pensnett Youth"):
        add_activity(known, name, django_capture_on_commit_callbacks)
        assert LINE in browser.get("/assurance/").content.decode()
    assert len(default_task_backend.results) == 1
    assert refresh_figures.call() == 1
    html = browser.get("/assurance/").content.decode()
    assert all(name in html for name in ("Lye Community Trust", "Netherton Arts", "Pensnett Youth"))
    assert LINE not in html


def test_with_the_immediate_backend_the_next_reader_sees_the_change(known, browser, django_capture_on_commit_callbacks):
    url = f"/assurance/?board={known.board.pk}"
    browser.get(url)
    add_activity(known, "Lye Community Trust", django_capture_on_commit_callbacks)
    browser.get(url)  # finds them out of date: the task runs at once, after this reader is served
    html = browser.get(url).content.decode()
    assert "Lye Community Trust" in html
    assert LINE not in html


@override_settings(TASKS=DUMMY)
def test_a_write_that_sends_no_signal_is_seen_too(known, browser):
    """Raw SQL, `update()` and bulk imports change the tables' versions through the database's own triggers."""
    url = f"/assurance/?board={known.board.pk}"
    browser.get(url)
    Organisation = type(known.world.council)
    Organisation.objects.filter(pk=known.world.council.pk).update(name="Dudley Metropolitan Borough Council")
    assert LINE in browser.get(url).content.decode()
    refresh_figures.call()
    html = browser.get(url).content.decode()
    assert LINE not in html and "Dudley Metropolitan Borough Council" in html


@override_settings(TASKS=DUMMY)
def test_a_write_to_a_table_the_figures_do_not_read_leaves_them_up_to_date(known, browser):
    url = f"/assurance/?board={known.board.pk}"
    browser.get(url)
    from engaging.plain.models import GlossaryTerm

    GlossaryTerm.objects.create(term="Gunning principles", plain_alternative="four rules for a fair consultation")
    assert LINE not in browser.get(url).content.decode()
    assert stored.QUEUED not in cache  # and no refresh was asked for


def test_each_board_is_stored_once_however_it_is_asked_for(known, browser):
    first = known.board.pk  # the first by name
    for asked in ("", "?board=", f"?board={first}", f"?board=000{first}"):
        assert "Brierley Hill board" in browser.get(f"/assurance/{asked}").content.decode()
    browser.get(f"/assurance/?board={known.other_board.pk}")
    assert set(Figures.objects.values_list("key", flat=True)) == {f"board={first}", f"board={known.other_board.pk}"}
    assert "Stourbridge board" in browser.get(f"/assurance/?board={known.other_board.pk}").content.decode()


def test_the_last_12_months_asked_for_in_full_are_the_stored_figures(
    known, browser, django_capture_on_commit_callbacks
):
    browser.get(f"/assurance/?board={known.board.pk}")
    with override_settings(TASKS=DUMMY):
        add_activity(known, "Lye Community Trust", django_capture_on_commit_callbacks)
        start, today = default_period(date.today())
        asked = {"board": known.board.pk, "from": start.isoformat(), "to": today.isoformat(), "by": "month"}
        assert LINE in browser.get("/assurance/", asked).content.decode()


def test_other_choices_are_worked_out_for_the_reader_and_not_stored(known, browser):
    response = browser.get("/assurance/", {"board": known.board.pk, "area": known.world.ward.pk})
    assert response.status_code == 200
    assert not Figures.objects.exists()


@pytest.mark.parametrize("board", ["999999", "99999999999999999999999", "1x", "-1"])
def test_an_unknown_board_is_refused_with_a_400(known, browser, board):
    browser.get("/assurance/")
    response = browser.get("/assurance/", {"board": board})
    assert response.status_code == 400
    assert "Choose a board from the list" in response.content.decode()


def test_figures_of_a_board_that_is_gone_are_dropped(known, browser):
    browser.get(f"/assurance/?board={known.other_board.pk}")
    Figures.objects.update(key="board=999999", versions=None)  # as if its board were gone, and a change waiting
    assert stored.refresh() == 1
    assert not Figures.objects.exists()


# --- A board member's evidence page --------------------------------------------------------------------


def activities_shown(html: str) -> int:
    return int(re.search(r"running in the period: (?:<a [^>]*>)?(\d+)", html)[1])


@override_settings(TASKS=DUMMY)
def test_a_board_members_evidence_for_the_last_12_months_is_stored(known, browser, django_capture_on_commit_callbacks):
    council = known.world.council
    council.on_board = True
    council.save()
    url = f"/assurance/organisations/{council.pk}/"
    html = browser.get(url).content.decode()
    assert LINE not in html
    before = activities_shown(html)
    assert Figures.objects.filter(kind="evidence", key=f"organisation={council.pk}").exists()
    today = date.today()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        activity(
            known.world, "Listening in Lye", council, EngagementType.INSIGHT, EngagementLevel.INVOLVE,
            today - timedelta(days=20), today - timedelta(days=10), [known.world.ward],
        )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        html = browser.get(url).content.decode()
    assert LINE in html and activities_shown(html) == before
    assert len(queries) <= FEW_QUERIES + 1  # and the organisation
    refresh_figures.call()
    html = browser.get(url).content.decode()
    assert LINE not in html and activities_shown(html) == before + 1


def test_the_evidence_of_an_organisation_not_on_the_board_is_not_stored(known, browser):
    known.trust.on_board = False
    known.trust.save()
    assert browser.get(f"/assurance/organisations/{known.trust.pk}/").status_code == 200
    assert not Figures.objects.exists()


def test_store_figures_stores_each_boards_dashboard_and_each_members_evidence(known):
    call_command("store_figures", stdout=io.StringIO())
    keys = set(Figures.objects.values_list("kind", "key"))
    assert ("dashboard", f"board={known.board.pk}") in keys and ("dashboard", f"board={known.other_board.pk}") in keys
    assert ("evidence", f"organisation={known.world.council.pk}") in keys


@override_settings(TASKS=DUMMY)
def test_an_evidence_page_is_brought_up_to_date_once_a_reader_finds_it_out_of_date(
    known, browser, django_capture_on_commit_callbacks
):
    url = f"/assurance/organisations/{known.world.council.pk}/"
    browser.get(url)
    add_activity(known, "Lye Community Trust", django_capture_on_commit_callbacks)
    assert refresh_figures.call() == 0  # nobody has asked since
    assert LINE in browser.get(url).content.decode()
    assert refresh_figures.call() == 1
    assert LINE not in browser.get(url).content.decode()
