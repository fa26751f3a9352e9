"""The checker with the hub's own glossary, names and target reading age."""

from functools import lru_cache

from django.conf import settings

from engaging.core import cache
from engaging.plain.checker import DEFAULT_TARGET_READING_AGE, Glossary, Result, Term, check, name_words
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


def live_names() -> frozenset[str]:
    """The words of the partnership's place and organisation names (from the shared lists, archived ones too,
    since old text still names them): a reader here knows them, so none is an uncommon word."""
    from engaging.accounts.models import Organisation
    from engaging.lists.models import Area

    rows = (
        *Area._base_manager.order_by("pk").values_list("name", flat=True),
        *Organisation._base_manager.order_by("pk").values_list("name", "short_name"),
    )
    return _names(tuple(rows))


@lru_cache(maxsize=4)
def _names(rows: tuple) -> frozenset[str]:
    return name_words(part for row in rows for part in (row if isinstance(row, tuple) else (row,)))


def _glossary_and_names() -> tuple[Glossary, frozenset[str]]:
    """The live glossary and names, kept in this process until a table they read is written: reading every
    organisation's name for each text checked cost more than the check at national scale."""
    return cache.in_process("plain-glossary-and-names", (), lambda: (live_glossary(), live_names()))


def check_text(text: str | None, *, target: int | None = None) -> Result:
    """Check text with the live glossary and names, against `target` or the hub's target reading age."""
    glossary, names = _glossary_and_names()
    return check(text, glossary=glossary, target_reading_age=target or target_reading_age(), names=names)
