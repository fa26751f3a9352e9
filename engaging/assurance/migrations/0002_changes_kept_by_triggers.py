"""The triggers that note changes are put on after every migrate (see apps.py); taken off before the table goes."""

from django.db import migrations


def take_the_triggers_off(apps, schema_editor):
    from engaging.assurance import data_version

    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            data_version._pg_uninstall(cursor)
        elif schema_editor.connection.vendor == "sqlite":
            data_version._sqlite_uninstall(cursor)


class Migration(migrations.Migration):
    dependencies = [("assurance", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, take_the_triggers_off, elidable=False)]
