"""Eight people saving the same activity at the same instant from the same version, each on a connection of their
own: exactly one save is made, the other seven are refused, and nothing is lost.

On PostgreSQL the check locks the activity's row (SELECT … FOR UPDATE); on SQLite every transaction takes the write
lock as it begins (IMMEDIATE). The SQLite test copies the in-memory test database to a file so that the threads
really do open connections of their own. Each save waits a little while it holds the lock, so they overlap.
"""

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.utils import ConnectionHandler

from engaging.core.record_versions import StaleEdit, checked
from engaging.register import services
from engaging.register.models import Activity

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 8


def all_at_once(work, database_file: Path | None) -> list:
    """Run work(n) in PEOPLE threads released together; what each returned or raised."""
    barrier = threading.Barrier(PEOPLE)
    outcomes: list = []

    def one(n: int) -> None:
        if database_file is not None:
            settings = {**connection.settings_dict, "NAME": str(database_file)}
            connections["default"] = ConnectionHandler({"default": settings})["default"]
        try:
            outcomes.append(work(n, barrier))
        except BaseException as error:  # noqa: BLE001 - every outcome is counted by the test
            outcomes.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def on_file(tmp_path) -> Path | None:
    if connection.vendor != "sqlite":
        return None
    database_file = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database_file) as target:
        connection.connection.backup(target)
    return database_file


def stored(pk: int, database_file: Path | None) -> tuple[str, int, int]:
    """The activity's title and version, and how many history rows it has, read from where the threads wrote."""
    if database_file is None:
        activity = Activity.everything.get(pk=pk)
        return activity.title, activity.version, activity.history.count()
    with sqlite3.connect(database_file) as copy:
        title, version = copy.execute("select title, version from register_activity where id = ?", (pk,)).fetchone()
        (count,) = copy.execute("select count(*) from register_historicalactivity where id = ?", (pk,)).fetchone()
    return title, version, count


def test_of_eight_saves_from_the_same_version_at_once_exactly_one_is_made(council_activity, tmp_path):
    database_file = on_file(tmp_path)
    *_, history_before = stored(council_activity.pk, database_file)

    def save(n: int, barrier: threading.Barrier):
        activity = Activity.objects.get(pk=council_activity.pk)  # as each person's page opened it: version 1
        barrier.wait(timeout=30)
        with checked(activity, 1):
            time.sleep(0.05)  # holding the lock, so the others arrive while it is held
            activity.title = f"Saved by person {n}"
            services.save_activity(activity=activity, relations={})
        return n

    outcomes = all_at_once(save, database_file)
    made = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if isinstance(o, StaleEdit)]
    assert (len(made), len(refused), len(outcomes)) == (1, PEOPLE - 1, PEOPLE), outcomes
    assert {stale.current for stale in refused} == {2}
    assert stored(council_activity.pk, database_file) == (f"Saved by person {made[0]}", 2, history_before + 1)


def test_eight_saves_without_a_check_at_once_each_raise_the_version(council_activity, tmp_path):
    """Saves that check nothing (an import, a client without If-Match) still each count: no version is lost."""
    database_file = on_file(tmp_path)
    *_, history_before = stored(council_activity.pk, database_file)

    def save(n: int, barrier: threading.Barrier):
        activity = Activity.objects.get(pk=council_activity.pk)
        barrier.wait(timeout=30)
        activity.title = f"Saved by person {n}"
        activity.save()
        return n

    outcomes = all_at_once(save, database_file)
    assert sorted(outcomes) == list(range(PEOPLE))
    title, version, history = stored(council_activity.pk, database_file)
    assert (version, history) == (1 + PEOPLE, history_before + PEOPLE)
