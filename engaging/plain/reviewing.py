"""The coordinators' list of public texts: worst first, issues in words, and why any was published anyway."""

from dataclasses import dataclass

from django.db.models import F, QuerySet

from engaging.plain.models import PublicTextScore, PublishAnyway
from engaging.plain.public_texts import label_for, text_kinds

ISSUE_WORDS = {
    "long_sentence": ("long sentence", "long sentences"),
    "jargon": ("jargon", "jargon"),
    "acronym": ("acronym", "acronyms"),
    "undefined_acronym": ("acronym not written out", "acronyms not written out"),
    "passive": ("passive phrase", "passive phrases"),
    "long_word": ("long word", "long words"),
}


def worst_first() -> QuerySet:
    """Every score, hardest to read first, then the most issues; texts too short for a reading age come last."""
    return PublicTextScore.objects.order_by(F("reading_age").desc(nulls_last=True), "-issue_count", "pk")


def reading_age_in_words(reading_age: float | None) -> str:
    """A reading age in whole years, as the checker's hints show it; a few words have none."""
    if reading_age is None:
        return "Too short to tell"
    return str(max(5, round(reading_age)))


def issues_in_words(summary: dict) -> str:
    """An issue summary as people say it, most first: “3 jargon, 1 long sentence”."""
    order = {kind: n for n, kind in enumerate(ISSUE_WORDS)}
    counted = sorted(
        ((kind, count) for kind, count in (summary or {}).items() if isinstance(count, int) and count > 0),
        key=lambda item: (-item[1], order.get(item[0], len(order)), item[0]),
    )
    parts = []
    for kind, count in counted:
        one, many = ISSUE_WORDS.get(kind, (kind.replace("_", " "),) * 2)
        parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts)


@dataclass
class Row:
    score: PublicTextScore
    label: str
    reading_age: str
    edit_url: str
    issues: str
    published_anyway: str  # the author's reason, when this very wording was published above the target


def rows_for(scores: list[PublicTextScore]) -> list[Row]:
    """What the list shows for each score, in one query for publish-anyway reasons (and one for links that need it)."""
    reasons = _publish_anyway_reasons(scores)
    urls: dict[tuple[int, int], str] = {}
    for kind in text_kinds():
        content_type_id = kind.content_type.pk
        ids = [score.object_id for score in scores if score.content_type_id == content_type_id]
        if ids:
            urls.update({(content_type_id, pk): url for pk, url in kind.edit_urls(ids).items()})
    return [
        Row(
            score=score,
            label=label_for(score.content_type_id, score.field),
            reading_age=reading_age_in_words(score.reading_age),
            edit_url=urls.get((score.content_type_id, score.object_id), ""),
            issues=issues_in_words(score.issue_summary),
            published_anyway=reasons.get(_text_key(score), ""),
        )
        for score in scores
    ]


def _text_key(record) -> tuple:
    return (record.content_type_id, record.object_id, record.field, record.text_digest)


def _publish_anyway_reasons(scores: list[PublicTextScore]) -> dict[tuple, str]:
    if not scores:
        return {}
    wanted = {_text_key(score) for score in scores}
    records = PublishAnyway.objects.filter(
        content_type__in={score.content_type_id for score in scores},
        object_id__in={score.object_id for score in scores},
        text_digest__in={score.text_digest for score in scores},
    ).only("content_type", "object_id", "field", "text_digest", "reason")
    reasons: dict[tuple, str] = {}
    for record in records:  # newest first, so the latest reason for a wording wins
        key = _text_key(record)
        if key in wanted:
            reasons.setdefault(key, record.reason)
    return reasons
