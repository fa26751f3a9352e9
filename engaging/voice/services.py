"""Writes to stories and their consent, each in one transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engaging.voice.models import Consent, Story

# A story's text is the teller's own words: the hub never asks for them to be made plainer.
OWN_WORDS_REASON_HINT = (
    "A resident's own words are kept as they said them. If the story is hard to read, say so here, "
    "for example “These are the teller's own words”. The title is ours: make it plainer if you can."
)


def own_words_message(result) -> str:
    """What to say when a public story's text is harder to read than the target: keep it, and say why."""
    return (
        f"The story has a reading age of {result.reading_age_years} and the target is {result.target_reading_age}. "
        "Keep the teller's words as they said them: choose “Publish anyway” and say that they are their own words"
    )


def teller_problem(naming: str, told_by: str) -> str | None:
    """Why the teller's name does not fit their choice, or None.

    A teller who chose to be named, by first name or by a description must have that written
    down; an anonymous teller is never named, so any name given is dropped, not stored.
    """
    if naming != Story.Naming.ANONYMOUS and not told_by.strip():
        return {
            Story.Naming.FULL_NAME: "Enter the teller's name, as they want it shown",
            Story.Naming.FIRST_NAME: "Enter the teller's first name",
            Story.Naming.DESCRIPTION: "Enter a description of the teller, such as “a carer from Sedgley”",
        }.get(naming, "Enter how the teller is named")
    return None


def _apply_teller(story: Story, naming: str, told_by: str) -> None:
    problem = teller_problem(naming, told_by)
    if problem:
        raise ValidationError({"told_by": problem})
    story.naming = naming
    story.told_by = "" if naming == Story.Naming.ANONYMOUS else told_by.strip()


@transaction.atomic
def record_story(
    *,
    recorded_by,
    title: str,
    naming: str,
    told_by: str = "",
    text: str,
    themes=(),
    groups=(),
    meeting=None,
    consent_given_by: str,
    consent_given_on: date,
    scope: str,
) -> Story:
    """Record a story with the teller's consent. A story never exists without its consent."""
    story = Story(title=title, text=text, meeting=meeting, recorded_by=recorded_by)
    _apply_teller(story, naming, told_by)
    story.full_clean(exclude=["recorded_by"])
    story.save()
    story.themes.set(themes)
    story.groups.set(groups)
    consent = Consent(story=story, given_by=consent_given_by, given_on=consent_given_on, scope=scope)
    consent.full_clean(exclude=["story"])
    consent.save()
    return story


@transaction.atomic
def update_story(
    *,
    story: Story,
    title: str,
    naming: str,
    told_by: str = "",
    text: str,
    themes=(),
    groups=(),
    meeting=None,
    consent_given_by: str,
    consent_given_on: date,
    scope: str,
) -> Story:
    """Change a story and its consent together. A story whose consent was withdrawn cannot be changed."""
    consent = Consent.objects.select_for_update().get(story=story)
    if consent.is_withdrawn:
        raise ValidationError("Consent for this story has been withdrawn, so it cannot be changed.")
    story.title, story.text, story.meeting = title, text, meeting
    _apply_teller(story, naming, told_by)
    story.full_clean(exclude=["recorded_by"])
    story.save()
    story.themes.set(themes)
    story.groups.set(groups)
    consent.given_by, consent.given_on, consent.scope = consent_given_by, consent_given_on, scope
    consent.full_clean(exclude=["story"])
    consent.save()
    return story


@transaction.atomic
def withdraw_consent(*, story: Story, user, note: str = "") -> Consent:
    """Withdraw the teller's consent: from this moment the story is hidden everywhere.

    Withdrawal cannot be undone here. If the teller later agrees again, record the story afresh
    with their new consent.
    """
    consent = Consent.objects.select_for_update().get(story=story)
    if consent.is_withdrawn:
        raise ValidationError("Consent for this story has already been withdrawn.")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = user if user is not None and user.is_authenticated else None
    consent.withdrawal_note = note.strip()
    consent.full_clean(exclude=["story", "withdrawn_by"])
    consent.save()
    return consent
