"""Acronyms left unexplained: found where they are first used and not spelled out beside them. Pure Python."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from engaging.plain.results import Issue
from engaging.plain.sentences import WORD_RE
from engaging.plain.terms import Glossary
from engaging.plain.wordlists import is_residents_word

MAX_ACRONYM_LETTERS = 6  # longer runs of capitals are shouting or headings, not acronyms
_ACRONYM_RE = re.compile(r"(?<![\w&])([A-Z](?:&?[A-Z])+)(?=(?:s|['’]s)?(?![\w&]))")
_ROMAN_RE = re.compile(r"^[IVXLC]+$")


def _is_capitals(text: str, start: int, end: int) -> bool:
    letters = [c for c in text[start:end] if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def undefined_acronyms(text: str, words: list[tuple[int, int]], glossary: Glossary) -> Iterator[Issue]:
    """Acronyms not spelled out where they are first used, like “Integrated Care Board (ICB)” or “ICB (…)”."""
    # Three or more words in capitals with only spaces between them are shouting or a heading.
    shouting = set()
    run: list[tuple[int, int]] = []
    for start, end in [*words, (len(text), len(text))]:
        is_caps = end > start and _is_capitals(text, start, end)
        if is_caps and run and text[run[-1][1] : start].isspace():
            run.append((start, end))
            continue
        if len(run) >= 3:
            shouting.update(word_start for word_start, _ in run)
        run = [(start, end)] if is_caps else []
    word_index = {start: n for n, (start, _) in enumerate(words)}
    seen: set[str] = set()
    for match in _ACRONYM_RE.finditer(text):
        acronym = match.group(1)
        letters = acronym.replace("&", "")
        if acronym in seen or is_residents_word(acronym) or len(letters) > MAX_ACRONYM_LETTERS:
            continue
        if _ROMAN_RE.match(acronym) or match.start() in shouting:
            continue
        seen.add(acronym)
        term = glossary.get(acronym)
        if _is_defined(text, match.start(), match.end(), letters, words, word_index, term):
            continue
        example = term.stands_for if term and term.stands_for else "the words in full"
        yield Issue(
            "undefined_acronym",
            match.start(),
            match.end(),
            acronym,
            f"Write out {acronym} in full the first time you use it, like “{example} ({acronym})”.",
            f"{term.stands_for} ({acronym})" if term and term.stands_for else None,
            term.term if term else None,
            term.explanation if term else "",
        )


def _initials(text: str, spans: list[tuple[int, int]]) -> str:
    return "".join(
        part[0].upper() for start, end in spans for part in re.split(r"['’\-\u2010\u2011]", text[start:end]) if part
    )


def _spells(letters: str, initials: str) -> bool:
    """The acronym's letters are, in order, among the initials, starting with the first."""
    if not initials or initials[0] != letters[0]:
        return False
    remaining = iter(initials)
    return all(letter in remaining for letter in letters)


def _is_defined(text, start, end, letters, words, word_index, term) -> bool:
    after = end
    while after < len(text) and text[after] in "s'’":
        after += 1
    # “Integrated Care Board (ICB)”: the words before the bracket spell it.
    before = start - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    if before >= 0 and text[before] == "(" and text[after : after + 1] == ")":
        opening = before
        if term and term.stands_for and text[:opening].rstrip().lower().endswith(term.stands_for.lower()):
            return True
        index = bisect_left([w[0] for w in words], opening) if start not in word_index else word_index[start]
        preceding = [w for w in words[max(0, index - 3 * len(letters) - 3) : index] if w[1] <= opening]
        for size in range(1, len(preceding) + 1):
            if _spells(letters, _initials(text, preceding[-size:])):
                return True
    # “ICB (Integrated Care Board)”: the words in the bracket spell it.
    rest = text[after : after + 200]
    bracket = re.match(r"\s*\(([^()\n]{1,150})\)", rest)
    if bracket:
        inside = bracket.group(1)
        if term and term.stands_for and inside.strip().lower() == term.stands_for.lower():
            return True
        spans = [(m.start(), m.end()) for m in WORD_RE.finditer(inside)]
        return _spells(letters, _initials(inside, spans))
    return False
