"""The marks of the data stamp belong to core now (engaging/core/data_version.py); their tables stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("assurance", "0003_feedback_changes_apart")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel("Change"), migrations.DeleteModel("FeedbackChange")],
        )
    ]
