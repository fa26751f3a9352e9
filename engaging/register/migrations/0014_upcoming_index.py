from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0013_import_jobs_for_findings"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                condition=models.Q(("archived_at", None), ("status__in", ("planned", "open"))),
                fields=["start_date", "id"],
                name="activity_upcoming",
            ),
        ),
    ]
