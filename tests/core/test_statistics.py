"""SQLite's planner statistics, gathered after every migrate, tell it that "not archived" is nearly every row."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.core.apps import _gather_statistics
from engaging.insight.models import Finding


def _archived_at_index() -> str:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Finding._meta.db_table)
    return next(name for name, info in constraints.items() if info["index"] and info["columns"] == ["archived_at"])


@pytest.mark.django_db(transaction=True)
def test_an_index_on_archived_at_is_known_to_hold_one_value_when_nothing_is_archived(council_activity):
    Finding.objects.bulk_create(
        Finding(activity=council_activity, statement=f"Said {n}", heard_on=date(2026, 1, 1), review_by=date(2028, 1, 1))
        for n in range(3000)
    )
    with CaptureQueriesContext(connection) as captured:
        _gather_statistics(None, using="default")
    if connection.vendor != "sqlite":
        assert len(captured) == 0  # PostgreSQL's autovacuum gathers its own
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = %s", [_archived_at_index()])
        rows, per_value = (int(number) for number in cursor.fetchone()[0].split())
    # A sample counted each NULL as a value of its own: 3,000 rows, about a thousand to a value.
    assert rows == per_value == 3000
