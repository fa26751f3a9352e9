"""Community voice's public text: a resident's story, checked from the moment its teller means it for the public."""

from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from engaging.plain.public_texts import TextField, register_public_text, score_later
from engaging.voice.models import Consent, Story


def _on_consent(sender, instance, **kwargs) -> None:
    """Withdrawing consent, or choosing the board only, takes a story out of public text."""
    score_later(Story, [instance.story_id])


def register() -> None:
    register_public_text(
        Story,
        fields=(
            TextField("story_title", "title", "Resident's story: title"),
            TextField("story_text", "text", "Resident's story: the story"),
        ),
        # Scored as soon as the teller means it for the public, so a coordinator can check its words before
        # approving it; withdrawing consent (or choosing the board only) removes its scores.
        public=lambda: Story.objects.meant_for_public().only("title", "text"),
        title=lambda story: story.title,
        edit_url=lambda pk: reverse("voice:edit", args=[pk]),
    )
    post_save.connect(_on_consent, sender=Consent, dispatch_uid="voice_public_texts_consent_saved")
    post_delete.connect(_on_consent, sender=Consent, dispatch_uid="voice_public_texts_consent_deleted")
