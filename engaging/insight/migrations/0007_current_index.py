from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0006_library_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(
                condition=models.Q(("archived_at__isnull", True), ("superseded_by__isnull", True)),
                fields=["review_by", "activity"],
                name="finding_current",
            ),
        ),
    ]
