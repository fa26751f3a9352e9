"""Writes to stories and their consent, each in one transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engaging.voice.erasure import erase_stories
from engaging.voice.models import Consent, Story, StoryDecision

REASON_MAX = 1000

# A story's text is the teller's own words: the hub never asks for them to be made plainer.
OWN_WORDS_REASON_HINT = (
    "A resident's own words are kept as they said them. If the story is hard to read, say so here, "
    "for example “These are the teller's own words”. The title is ours: make it plainer if you can."
)


def own_words_message(result, label: str = "") -> str:
    """What to say when a public story's text misses the plain-English target: keep it, and say why."""
    from engaging.plain.publishing import what_to_fix

    named = f"{label}: {what_to_fix(result, capital=False)}" if label else what_to_fix(result)
    return (
        f"{named}. Keep the teller's words as they said them: tick “Publish anyway” under it "
        "and say that they are their own words"
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


def consent_date_problem(given_on: date) -> str | None:
    """Why the day consent was given cannot be right, or None: it is never in the future, nor before 1900."""
    if given_on > date.today():
        return "The date consent was given must be today or in the past"
    if given_on.year < 1900:
        return "Enter a date after 1900"
    return None


def _check_consent_date(given_on: date) -> None:
    problem = consent_date_problem(given_on)
    if problem:
        raise ValidationError({"consent_given_on": problem})


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
    _check_consent_date(consent_given_on)
    story = Story(title=title, text=text, meeting=meeting, recorded_by=recorded_by)
    _apply_teller(story, naming, told_by)
    story.full_clean(exclude=["recorded_by"])
    story.save()
    story.themes.set(themes)
    story.groups.set(groups)
    consent = Consent(story=story, given_by=consent_given_by, given_on=consent_given_on, scope=scope)
    consent.full_clean(exclude=["story"])
    consent.save()
    if scope == Consent.Scope.PUBLIC:
        _ask_for_approval(story, recorded_by)
    return story


def _public_words(story: Story) -> tuple:
    """What the public would read of a story: changing any of it after approval needs approving again."""
    return (story.title, story.text, story.naming, story.told_by)


def _ask_for_approval(story: Story, user) -> None:
    story.approval = Story.Approval.WAITING
    story.approval_asked_at = timezone.now()
    story.approval_reason = ""
    story.save(update_fields=["approval", "approval_asked_at", "approval_reason", "updated_at"])
    StoryDecision.objects.create(
        story=story,
        kind=StoryDecision.Kind.ASKED,
        decided_by=user if user is not None and user.is_authenticated else None,
        decided_at=story.approval_asked_at,
    )


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
    user=None,
) -> Story:
    """Change a story and its consent together. A story whose consent was withdrawn cannot be changed.

    A public story whose public words change after approval, or that was sent back, waits for approval again.
    """
    consent = Consent.objects.select_for_update().get(story=story)
    if consent.is_withdrawn:
        raise ValidationError("Consent for this story has been withdrawn, so it cannot be changed.")
    _check_consent_date(consent_given_on)
    # The approval as it stands now, not as it was when this copy was read: a coordinator may have decided since.
    current = Story.objects.select_for_update().get(pk=story.pk)
    story.approval, story.approval_asked_at, story.approval_reason = (
        current.approval,
        current.approval_asked_at,
        current.approval_reason,
    )
    was_public, words_before = consent.scope == Consent.Scope.PUBLIC, _public_words(current)
    story.title, story.text, story.meeting = title, text, meeting
    _apply_teller(story, naming, told_by)
    story.full_clean(exclude=["recorded_by"])
    story.save()
    story.themes.set(themes)
    story.groups.set(groups)
    consent.given_by, consent.given_on, consent.scope = consent_given_by, consent_given_on, scope
    consent.full_clean(exclude=["story"])
    consent.save()
    if scope == Consent.Scope.PUBLIC:
        # Made public, changed in words the public would read, or changed after being sent back: a coordinator
        # looks again. A change to what only the partnership sees (themes, meeting) keeps an approval.
        changed = not was_public or _public_words(story) != words_before
        if story.approval == Story.Approval.SENT_BACK or (story.approval == Story.Approval.APPROVED and changed):
            _ask_for_approval(story, user)
        elif story.approval == Story.Approval.WAITING and not was_public:
            _ask_for_approval(story, user)
    return story


@transaction.atomic
def approve_story(*, story: Story, user) -> StoryDecision:
    """A coordinator approves a public story: from now on the public may read it."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.approval != Story.Approval.WAITING:
        raise ValidationError("This story is not waiting for approval.")
    story.approval, story.approval_reason = Story.Approval.APPROVED, ""
    story.save(update_fields=["approval", "approval_reason", "updated_at"])
    return StoryDecision.objects.create(
        story=story, kind=StoryDecision.Kind.APPROVED, decided_by=user, decided_at=timezone.now()
    )


@transaction.atomic
def send_back_story(*, story: Story, user, reason: str) -> StoryDecision:
    """A coordinator sends a public story back to its author with a reason; it stays inside the partnership."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Say why you are sending the story back, so its author can put it right"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"Use {REASON_MAX:,} characters or fewer for the reason"})
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.approval != Story.Approval.WAITING:
        raise ValidationError("This story is not waiting for approval.")
    story.approval, story.approval_reason = Story.Approval.SENT_BACK, reason
    story.save(update_fields=["approval", "approval_reason", "updated_at"])
    return StoryDecision.objects.create(
        story=story, kind=StoryDecision.Kind.SENT_BACK, reason=reason, decided_by=user, decided_at=timezone.now()
    )


@transaction.atomic
def withdraw_consent(*, story: Story, user, note: str = "") -> Consent:
    """Withdraw the teller's consent: from this moment the story is hidden everywhere, and its words and the
    teller's details are erased from it and from every kept version (engaging/voice/erasure.py).

    Withdrawal cannot be undone. If the teller later agrees again, record the story afresh with their new consent.
    """
    consent = Consent.objects.select_for_update().get(story=story)
    if consent.is_withdrawn:
        raise ValidationError("Consent for this story has already been withdrawn.")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = user if user is not None and user.is_authenticated else None
    consent.withdrawal_note = note.strip()
    consent.full_clean(exclude=["story", "withdrawn_by"])
    consent.save()
    erase_stories([story.pk])
    consent.refresh_from_db()
    return consent
