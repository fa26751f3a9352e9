"""The full-text index of findings: FTS5 with triggers on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations

from engaging.insight import search_index


def install(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        search_index.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        search_index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0002_finding_public"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
