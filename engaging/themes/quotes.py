"""Example quotes that are safe to show: anonymised, and only from sources whose writers agreed to share them."""

import re

from engaging.themes.models import Comment

# Participant feedback and questionnaire answers are given anonymously to be read and used; findings are
# already the partnership's record of what people said. Imported files may hold anything, so are not quoted.
QUOTABLE = (Comment.Source.FEEDBACK, Comment.Source.QUESTIONNAIRE, Comment.Source.FINDING)

_PATTERNS = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?<!\w)(\+44\s?|0)\d[\d\s-]{8,12}\d"), "[phone number]"),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"), "[postcode]"),
    (re.compile(r"\b(Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Nurse|Sister|Prof)\.?\s+[A-Z][a-z'-]+"), r"\1 [name]"),
    (re.compile(r"\b(called|named|name is|name was)\s+[A-Z][a-z'-]+(\s+[A-Z][a-z'-]+)?"), r"\1 [name]"),
    (re.compile(r"\b\d{3}\s?\d{3}\s?\d{4}\b"), "[number]"),
]


def anonymise(text: str) -> str:
    """The text with email addresses, phone numbers, postcodes, NHS numbers and people's names taken out."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def example_quotes(comments, *, count: int = 3, longest: int = 300) -> list[str]:
    """Up to `count` anonymised quotes from quotable comments, confirmed ones first, shortened to `longest`."""
    quotes = []
    for comment in comments.filter(source__in=QUOTABLE).order_by("-confirmed", "-written_on", "-pk")[: count * 3]:
        text = anonymise(" ".join(comment.text.split()))
        if len(text) > longest:
            text = text[: longest - 1].rsplit(" ", 1)[0] + "…"
        if text and text not in quotes:
            quotes.append(text)
        if len(quotes) == count:
            break
    return quotes
