"""Writes to Local Accounts: creating, editing and publishing them, and asking the task worker to write their
files (generation.py)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from engaging.core.addresses import site_root
from engaging.plain.checker import Result
from engaging.plain.publishing import record, texts_above_target
from engaging.reports import local_account
from engaging.reports.generation import FILE_FIELDS, KINDS
from engaging.reports.models import LocalAccount
from engaging.reports.tasks import generate_local_account
from engaging.voice.models import Story

# A generation that has not moved for this long has lost its worker, and may be started again.
STUCK_AFTER = timedelta(minutes=15)


# The board's own words, by field, with the names the pages give them.
SECTIONS = {
    "introduction": "Introduction",
    "what_we_learned": "What we learned",
    "what_comes_next": "What comes next",
}


def filename(account: LocalAccount, kind: str) -> str:
    board = f"-{slugify(account.board.name)}" if account.board_id else ""
    return f"local-account-{account.year}{board}{KINDS[kind].suffix}"


@transaction.atomic
def create_local_account(*, year: int, board=None, user=None) -> LocalAccount:
    """Start a Local Account for a year (and a board). There is one per board and year."""
    if LocalAccount.objects.filter(year=year, board=board).exists():
        raise ValidationError({"year": f"There is already a Local Account for {year}"})
    return LocalAccount.objects.create(year=year, board=board)


@transaction.atomic
def update_texts(*, account: LocalAccount, introduction: str, what_we_learned: str, what_comes_next: str):
    """Change the board's own words. Files written from the old words are thrown away, to be made again."""
    account.introduction = introduction
    account.what_we_learned = what_we_learned
    account.what_comes_next = what_comes_next
    _discard_files(account)
    account.save()
    return account


def _discard_files(account: LocalAccount) -> None:
    for name in FILE_FIELDS:
        setattr(account, name, None)
    account.story_ids = []
    account.generated_at = None
    if not account.is_busy:
        account.state = LocalAccount.State.DRAFT
        account.progress = 0
        account.progress_note = ""


def is_stuck(account: LocalAccount, now=None) -> bool:
    """Waiting or generating, without a sign of progress for STUCK_AFTER: its worker has gone."""
    return account.is_busy and account.updated_at < (now or timezone.now()) - STUCK_AFTER


@transaction.atomic
def queue_generation(*, account: LocalAccount, user) -> LocalAccount:
    """Ask the task worker to write the PDF, Word and Easy Read files; the page follows its progress."""
    account = LocalAccount.objects.select_for_update().get(pk=account.pk)
    if account.is_busy and not is_stuck(account):
        raise ValidationError("The files are already being made. Wait for them to finish.")
    account.state = LocalAccount.State.QUEUED
    account.progress = 0
    account.progress_note = "Waiting for the task worker to start"
    account.generated_by = user if user is not None and user.is_authenticated else None
    account.save()
    site = site_root()  # the address this request came to, for the links the documents print
    transaction.on_commit(lambda: generate_local_account.enqueue(account.pk, site))
    return account


def documents_are_current(account: LocalAccount) -> bool:
    """The stored files print only stories that are still public: none had consent withdrawn or was made board only."""
    ids = set(account.story_ids or [])
    if not ids:
        return True
    return ids == set(Story.objects.public().filter(pk__in=ids).values_list("pk", flat=True))


def current_document(*, account: LocalAccount, kind: str) -> bytes:
    """The stored file, written now if it is missing or prints a story that is no longer public."""
    spec = KINDS[kind]
    if not documents_are_current(account):
        with transaction.atomic():
            _discard_files(account)
            account.save()
    data = getattr(account, spec.field)
    if data is not None:
        return bytes(data)
    figures = local_account.gather(account.year, account.board)
    data = spec.writer(account, figures)
    ids = sorted(set(account.story_ids or []) | set(figures.story_ids))
    LocalAccount.objects.filter(pk=account.pk).update(**{spec.field: data, "story_ids": ids})
    setattr(account, spec.field, data)
    account.story_ids = ids
    return data


def publication_problems(account: LocalAccount) -> list[tuple[str, str]]:
    """What must be written before a Local Account can be published, as (field, message)."""
    problems = []
    if not account.introduction.strip():
        problems.append(("introduction", "Write the introduction before publishing"))
    if not account.what_we_learned.strip():
        problems.append(("what_we_learned", "Write what we learned before publishing"))
    if not account.what_comes_next.strip():
        problems.append(("what_comes_next", "Write what comes next before publishing"))
    return problems


def section_texts(account: LocalAccount) -> dict[str, str]:
    return {name: getattr(account, name) for name in SECTIONS}


def sections_above_target(account: LocalAccount) -> dict[str, Result]:
    """The sections that miss the plain-English target, each with the checker's result."""
    return texts_above_target(section_texts(account))


@transaction.atomic
def publish(*, account: LocalAccount, user=None, publish_anyway_reason: str = "") -> LocalAccount:
    """Put the Local Account on the public site.

    Every section must be written. Sections that miss the plain-English target are published only with
    a reason, kept with what each section missed and the digest of the words it was given for.
    """
    # Locked, so that the words checked here are the words that go public.
    account = LocalAccount.objects.select_for_update().get(pk=account.pk)
    problems = publication_problems(account)
    if problems:
        raise ValidationError(" ".join(message + "." for _, message in problems))
    reason = " ".join(publish_anyway_reason.split())
    hard = sections_above_target(account)
    if hard and not reason:
        raise ValidationError({"publish_anyway_reason": "Say why this should be published although it is hard to read"})
    account.is_published = True
    account.published_at = account.published_at or timezone.now()
    account.save(update_fields=["is_published", "published_at", "updated_at"])
    if hard:
        record(account, hard, section_texts(account), reason=reason, user=user)
    return account


@transaction.atomic
def unpublish(*, account: LocalAccount) -> LocalAccount:
    account.is_published = False
    account.save(update_fields=["is_published", "updated_at"])
    return account
