"""The coordinators' list of public texts: worst first, each text with what to fix in it, and why any was
published anyway."""

from dataclasses import dataclass, field

from django.db.models import F, QuerySet
from django.utils.safestring import SafeString, mark_safe

from engaging.plain.checker import WORD_RE
from engaging.plain.checker import worst_first as issues_worst_first
from engaging.plain.hints import Group, grouped, marked
from engaging.plain.models import PublicTextScore, PublishAnyway
from engaging.plain.publishing import digest
from engaging.plain.registry import label_for, text_kinds
from engaging.plain.scoring import Checker

EXCERPT_CHARS = 300  # enough for a summary or two sentences; longer texts are cut at a word's end
ISSUES_SHOWN = 4

ISSUE_WORDS = {
    "long_sentence": ("long sentence", "long sentences"),
    "jargon": ("jargon", "jargon"),
    "acronym": ("acronym", "acronyms"),
    "undefined_acronym": ("acronym not written out", "acronyms not written out"),
    "passive": ("passive phrase", "passive phrases"),
    "uncommon_word": ("uncommon word", "uncommon words"),
    "long_word": ("long word", "long words"),  # from scores made before uncommon words replaced long ones
}


def worst_first() -> QuerySet:
    """Every score: texts that miss the target first, then the hardest to read (texts too short for a reading
    age after those that have one), then the most issues."""
    return PublicTextScore.objects.order_by(
        "meets_target", F("reading_age").desc(nulls_last=True), "-issue_count", "pk"
    )


def reading_age_in_words(reading_age: float | None) -> str:
    """A reading age in whole years, as the checker's hints show it; texts under 100 words have none."""
    if reading_age is None:
        return "Too short for one (under 100 words)"
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
    excerpt: SafeString | str = ""  # the text as it is now, trimmed, with the words to look at marked
    problems: list[Group] = field(default_factory=list)  # what to fix, worst first
    more: int = 0  # issues not listed


def rows_for(scores: list[PublicTextScore]) -> list[Row]:
    """What the list shows for each score, in one query for publish-anyway reasons, one per kind of text for the
    texts themselves (checked again, so what is shown is what is there now) and one for links that need it."""
    reasons = _publish_anyway_reasons(scores)
    texts = _texts(scores)
    checker = Checker()
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
            **_shown(texts.get((score.content_type_id, score.object_id, score.field), ""), checker),
        )
        for score in scores
    ]


def _texts(scores: list[PublicTextScore]) -> dict[tuple[int, int, str], str]:
    """The words of each scored text as they are now, one query per kind of text on the page."""
    found: dict[tuple[int, int, str], str] = {}
    for kind in text_kinds():
        content_type_id = kind.content_type.pk
        wanted = [score for score in scores if score.content_type_id == content_type_id]
        names = sorted({score.field for score in wanted} & {text_field.name for text_field in kind.fields})
        if not names:
            continue
        ids = {score.object_id for score in wanted}
        for row in kind.model._base_manager.filter(pk__in=ids).values("pk", *names):
            for name in names:
                found[(content_type_id, row["pk"], name)] = row[name] or ""
    return found


def _shown(text: str, checker: Checker) -> dict:
    if not text.strip():
        return {}
    result = checker.check(text, digest(text))
    cut = _cut(text)
    kept = [issue for issue in result.issues if issue.end <= cut]
    excerpt = marked(text[:cut], kept)  # escaped, problem words in <mark>
    if cut < len(text):
        excerpt = mark_safe(excerpt + "…")
    groups = grouped(issues_worst_first(result.issues))
    return {"excerpt": excerpt, "problems": groups[:ISSUES_SHOWN], "more": max(0, len(groups) - ISSUES_SHOWN)}


def _cut(text: str) -> int:
    """Where to trim a text for the list: the end of the last whole word within EXCERPT_CHARS."""
    if len(text) <= EXCERPT_CHARS:
        return len(text)
    ends = [match.end() for match in WORD_RE.finditer(text, 0, EXCERPT_CHARS)]
    return ends[-1] if ends else EXCERPT_CHARS


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
