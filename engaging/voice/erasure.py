"""Erasing a story: its words and its teller's details go from the story, its consent and every kept copy.

Used when a teller withdraws consent (services.withdraw_consent) and when a story's time on the retention
schedule is up (engaging/privacy). What remains is that a story was recorded, when, by whom, at which
meeting, under which title (ours, not the teller's words: coordinators see it in the list of withdrawn stories),
and, for a withdrawal, when and by whom consent was withdrawn.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from engaging.core import erasure
from engaging.plain.models import EasyRead, PublicTextScore, PublishAnyway
from engaging.voice.models import Consent, Story, StoryDecision

# What a page that shows the story reads: values kept from them are deleted with the words.
TABLES = ("voice_story", "voice_consent", "voice_storydecision", "voice_story_themes", "voice_story_groups")


@transaction.atomic
def erase_stories(ids) -> erasure.Erased:
    """Remove the words and the teller's details of these stories, from the records and their history, at once."""
    ids = list(ids)
    if not ids:
        return erasure.Erased()
    # Themes and groups first: taking them off writes a last version of the story, which is blanked below.
    for story in Story.everything.filter(pk__in=ids):
        story.themes.clear()
        story.groups.clear()
    done = erasure.scrub(
        (Story, ids),
        text="",
        told_by="",
        naming=Story.Naming.ANONYMOUS,
        approval_reason="",
    )
    # The versions of its themes and groups name what the story was about: they go.
    history = Story.history.model
    for field in ("historicalstory_themes", "historicalstory_groups"):
        through = history._meta.get_field(field).related_model
        through.objects.filter(history__id__in=ids).delete()
    consents = list(Consent.objects.filter(story_id__in=ids).values_list("pk", flat=True))
    done += erasure.scrub((Consent, consents), given_by="")
    StoryDecision.objects.filter(story_id__in=ids).exclude(reason="").update(reason="")
    story_type = ContentType.objects.get_for_model(Story)
    PublicTextScore.objects.filter(content_type=story_type, object_id__in=ids).delete()
    PublishAnyway.objects.filter(content_type=story_type, object_id__in=ids).delete()
    done += erasure.delete_with_history(EasyRead.objects.filter(content_type=story_type, object_id__in=ids))
    erasure.erased.send(sender=Story, ids=ids)
    # Once committed: until then other readers still see the words, and could keep them again.
    transaction.on_commit(lambda: erasure.forget_kept(TABLES), robust=True)
    transaction.on_commit(erasure.clear_from_disk, robust=True)
    return done
