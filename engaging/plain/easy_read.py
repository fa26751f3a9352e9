"""Drafting an Easy Read version of a plain summary: one short idea per line, jargon swapped for plain words.

The draft is a start for the author to edit, following the UK guidance on Easy Read: short
sentences, one idea in each, everyday words, and a picture beside each idea. Pure Python: no Django.
"""

import re

from engaging.plain.checker import WORD_RE, sentences
from engaging.plain.terms import Glossary, default_glossary

MAX_IDEA_WORDS = 20  # the most words an idea may have when it is saved
SPLIT_OVER_WORDS = 15  # the draft splits sentences longer than this where it safely can

_ACRONYM_IN_BRACKETS = re.compile(r"\s*\((?:[A-Z](?:&?[A-Z0-9])+)s?\)")
_LIST_MARKER = re.compile(r"^(?:[-*\u2022\u2013\u00b7\u25aa]|\d{1,3}(?:\.\d{1,3})*[.)]?)\s+")
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:and|but|so|because|while)\b)", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an|our|your|their|his|her|its|my)(?:\s+own)?\s+$", re.IGNORECASE)
_ARTICLE_START = ("the ", "a ", "an ", "your ", "our ")


def words_in(text: str) -> int:
    return len(WORD_RE.findall(text))


def swap_jargon(text: str, glossary: Glossary) -> str:
    """The text with each glossary term replaced by its plain alternative."""
    pieces, position = [], 0
    for start, end, term in glossary.find(text):
        before = text[position:start]
        # "NHS 111" stands for itself: swap all of it, not just the "111".
        lead = term.stands_for[: -len(term.term)] if term.stands_for.endswith(term.term) else ""
        if lead and before.endswith(lead):
            before = before[: -len(lead)]
        alternative = term.plain_alternative
        if alternative.lower().startswith(_ARTICLE_START):
            before = _ARTICLE_BEFORE.sub("", before)  # "the ICB" → "the local NHS", not "the the local NHS"
        if start == 0 or not before.strip() and position == 0:
            alternative = alternative[:1].upper() + alternative[1:]
        pieces.extend([before, alternative])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _split_long(sentence: str) -> list[str]:
    """A long sentence in shorter pieces, where that is safe: at a semicolon, or before “and”, “but”, “so”…"""
    if words_in(sentence) <= SPLIT_OVER_WORDS:
        return [sentence]
    parts = [part for part in _CLAUSE_BREAK.split(sentence) if part.strip()]
    if len(parts) > 1 and all(words_in(part) >= 3 for part in parts):
        return [piece for part in parts for piece in _split_long(part)]
    return [sentence]


def _tidy(idea: str) -> str:
    idea = " ".join(idea.split()).strip(" ,;:-")
    idea = re.sub(r"^and\s+", "", idea, flags=re.IGNORECASE)
    if not idea or not WORD_RE.search(idea):
        return ""
    idea = idea[:1].upper() + idea[1:]
    if idea[-1] not in ".!?":
        idea += "."
    return idea


def draft_ideas(text: str, *, glossary: Glossary | None = None) -> list[str]:
    """Ideas for an Easy Read version of `text`: a sentence each, long ones split, jargon swapped for plain words."""
    glossary = glossary if glossary is not None else default_glossary()
    text = _ACRONYM_IN_BRACKETS.sub("", text or "")
    ideas = []
    # A summary is typed in a form, so each line break is meant: every line starts a new idea.
    for line in text.splitlines():
        for sentence in sentences(line):
            piece = _LIST_MARKER.sub("", line[sentence.start : sentence.end])
            piece = swap_jargon(piece, glossary)
            for part in _split_long(piece):
                tidy = _tidy(part)
                if tidy:
                    ideas.append(tidy)
    return ideas


OPENING_SHORT_WORDS = 8  # a first sentence shorter than this brings the next one with it


def opening_ideas(text: str, *, glossary: Glossary | None = None) -> list[str]:
    """Ideas for the start of a longer text: its first sentence, and the second too when the first is short."""
    chosen: list[str] = []
    for line in (text or "").splitlines():
        for sentence in sentences(line):
            chosen.append(line[sentence.start : sentence.end])
            if len(chosen) == 2 or sentence.words >= OPENING_SHORT_WORDS:
                return draft_ideas("\n".join(chosen), glossary=glossary)
    return draft_ideas("\n".join(chosen), glossary=glossary)
