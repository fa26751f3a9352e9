"""Words and sentences as the checker counts them.

A sentence also ends at a blank line or a list item, and is not fooled by "e.g." or "Dr.". Pure Python.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import textstat

from engaging.plain.wordlists import ABBREVIATIONS

WORD_RE = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:['’\-\u2010\u2011][^\W_]+)*")
_TERMINATOR_RE = re.compile(r"[.!?\u2026]+[\"'”’)\]]*(?=\s|$)")
_BLOCK_BREAK_RE = re.compile(
    r"\n[ \t]*\n"  # a blank line
    r"|\n(?=[ \t]*(?:[-*\u2022\u2013\u00b7\u25aa]|\d{1,2}[.)])\s)"  # a list item
    r"|(?<=:)[ \t]*\n"  # the line introducing a list
)
_WORD_BEFORE_RE = re.compile(r"([^\W\d_]+)$")
_NUMBERING_RE = re.compile(r"[ \t]*(?:\d{1,3}\.)*\d{1,3}$")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    words: int


def _sentence_ends(text: str) -> list[int]:
    ends = {match.start() for match in _BLOCK_BREAK_RE.finditer(text)}
    for match in _TERMINATOR_RE.finditer(text):
        if match.group().startswith(".") and len(match.group().rstrip("\"'”’)]")) == 1:
            before = _WORD_BEFORE_RE.search(text, max(0, match.start() - 20), match.start())
            if before and (before.group(1).lower() in ABBREVIATIONS or _is_initial(before.group(1))):
                continue
            line_start = text.rfind("\n", 0, match.start()) + 1
            if _NUMBERING_RE.match(text, line_start, match.start()):
                continue  # "2.1 The board…": a paragraph number, not a sentence
        following = text[match.end() : match.end() + 40]
        rest = following.lstrip()
        if rest[:1].islower() and "\n" not in following[: len(following) - len(rest)]:
            continue  # "6 p.m. on Monday": the sentence carries on
        ends.add(match.end())
    ends.add(len(text))
    return sorted(ends)


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def sentences(text: str, word_starts: list[int] | None = None) -> list[Sentence]:
    """The sentences of the text, each trimmed of surrounding space; pieces with no words are left out."""
    if word_starts is None:
        word_starts = [match.start() for match in WORD_RE.finditer(text)]
    found = []
    start = 0
    for end in _sentence_ends(text):
        piece = text[start:end]
        stripped_start = start + len(piece) - len(piece.lstrip())
        stripped_end = start + len(piece.rstrip())
        words = bisect_left(word_starts, stripped_end) - bisect_left(word_starts, stripped_start)
        if words:
            found.append(Sentence(stripped_start, stripped_end, words))
        start = end
    return found


@lru_cache(maxsize=50_000)
def syllables(word: str) -> int:
    return textstat.syllable_count(word)


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The words of names (places, organisations), lower case: none of them is ever an uncommon word."""
    return frozenset(match.group().lower() for name in names for match in WORD_RE.finditer(name or ""))
