"""Residents' feedback gets marks of its own (see data_version.py); migrate puts its trigger on afterwards."""

from django.db import migrations, models


def take_the_triggers_off(apps, schema_editor):
    from engaging.core import versions

    versions.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("assurance", "0002_changes_kept_by_triggers")]

    operations = [
        # Going back, no trigger may be left writing to the table before it goes.
        migrations.RunPython(migrations.RunPython.noop, take_the_triggers_off, elidable=False),
        migrations.CreateModel(
            name="FeedbackChange",
            fields=[
                ("txid", models.BigIntegerField(primary_key=True, serialize=False)),
                ("mark", models.BigIntegerField()),
            ],
        ),
    ]
