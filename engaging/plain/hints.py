"""What the hints beside a text field show: a verdict, the issues in groups, and the text with problems marked."""

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from engaging.plain.checker import ABOVE_TARGET, MEETS_TARGET, MIN_WORDS_FOR_READING_AGE, WORD_RE, Issue, Result

MAX_GROUPS = 12  # the list of issues stops here, with a count of the rest

SHORT = {
    "jargon": "jargon",
    "acronym": "acronym",
    "undefined_acronym": "acronym not written out in full the first time",
    "passive": "may be passive",
    "long_word": "long word",
}


@dataclass
class Group:
    """Issues of one kind about the same words, listed once with how often they appear."""

    kind: str
    text: str
    message: str
    suggestion: str | None
    explanation: str
    count: int = 1


def verdict_label(result: Result) -> str:
    if result.verdict == MEETS_TARGET and result.word_count < MIN_WORDS_FOR_READING_AGE:
        return "This is too short for a reading age. The hints below still apply."
    if result.verdict == MEETS_TARGET:
        return f"Reading age {result.reading_age_years}: this meets the target of {result.target_reading_age}."
    if result.verdict == ABOVE_TARGET:
        return (
            f"Reading age {result.reading_age_years}: this is harder to read than the target of "
            f"{result.target_reading_age}. Shorter sentences and shorter words will help."
        )
    return "There is nothing to check yet."


def grouped(issues) -> list[Group]:
    groups: dict[tuple, Group] = {}
    for issue in issues:
        if issue.kind == "long_sentence":
            key = (issue.kind, issue.start)
            label = _opening(issue.text)
        else:
            key = (issue.kind, issue.term or issue.text.lower())
            label = issue.text
        if key in groups:
            groups[key].count += 1
        else:
            groups[key] = Group(issue.kind, label, issue.message, issue.suggestion, issue.explanation)
    return list(groups.values())


def _opening(sentence: str, words: int = 6) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def marked(text: str, issues) -> SafeString:
    """The text, escaped, with each problem word in <mark> (its reason visually hidden) and long sentences labelled."""
    spans: list[list] = []
    for issue in sorted((i for i in issues if i.kind != "long_sentence"), key=lambda i: (i.start, -i.end)):
        if spans and issue.start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], issue.end)
            spans[-1][2].append(issue)
        else:
            spans.append([issue.start, issue.end, [issue]])
    notes: dict[int, int] = {}
    for issue in issues:
        if issue.kind == "long_sentence":
            end = issue.end
            for start, stop, _ in spans:
                if start < end < stop:
                    end = stop
            notes[end] = len(WORD_RE.findall(issue.text))
    pieces: list[str] = []
    position = 0
    for start, end, found in spans:
        pieces.append(_plain(text, position, start, notes))
        reasons = "; ".join(dict.fromkeys(_reason(issue) for issue in found))
        pieces.append(
            format_html(
                '<mark>{}<span class="govuk-visually-hidden"> ({})</span></mark>', _lines(text[start:end]), reasons
            )
        )
        pieces.append(_note(notes.get(end)))
        position = end
    pieces.append(_plain(text, position, len(text), notes))
    return mark_safe("".join(pieces))


def _reason(issue: Issue) -> str:
    reason = SHORT[issue.kind]
    if issue.suggestion and issue.kind in ("jargon", "acronym"):
        reason += f": try “{issue.suggestion}”"
    return reason


def _plain(text: str, start: int, end: int, notes: dict[int, int]) -> str:
    pieces, position = [], start
    for note_at in sorted(at for at in notes if start < at <= end):
        pieces.append(_lines(text[position:note_at]))
        pieces.append(_note(notes[note_at]))
        position = note_at
    pieces.append(_lines(text[position:end]))
    return "".join(pieces)


def _lines(text: str) -> str:
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _note(words: int | None) -> str:
    if not words:
        return ""
    return format_html(' <strong class="govuk-tag govuk-tag--yellow">Long sentence: {} words</strong>', words)


def hints_context(result: Result | None, *, field_id: str, text: str = "", too_long: bool = False) -> dict:
    """Everything the hints templates need for one field."""
    if result is None:
        return {"field_id": field_id, "too_long": too_long, "result": None}
    groups = grouped(result.issues)
    return {
        "field_id": field_id,
        "too_long": too_long,
        "result": result,
        "verdict": verdict_label(result),
        "issue_count": len(result.issues),
        "groups": groups[:MAX_GROUPS],
        "more": max(0, len(groups) - MAX_GROUPS),
        "marked": marked(text, result.issues) if result.issues else None,
    }
