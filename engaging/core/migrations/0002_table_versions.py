"""A version for each table instead of one stamp for all (see versions.py): the old triggers come off, their
tables go, and migrate puts the new triggers on afterwards."""

from django.db import migrations, models


def take_the_triggers_off(apps, schema_editor):
    from engaging.core import versions

    versions.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(take_the_triggers_off, take_the_triggers_off, elidable=False),
        migrations.CreateModel(
            name="TableChange",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "txid", "name", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("txid", models.BigIntegerField()),
                ("name", models.CharField(max_length=63)),
                ("mark", models.BigIntegerField()),
            ],
        ),
        migrations.DeleteModel(name="Change"),
        migrations.DeleteModel(name="FeedbackChange"),
    ]
