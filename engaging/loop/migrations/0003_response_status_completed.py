from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("loop", "0002_reminders_and_managers")]

    operations = [
        migrations.AddIndex(
            model_name="response",
            index=models.Index(fields=["status", "completed_on"], name="response_status_completed"),
        ),
    ]
