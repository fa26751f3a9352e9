"""PostgreSQL: keep each statement's words in a stored column with a GIN index, instead of an index over the expression."""

from django.db import migrations

from engaging.insight import search_index


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        search_index.install(schema_editor.connection)


def back_to_the_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        search_index.uninstall(schema_editor.connection)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {search_index.PG_EXPRESSION_INDEX} ON insight_finding "
                "USING GIN (to_tsvector('english'::regconfig, statement))"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0003_search_index"),
    ]

    operations = [migrations.RunPython(install, back_to_the_expression_index, elidable=False)]
