from django.db import migrations, models
from django.db.models.functions import Coalesce


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0014_upcoming_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                models.F("lead_organisation"),
                Coalesce("closed_on", "end_date"),
                models.F("id"),
                condition=models.Q(
                    ("archived_at", None), ("status__in", ("closed", "reported", "fed_back", "evaluated"))
                ),
                name="activity_finished_by_lead",
            ),
        ),
    ]
