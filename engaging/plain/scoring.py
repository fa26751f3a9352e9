"""Scoring public texts: the checker's last word on each text residents read, kept in PublicTextScore.

`score` checks one record's public fields when their words have changed; `rescore_all` does every public
text in batches. Which texts are public is the registry's business (engaging/plain/registry.py); when they
are scored is public_texts.py's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cached_property

from django.db.models import Model
from django.utils import timezone

from engaging.plain.checker import KINDS as ISSUE_KINDS
from engaging.plain.checker import MEETS_TARGET, MUST_FIX, Glossary, Result, check, verdict_for
from engaging.plain.checking import live_glossary, live_names, target_reading_age
from engaging.plain.models import PublicTextScore
from engaging.plain.publishing import digest
from engaging.plain.registry import TextKind, kind_for, text_kinds

TITLE_LENGTH = PublicTextScore._meta.get_field("title").max_length
SCORE_COLUMNS = [
    "title",
    "reading_age",
    "word_count",
    "issue_count",
    "issue_summary",
    "meets_target",
    "text_digest",
    "checked_at",
]


@dataclass
class Counts:
    checked: int = 0  # texts checked because they are new or their words changed
    unchanged: int = 0  # texts whose words were the same as when last checked
    removed: int = 0  # scores deleted: the text is no longer public, or is empty

    def __iadd__(self, other: Counts) -> Counts:
        self.checked += other.checked
        self.unchanged += other.unchanged
        self.removed += other.removed
        return self

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class Checker:
    """One glossary and target for a run of checks: the glossary is read once, and only if a text needs checking."""

    REMEMBER = 10_000  # results kept by digest, for texts that appear many times in one run

    def __init__(self):
        self.target = target_reading_age()
        self.now = timezone.now()
        self.results: dict[str, Result] = {}

    @cached_property
    def glossary(self) -> Glossary:
        return live_glossary()

    @cached_property
    def names(self) -> frozenset[str]:
        return live_names()

    def check(self, text: str, text_digest: str) -> Result:
        result = self.results.get(text_digest)
        if result is None:
            result = check(text, glossary=self.glossary, target_reading_age=self.target, names=self.names)
            if len(self.results) < self.REMEMBER:
                self.results[text_digest] = result
        return result


def issue_summary(issues) -> dict[str, int]:
    """How many issues of each kind, in the checker's order of kinds."""
    counts = Counter(issue.kind for issue in issues)
    return {kind: counts[kind] for kind in ISSUE_KINDS if counts[kind]}


def _still_right(score: PublicTextScore, target: int) -> bool:
    """Whether a score's verdict agrees with the target now in force (it may have changed since).

    Only the reading age depends on the target; what there is to fix is kept in the issue summary."""
    summary = score.issue_summary if isinstance(score.issue_summary, dict) else {}
    must_fix = sum(count for kind, count in summary.items() if kind in MUST_FIX and isinstance(count, int))
    verdict = verdict_for(score.reading_age, score.word_count, target, must_fix)
    return score.meets_target == (verdict == MEETS_TARGET)


def _score_batch(kind: TextKind, ids: Iterable[int], public: dict[int, Model], checker: Checker, force: bool) -> Counts:
    """Score the public fields of these records; a record missing from `public` has its scores removed."""
    ids = list(ids)
    counts = Counts()
    content_type = kind.content_type
    existing = {
        (score.object_id, score.field): score
        for score in PublicTextScore.objects.filter(content_type=content_type, object_id__in=ids)
    }
    writes, stale = [], []
    for pk in ids:
        obj = public.get(pk)
        title = kind.title(obj)[:TITLE_LENGTH] if obj is not None else ""
        for text_field in kind.fields:
            text = (getattr(obj, text_field.name) or "") if obj is not None else ""
            old = existing.get((pk, text_field.name))
            if not text.strip():
                if old is not None:
                    stale.append(old.pk)
                continue
            text_digest = digest(text)
            if old is not None and not force and old.text_digest == text_digest and _still_right(old, checker.target):
                counts.unchanged += 1
                if old.title != title:
                    writes.append(_copy(old, title=title))
                continue
            result = checker.check(text, text_digest)
            if not result.word_count:  # no words at all: nothing for anyone to read
                if old is not None:
                    stale.append(old.pk)
                continue
            counts.checked += 1
            writes.append(
                PublicTextScore(
                    content_type=content_type,
                    object_id=pk,
                    field=text_field.name,
                    title=title,
                    # Short texts have no reading age; the list sorts them by what there is to fix.
                    reading_age=result.reading_age,
                    word_count=result.word_count,
                    issue_count=len(result.issues),
                    issue_summary=issue_summary(result.issues),
                    meets_target=result.meets_target,
                    text_digest=text_digest,
                    checked_at=checker.now,
                )
            )
    if writes:
        PublicTextScore.objects.bulk_create(
            writes,
            update_conflicts=True,
            unique_fields=["content_type", "object_id", "field"],
            update_fields=SCORE_COLUMNS,
        )
    if stale:
        counts.removed += PublicTextScore.objects.filter(pk__in=stale).delete()[0]
    return counts


def _copy(score: PublicTextScore, **changes) -> PublicTextScore:
    # A new object, not the loaded one: an upsert must not send a primary key that is already taken.
    values = {name: getattr(score, name) for name in ["content_type_id", "object_id", "field", *SCORE_COLUMNS]}
    return PublicTextScore(**{**values, **changes})


def score_ids(kind: TextKind, ids: Iterable[int], *, force: bool = False) -> Counts:
    """Score these records of one kind as they are now: check changed public text, drop what is not public."""
    ids = sorted(set(ids))
    if not ids:
        return Counts()
    public = {obj.pk: obj for obj in kind.public().filter(pk__in=ids)}
    return _score_batch(kind, ids, public, Checker(), force)


def score(obj, *, force: bool = False) -> Counts:
    """Check each public field of `obj` whose words changed, and remove scores of fields no longer public or empty."""
    kind = kind_for(type(obj))
    if kind is None:
        raise ValueError(f"{type(obj).__name__} has no public text")
    return score_ids(kind, [obj.pk], force=force)


def rescore_all(*, batch: int = 500, force: bool = False) -> Counts:
    """Score every public text, `batch` records at a time, checking only texts whose words changed unless forced.

    Scores of records that are no longer public go first, in one delete per kind.
    """
    checker = Checker()
    counts = Counts()
    for kind in text_kinds():
        public = kind.public()
        gone = PublicTextScore.objects.filter(content_type=kind.content_type).exclude(object_id__in=public.values("pk"))
        counts.removed += gone.delete()[0]
        chunk: dict[int, Model] = {}
        for obj in public.order_by("pk").iterator(chunk_size=batch):
            chunk[obj.pk] = obj
            if len(chunk) >= batch:
                counts += _score_batch(kind, chunk, chunk, checker, force)
                chunk = {}
        if chunk:
            counts += _score_batch(kind, chunk, chunk, checker, force)
    return counts
