import django.db.models.deletion
from django.db import migrations, models

# The index Django made for the foreign key; dropped by name, because altering the field would have
# SQLite copy the whole table, and with it lose the triggers that keep the search index up to date.
SUPERSEDED_BY_INDEX = "insight_finding_superseded_by_id_71a7daaf"


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0005_people_count_bounded"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="finding",
                    name="superseded_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="supersedes",
                        to="insight.finding",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{SUPERSEDED_BY_INDEX}"',
                    f'CREATE INDEX "{SUPERSEDED_BY_INDEX}" ON "insight_finding" ("superseded_by_id")',
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(
                condition=models.Q(("superseded_by__isnull", False)),
                fields=["superseded_by"],
                name="finding_superseded_by",
            ),
        ),
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(
                condition=models.Q(("archived_at__isnull", True), ("superseded_by__isnull", True)),
                fields=["heard_on", "id", "review_by", "activity"],
                name="finding_library_newest",
            ),
        ),
    ]
