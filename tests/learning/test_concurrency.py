"""Twenty people booking five places at the same moment, each on a connection of their own: exactly five get a
place and fifteen wait, in one line with no gaps, and nobody meets an error.

On PostgreSQL every booking locks the session's row. On SQLite every transaction takes the write lock as it
begins (IMMEDIATE), and the others wait for it (the busy timeout); the test copies the in-memory test database
to a file so that the threads really do open connections of their own.
"""

import sqlite3
import threading
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.utils import ConnectionHandler

from engaging.learning import services
from engaging.learning.models import Booking, CourseSession
from tests.learning.conftest import make_session

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE, PLACES = 20, 5


def book_all_at_once(session_pk: int, database_file: Path | None) -> list[BaseException]:
    barrier = threading.Barrier(PEOPLE)
    failures: list[BaseException] = []

    def one(n: int) -> None:
        if database_file is not None:
            settings = {**connection.settings_dict, "NAME": str(database_file)}
            handler = ConnectionHandler({"default": settings})
            connections["default"] = handler["default"]
        try:
            session = CourseSession.objects.get(pk=session_pk)
            barrier.wait(timeout=30)
            services.book(session=session, name=f"Person {n}", email=f"p{n}@example.org", role="volunteer")
        except BaseException as error:  # noqa: BLE001 - every failure is reported by the test
            failures.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


def test_twenty_simultaneous_bookings_for_five_places(tmp_path):
    session = make_session(capacity=PLACES)
    database_file = None
    if connection.vendor == "sqlite":
        database_file = tmp_path / "bookings.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(database_file) as target:
            connection.connection.backup(target)
    failures = book_all_at_once(session.pk, database_file)
    assert failures == []
    if database_file is not None:
        with sqlite3.connect(database_file) as copy:
            rows = copy.execute(
                "select status, waiting_order from learning_booking where session_id = ?", (session.pk,)
            ).fetchall()
    else:
        rows = list(Booking.objects.filter(session=session).values_list("status", "waiting_order"))
    statuses = [status for status, _ in rows]
    assert (statuses.count("booked"), statuses.count("waiting"), len(rows)) == (PLACES, PEOPLE - PLACES, PEOPLE)
    assert sorted(order for status, order in rows if status == "waiting") == list(range(1, PEOPLE - PLACES + 1))
