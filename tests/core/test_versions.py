"""Every committed write to a table gives it a new version, and leaves every other table's as it was.

The versions come from database triggers, so writes that skip Django's signals (bulk imports,
`update()`, raw SQL) count too.
"""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from engaging.core import cache, versions
from engaging.evaluation.models import ParticipantFeedback
from engaging.lists.models import Group
from engaging.register.models import Activity
from tests.factories import ActivityFactory, GroupFactory, UserFactory

# Committed writes, as the pages see them: inside a test's own transaction PostgreSQL keeps nothing.
pytestmark = pytest.mark.django_db(transaction=True)


def changed(write) -> set[str]:
    """The tables whose versions `write()` changes (read outside any transaction of its own)."""
    before = versions.read()
    write()
    after = versions.read()
    return {table for table in {*before, *after} if before.get(table, 0) != after.get(table, 0)}


def test_reading_changes_nothing(world):
    assert versions.read() == versions.read()


def test_each_kind_of_write_changes_its_own_tables_version(world):
    activity = ActivityFactory(lead_organisation=world.council)
    assert "register_activity" in changed(lambda: ActivityFactory(lead_organisation=world.council))
    linked = changed(lambda: activity.groups.add(world.carers))  # a link table
    assert "register_activity_groups" in linked and "lists_group" not in linked
    assert "register_activity" in changed(lambda: Activity.objects.filter(pk=activity.pk).update(title="Renamed"))

    def raw_sql():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE register_activity SET title = %s WHERE id = %s", ["By hand", activity.pk])

    assert changed(raw_sql) == {"register_activity"}
    assert "register_activity" in changed(lambda: activity.archive())
    assert "lists_group" in changed(lambda: GroupFactory(name="Carers of disabled children"))
    assert "register_activity" in changed(lambda: Activity.everything.filter(pk=activity.pk).delete())


def test_a_residents_answer_changes_the_answers_version_alone(world):
    activity = ActivityFactory(lead_organisation=world.council)
    answered = changed(
        lambda: ParticipantFeedback.objects.bulk_create(
            [ParticipantFeedback(activity=activity, listened_to=4, easy_to_take_part=4, know_what_happens_next=4)]
        )
    )
    assert answered == {"evaluation_participantfeedback"}


def test_signing_in_changes_nothing_but_a_change_of_name_does(world):
    person = UserFactory()
    person.last_login = timezone.now()
    assert not changed(lambda: person.save(update_fields=["last_login"]))
    person.first_name = "Jo"
    assert changed(lambda: person.save(update_fields=["first_name"])) == {"accounts_user"}


def test_tables_written_on_ordinary_reads_have_no_version():
    tables = versions.versioned_tables()
    for unversioned in ("django_session", "axes_accessattempt", versions.TABLE):
        assert unversioned not in tables
    assert {"register_activity", "evaluation_participantfeedback", "lists_group"} <= set(tables)
    assert tables["accounts_user"] == ("username", "first_name", "last_name", "email", "is_active")


def test_a_rolled_back_write_leaves_every_version_as_it_was(world):
    before = versions.read()
    with pytest.raises(RuntimeError), transaction.atomic():
        ActivityFactory(lead_organisation=world.council)
        raise RuntimeError("changed my mind")
    assert versions.read() == before


def test_nothing_is_kept_inside_a_writing_transaction(world):
    """Others cannot see what the transaction wrote yet, so what it works out must not be used by them."""
    if connection.vendor == "sqlite":
        # One writer at a time: the write gives the row a fresh random mark at once, which others see only
        # if the transaction commits, with what it wrote. Rolled back, the mark is gone for good.
        before = versions.read()
        with pytest.raises(RuntimeError), transaction.atomic():
            ActivityFactory(lead_organisation=world.council)
            assert versions.read()["register_activity"] != before.get("register_activity", 0)
            raise RuntimeError("changed my mind")
        assert versions.read() == before
        return
    with transaction.atomic():
        assert not versions.read().written
        ActivityFactory(lead_organisation=world.council)
        assert "register_activity" in versions.read().written
        titles, names = [], []
        for _ in range(2):
            cache.cached("titles", [], lambda: titles.append(1) or list(Activity.objects.values_list("title")))
            cache.cached("names", [], lambda: names.append(1) or list(Group.objects.values_list("name")))
        assert (len(titles), len(names)) == (2, 1)  # what reads a table it wrote is for it alone


def test_folding_old_changes_together_keeps_every_version(world, monkeypatch):
    """PostgreSQL adds a row for each writing transaction and folds them; SQLite keeps one row per table throughout."""
    for _ in range(5):
        ActivityFactory(lead_organisation=world.council)
    before = versions.read()
    monkeypatch.setattr(versions, "FOLD_AFTER", 2)
    assert versions.read() == before  # this read folds
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), count(DISTINCT name) FROM {versions.TABLE}")
        rows, tables = cursor.fetchone()
    assert rows == tables
    assert versions.read() == before
    assert "register_activity" in changed(lambda: ActivityFactory(lead_organisation=world.council))


def test_triggers_dropped_by_a_table_rebuild_are_put_back_by_migrate(world):
    """On SQLite, altering a table rebuilds it without its triggers; the app puts them back after each migrate."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f'DROP TRIGGER "{versions.PREFIX}register_activity_insert"')
        else:
            cursor.execute(f'DROP TRIGGER "{versions.PREFIX}register_activity" ON register_activity')
    versions.install()
    assert "register_activity" in changed(lambda: ActivityFactory(lead_organisation=world.council))


def test_invalidating_by_hand_changes_the_versions_named(world):
    assert changed(lambda: versions.invalidate(["lists_group"])) == {"lists_group"}
    assert {"register_activity", "lists_group"} <= changed(versions.invalidate)
