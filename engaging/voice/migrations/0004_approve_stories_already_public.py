from django.db import migrations
from django.utils import timezone

NOTE = "Already on the public pages before stories needed approval"


def approve_existing(apps, schema_editor):
    """Stories that were public before approval began stay public, each with a recorded approval saying why."""
    Story = apps.get_model("voice", "Story")
    StoryDecision = apps.get_model("voice", "StoryDecision")
    now = timezone.now()
    ids = list(Story._base_manager.values_list("pk", flat=True))
    Story._base_manager.filter(pk__in=ids).update(approval="approved", approval_asked_at=now)
    StoryDecision._base_manager.bulk_create(
        [StoryDecision(story_id=pk, kind="approved", reason=NOTE, decided_at=now) for pk in ids]
    )


class Migration(migrations.Migration):
    dependencies = [("voice", "0003_story_approval")]

    operations = [migrations.RunPython(approve_existing, migrations.RunPython.noop)]
