"""Finding glossary terms in text. Pure Python: no Django.

Ordinary terms are found in any case, with or without hyphens or spaces between their
words ("co-production", "coproduction"), and in their plural and -ed and -ing forms.
Acronyms are found only in their own capitals (and with a plural "s").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    plain_alternative: str
    explanation: str = ""
    is_acronym: bool = False
    stands_for: str = ""


# Between the words of a term: spaces or hyphens, and at most one line break (a blank line starts a new paragraph).
_GAP = r"(?=[\s\-\u2010\u2011])[ \t\u00a0\-\u2010\u2011]*(?:\r?\n)?[ \t\u00a0]*"
_OPTIONAL_GAP = r"(?:[ \t\u00a0\-\u2010\u2011]|\r?\n)?"
_WORD_CHAR = r"[^\W_]"


def _key(found: str) -> str:
    """Spellings of one ordinary term that should be treated alike: case, spaces, hyphens and apostrophes."""
    return re.sub(r"[\s\u00a0\-\u2010\u2011'’]", "", found.lower())


def _plural(word: str) -> list[str]:
    if len(word) < 3 or word in {"to", "of", "forward"}:
        return []
    if word.endswith("ies"):
        return [word[:-3] + "y"]
    if word.endswith("ss"):
        return [word + "es"]
    if word.endswith("s"):
        return [word[:-1]]
    if word.endswith(("x", "z", "ch", "sh")):
        return [word + "es"]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s"]


def _verb_forms(word: str) -> list[str]:
    if word.endswith(("ed", "ing", "ic", "al", "ive", "ous", "ly", "s", "y")):
        return []
    if word.endswith("e"):
        return [word + "d", word[:-1] + "ing"]
    return [word + "ed", word + "ing"]


def forms_of(term: Term) -> set[str]:
    """The spellings a term is found as: plurals, and for single words the -ed and -ing forms too."""
    if term.is_acronym:
        return {term.term, term.term + "s"} if term.term[-1:].isalpha() else {term.term}
    words = term.term.split()
    head, last = words[:-1], words[-1]
    endings = {last, *_plural(last)}
    if not head:
        endings.update(_verb_forms(last))
    return {" ".join([*head, ending]) for ending in endings}


def _pattern_for(form: str) -> str:
    parts = []
    for char in form:
        if char.isspace():
            parts.append(_GAP)
        elif char in "-\u2010\u2011":
            parts.append(_OPTIONAL_GAP)
        elif char in "'’":
            parts.append("['’]")
        else:
            parts.append(re.escape(char))
    body = "".join(parts)
    # A number such as 111 is not found inside a telephone number.
    before = r"(?<!\d\s)(?<!\d-)" if form[:1].isdigit() else ""
    after = r"(?![\s-]?\d)" if form[-1:].isdigit() else ""
    return before + body + after


def _alternation(forms: Iterable[str]) -> str:
    return "|".join(_pattern_for(form) for form in sorted(forms, key=lambda f: (-len(f), f)))


class Glossary:
    """Terms to look for, compiled once: acronyms match their exact capitals, other terms any case.

    Matches are whole words (so "ICB" is not found in "ICBX"), and the longest term wins
    ("integrated care board" rather than "integrated care").
    """

    def __init__(self, terms: Iterable):
        self.terms: dict[str, Term] = {}
        for item in terms:
            term = _as_term(item)
            if term.term.strip() and term.term not in self.terms:
                self.terms[term.term] = term
        self._acronyms: dict[str, Term] = {}
        self._words: dict[str, Term] = {}
        for term in self.terms.values():
            for form in forms_of(term):
                if term.is_acronym:
                    self._acronyms.setdefault(form, term)
                else:
                    self._words.setdefault(_key(form), term)
        acronym_forms = [f for t in self.terms.values() if t.is_acronym for f in forms_of(t)]
        word_forms = [f for t in self.terms.values() if not t.is_acronym for f in forms_of(t)]
        edge_before, edge_after = rf"(?<!{_WORD_CHAR})", rf"(?!{_WORD_CHAR})"
        self._acronym_re = (
            re.compile(f"{edge_before}(?:{_alternation(acronym_forms)}){edge_after}") if acronym_forms else None
        )
        self._word_re = (
            re.compile(f"{edge_before}(?:{_alternation(word_forms)}){edge_after}", re.IGNORECASE)
            if word_forms
            else None
        )

    def __len__(self) -> int:
        return len(self.terms)

    def get(self, term: str) -> Term | None:
        return self.terms.get(term)

    def find(self, text: str) -> Iterator[tuple[int, int, Term]]:
        """Every term in the text, left to right, never overlapping; the longer of two overlapping matches wins."""
        found = []
        if self._acronym_re is not None:
            for match in self._acronym_re.finditer(text):
                term = self._acronyms.get(match.group())
                if term is not None:
                    found.append((match.start(), match.end(), term))
        if self._word_re is not None:
            for match in self._word_re.finditer(text):
                term = self._words.get(_key(match.group()))
                if term is not None:
                    found.append((match.start(), match.end(), term))
        found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
        last_end = -1
        for start, end, term in found:
            if start >= last_end:
                last_end = end
                yield start, end, term


def _as_term(item) -> Term:
    if isinstance(item, Term):
        return item
    return Term(
        term=str(item.term).strip(),
        plain_alternative=str(item.plain_alternative),
        explanation=str(getattr(item, "explanation", "") or ""),
        is_acronym=bool(getattr(item, "is_acronym", False)),
        stands_for=str(getattr(item, "stands_for", "") or ""),
    )


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    """The glossary the hub starts with, for checking text without the hub's database."""
    from engaging.plain.glossary_data import seeds

    return Glossary(seeds())
