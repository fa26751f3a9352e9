"""The checker with the hub's own glossary and target reading age."""

from functools import lru_cache

from django.conf import settings

from engaging.plain.checker import DEFAULT_TARGET_READING_AGE, Glossary, Result, Term, check
from engaging.plain.models import GlossaryTerm

FIELDS = ("term", "plain_alternative", "explanation", "is_acronym", "stands_for")


def target_reading_age() -> int:
    """The reading age public text should meet: settings.PLAIN_TARGET_READING_AGE, or 9 as GOV.UK does."""
    return int(getattr(settings, "PLAIN_TARGET_READING_AGE", DEFAULT_TARGET_READING_AGE))


def max_check_length() -> int:
    """The longest text the hub will check in one go (settings.PLAIN_MAX_CHARS)."""
    return int(getattr(settings, "PLAIN_MAX_CHARS", 100_000))


def live_glossary() -> Glossary:
    """The glossary's live terms, compiled; compiling happens again only when the terms change."""
    rows = tuple(GlossaryTerm.objects.order_by("pk").values_list(*FIELDS))
    return _compiled(rows)


@lru_cache(maxsize=4)
def _compiled(rows: tuple) -> Glossary:
    return Glossary(Term(*row) for row in rows)


def check_text(text: str | None, *, target: int | None = None) -> Result:
    """Check text with the live glossary, against `target` or the hub's target reading age."""
    return check(text, glossary=live_glossary(), target_reading_age=target or target_reading_age())
