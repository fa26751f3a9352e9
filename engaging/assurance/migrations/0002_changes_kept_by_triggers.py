"""The triggers that note changes are put on after every migrate (see apps.py); taken off before the table goes."""

from django.db import migrations


def take_the_triggers_off(apps, schema_editor):
    from engaging.core import versions

    versions.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("assurance", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, take_the_triggers_off, elidable=False)]
