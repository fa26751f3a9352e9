"""Every way a record can be written raises its version, so no change can slip past an open form or an ETag:
a save, archiving, a status move, `update()`, `bulk_update()`, plain SQL. An import creates records at version 1,
with history to compare later changes against. A write to nothing people see keeps open forms current."""

import pytest
from django.db import connection
from django.utils import timezone

from engaging.core.record_versions import StaleEdit, checked, watched_columns
from engaging.register import services
from engaging.register.models import Activity
from tests.register.spreadsheet_helpers import csv_file, good_row, run_import

pytestmark = pytest.mark.django_db


def version_of(activity) -> int:
    return Activity.everything.values_list("version", flat=True).get(pk=activity.pk)


def test_a_new_record_starts_at_version_one(council_activity):
    assert council_activity.version == 1 == version_of(council_activity)


def test_each_save_raises_the_version_by_one_even_from_an_old_copy(council_activity):
    old_copy = Activity.objects.get(pk=council_activity.pk)
    council_activity.title = "First"
    council_activity.save()
    old_copy.title = "Second"
    old_copy.save()  # saved from version 1, yet counted after the first save
    assert (council_activity.version, old_copy.version, version_of(council_activity)) == (2, 3, 3)


def test_archiving_restoring_and_status_moves_raise_the_version(council_activity):
    council_activity.archive()
    council_activity.restore()
    services.change_status(activity=council_activity, new_status="open")
    assert version_of(council_activity) == 4


def test_update_bulk_update_and_plain_sql_raise_the_version(council_activity, healthwatch_activity):
    Activity.objects.filter(pk=council_activity.pk).update(title="By update")
    assert version_of(council_activity) == 2
    council_activity.title, healthwatch_activity.title = "By bulk", "By bulk too"
    Activity.objects.bulk_update([council_activity, healthwatch_activity], ["title"])
    assert (version_of(council_activity), version_of(healthwatch_activity)) == (3, 2)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE register_activity SET notes = 'By SQL' WHERE id = %s", [council_activity.pk])
    assert version_of(council_activity) == 4


def test_a_write_that_changes_nothing_people_see_leaves_the_version(council_activity):
    Activity.objects.filter(pk=council_activity.pk).update(updated_at=timezone.now())
    Activity.objects.filter(pk=council_activity.pk).update(title=council_activity.title)  # the same title
    assert version_of(council_activity) == 1
    assert "updated_at" not in watched_columns(Activity) and "title" in watched_columns(Activity)


def test_a_form_opened_before_an_update_is_stale(council_activity):
    Activity.objects.filter(pk=council_activity.pk).update(title="By update")
    with pytest.raises(StaleEdit) as refused, checked(council_activity, 1):
        pass
    assert refused.value.current == 2
    assert refused.value.headline.startswith("Someone changed this activity")  # no history says who


def test_imported_activities_start_at_version_one_with_history_to_compare_against(world):
    result = run_import(world.coordinator, csv_file([good_row(world, title="Imported one"), good_row(world)]))
    assert result.created == 2
    imported = Activity.objects.get(title="Imported one")
    assert imported.version == 1
    assert list(imported.history.values_list("version", flat=True)) == [1]
    imported.title = "Changed after the import"
    imported.save()
    with pytest.raises(StaleEdit) as refused, checked(imported, 1):
        pass
    assert [str(change) for change in refused.value.changes] == [
        "Title: was ‘Imported one’, now ‘Changed after the import’"
    ]


def test_the_triggers_come_back_after_a_migrate(council_activity):
    from engaging.core import record_versions

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute('DROP TRIGGER "core_record_version_register_activity"')
        else:
            cursor.execute('DROP TRIGGER "core_record_version_register_activity" ON register_activity')
    record_versions.install()
    Activity.objects.filter(pk=council_activity.pk).update(title="By update")
    assert version_of(council_activity) == 2
