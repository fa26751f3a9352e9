"""What the hints beside a text field show: a verdict, the issues in groups, and the text with problems marked."""

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from engaging.plain.checker import ABOVE_TARGET, MEETS_TARGET, WORD_RE, Issue, Result, worst_first

MAX_GROUPS = 12  # the list of issues stops here, with a count of the rest

SHORT = {
    "jargon": "jargon",
    "acronym": "acronym",
    "undefined_acronym": "acronym not written out in full the first time",
    "passive": "may be passive",
    "uncommon_word": "uncommon word",
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
    to_fix = len(result.to_fix)
    if result.verdict == MEETS_TARGET and result.reading_age is None:
        return "This is plain: there is nothing to fix."
    if result.verdict == MEETS_TARGET:
        return f"Reading age {result.reading_age_years}: this meets the target of {result.target_reading_age}."
    if result.verdict == ABOVE_TARGET:
        parts = []
        if to_fix:
            parts.append(f"{to_fix} thing{'s' if to_fix != 1 else ''} to fix before this is published.")
        if result.too_hard_to_read:
            parts.append(
                f"Reading age {result.reading_age_years}: this is harder to read than the target of "
                f"{result.target_reading_age}. Shorter sentences and everyday words will help."
            )
        return " ".join(parts)
    return "There is nothing to check yet."


def problems_in_words(result: Result, limit: int = 3) -> str:
    """What must change, worst first, in a few words: for form errors and the coordinators' list."""
    parts = []
    for group in grouped(result.to_fix):
        if group.kind == "long_sentence":
            parts.append(f"the sentence starting “{group.text}” is long")
        elif group.kind == "jargon":
            parts.append(f"“{group.text}” is jargon" + (f" (try “{group.suggestion}”)" if group.suggestion else ""))
        elif group.kind == "undefined_acronym":
            parts.append(f"write out {group.text} in full the first time")
        else:
            parts.append(f"“{group.text}” is not a common word")
    if result.too_hard_to_read:
        parts.append(f"its reading age is {result.reading_age_years}, above the target of {result.target_reading_age}")
    shown = parts[:limit]
    if len(parts) > limit:
        shown.append(f"{len(parts) - limit} more")
    return "; ".join(shown)


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
    groups = grouped(worst_first(result.issues))
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
