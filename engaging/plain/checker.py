"""Plain-language checks for any text: long sentences, jargon, acronyms, uncommon words, passive voice, reading age.

Pure Python over textstat and wordfreq, with no Django, so it can be used on its own:

    >>> from engaging.plain.checker import check
    >>> result = check("Stakeholders will be engaged going forward.")
    >>> [(issue.kind, issue.text) for issue in result.issues]
    [('jargon', 'Stakeholders'), ('passive', 'be engaged'), ('jargon', 'going forward')]

Every issue has `start` and `end`, offsets into the text as given (Python string indices),
so `text[issue.start:issue.end] == issue.text`. Issues come in the order they appear.

The verdict. A text meets the target when there is nothing to fix: no sentence over 25 words, no
jargon from the glossary, no acronym left unexplained and no uncommon word (one that appears less
than once in a million words of everyday English, by wordfreq's list, and is not a name the hub
knows or a word residents use). Passive voice, and glossary acronyms that are spelled out, are hints
only. A text of 100 words or more must also have a reading age at or under the target: the
Flesch–Kincaid grade (as textstat works it out) plus five, in UK years. Reading-age formulas
average over many sentences, so on a sentence or two they mislead: shorter texts have none.

Long sentences and the average sentence length use this module's own idea of a sentence,
which also ends at a blank line or a list item and is not fooled by "e.g." or "Dr.".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import textstat

from engaging.plain.terms import Glossary, Term, default_glossary
from engaging.plain.wordlists import (
    ABBREVIATIONS,
    EVERYDAY_WORDS,
    IRREGULAR_PARTICIPLES,
    NOT_PARTICIPLES,
    RESIDENTS_WORDS,
    WELL_KNOWN_ACRONYMS,
    easy_words,
    frequency,
)

DEFAULT_TARGET_READING_AGE = 9  # the reading age GOV.UK writes for
LONG_SENTENCE_WORDS = 25  # a sentence with more words than this is long
# Zipf frequency (log10 of uses per billion words): below 3 is less than once in a million words.
# Measured against words residents know and words they do not: "ameliorate" 2.6, "underserved" 2.8 and
# "paediatric" 2.8 fall under it; "library" 4.9, "dementia" 3.8 and "mornings" 3.7 stay well over it.
UNCOMMON_ZIPF = 3.0
MAX_ACRONYM_LETTERS = 6  # longer runs of capitals are shouting or headings, not acronyms

KINDS = ("long_sentence", "jargon", "acronym", "undefined_acronym", "passive", "uncommon_word")
_KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}
# What must be fixed (or published anyway with a reason): everything but the hints.
MUST_FIX = frozenset({"long_sentence", "jargon", "undefined_acronym", "uncommon_word"})
# Worst first, for lists of what to fix: words people cannot understand before words that slow them down.
WORST_FIRST = ("jargon", "undefined_acronym", "uncommon_word", "long_sentence", "acronym", "passive")

MEETS_TARGET = "meets_target"
ABOVE_TARGET = "above_target"
NO_TEXT = "no_text"
# Reading-age formulas average over running text: on a sentence or two one long word swings the figure
# by years ("Come to our drop-in at Brierley Hill library on Tuesday mornings." scores 13). Texts
# shorter than this have no reading age and are judged on what can be measured in them.
MIN_WORDS_FOR_READING_AGE = 100


@dataclass(frozen=True, slots=True)
class Issue:
    kind: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None  # a plainer alternative, where there is one
    term: str | None = None  # the glossary term this is about, if any
    explanation: str = ""  # what the glossary term means


@dataclass(frozen=True, slots=True)
class Result:
    word_count: int
    sentence_count: int
    average_sentence_length: float
    reading_age: float | None  # UK years; None when there are fewer than MIN_WORDS_FOR_READING_AGE words
    flesch_reading_ease: float | None  # None when there is no reading age
    target_reading_age: int
    verdict: str
    issues: tuple[Issue, ...] = ()

    def of_kind(self, kind: str) -> list[Issue]:
        return [issue for issue in self.issues if issue.kind == kind]

    @property
    def long_sentences(self) -> list[Issue]:
        return self.of_kind("long_sentence")

    @property
    def jargon(self) -> list[Issue]:
        return self.of_kind("jargon")

    @property
    def acronyms(self) -> list[Issue]:
        return self.of_kind("acronym")

    @property
    def undefined_acronyms(self) -> list[Issue]:
        return self.of_kind("undefined_acronym")

    @property
    def passive(self) -> list[Issue]:
        return self.of_kind("passive")

    @property
    def uncommon_words(self) -> list[Issue]:
        return self.of_kind("uncommon_word")

    @property
    def to_fix(self) -> list[Issue]:
        """The issues that decide the verdict, worst first (then in order of appearance)."""
        return worst_first(issue for issue in self.issues if issue.kind in MUST_FIX)

    @property
    def too_hard_to_read(self) -> bool:
        """Whether the reading age (for a text long enough to have one) misses the target."""
        return self.reading_age is not None and max(5, round(self.reading_age)) > self.target_reading_age

    @property
    def meets_target(self) -> bool:
        return self.verdict == MEETS_TARGET

    @property
    def reading_age_years(self) -> int | None:
        """The reading age as a whole number of years, as a person would say it (never below 5)."""
        return None if self.reading_age is None else max(5, round(self.reading_age))


def worst_first(issues: Iterable[Issue]) -> list[Issue]:
    order = {kind: n for n, kind in enumerate(WORST_FIRST)}
    return sorted(issues, key=lambda issue: (order.get(issue.kind, len(order)), issue.start))


# Words and sentences -------------------------------------------------------------------

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


# The checks ------------------------------------------------------------------------------


def check(
    text: str | None,
    *,
    glossary: Glossary | Iterable | None = None,
    target_reading_age: int = DEFAULT_TARGET_READING_AGE,
    long_sentence_words: int = LONG_SENTENCE_WORDS,
    names: Iterable[str] | frozenset[str] = (),
) -> Result:
    """Check a text against plain-English rules and the glossary; see the module's docstring.

    `names` are names the reader is expected to know (the partnership's places and organisations):
    their words are never uncommon. A frozenset is taken as words already lowered (see name_words).
    """
    text = text or ""
    known_names = names if isinstance(names, frozenset) else name_words(names)
    if glossary is None:
        glossary = default_glossary()
    elif not isinstance(glossary, Glossary):
        glossary = Glossary(glossary)

    words = [(m.start(), m.end()) for m in WORD_RE.finditer(text)]
    if not words:
        return Result(0, 0, 0.0, None, None, target_reading_age, NO_TEXT)
    word_starts = [start for start, _ in words]
    found_sentences = sentences(text, word_starts)
    long_enough = len(words) >= MIN_WORDS_FOR_READING_AGE
    reading_age = textstat.flesch_kincaid_grade(text) + 5 if long_enough else None
    issues: list[Issue] = []

    for sentence in found_sentences:
        if sentence.words > long_sentence_words:
            issues.append(
                Issue(
                    "long_sentence",
                    sentence.start,
                    sentence.end,
                    text[sentence.start : sentence.end],
                    f"This sentence has {sentence.words} words. Try to keep sentences to {long_sentence_words} "
                    "words or fewer: split it, or take out words it does not need.",
                )
            )

    matched = []
    for start, end, term in glossary.find(text):
        matched.append((start, end))
        if _is_residents_word(term.term):
            continue  # in the glossary to be explained on "Words we use", not to be avoided
        issues.append(_glossary_issue(text, start, end, term))

    issues.extend(_undefined_acronyms(text, words, glossary))
    issues.extend(_passive(text))
    sentence_starts = {sentence.start for sentence in found_sentences}
    issues.extend(_uncommon_words(text, words, matched, sentence_starts, known_names))

    issues.sort(key=lambda issue: (issue.start, _KIND_ORDER[issue.kind], issue.end))
    must_fix = sum(1 for issue in issues if issue.kind in MUST_FIX)
    return Result(
        word_count=len(words),
        sentence_count=len(found_sentences),
        average_sentence_length=len(words) / len(found_sentences),
        reading_age=reading_age,
        flesch_reading_ease=textstat.flesch_reading_ease(text) if long_enough else None,
        target_reading_age=target_reading_age,
        verdict=verdict_for(reading_age, len(words), target_reading_age, must_fix),
        issues=tuple(issues),
    )


def verdict_for(reading_age: float | None, word_count: int, target: int, must_fix: int = 0) -> str:
    """Meets the target when there is nothing to fix and, for a text long enough to have a reading age,
    that age is at or under the target in whole years as people see it (so "9" never misses a target of 9)."""
    if must_fix:
        return ABOVE_TARGET
    if reading_age is None or word_count < MIN_WORDS_FOR_READING_AGE or max(5, round(reading_age)) <= target:
        return MEETS_TARGET
    return ABOVE_TARGET


def _is_residents_word(term: str) -> bool:
    return term in WELL_KNOWN_ACRONYMS or term.lower() in RESIDENTS_WORDS


def _glossary_issue(text: str, start: int, end: int, term: Term) -> Issue:
    found = text[start:end]
    if term.is_acronym:
        spelled = f" ({term.stands_for})" if term.stands_for and term.stands_for != term.term else ""
        message = f"{found}{spelled} is an acronym many people will not know. Try “{term.plain_alternative}”."
        kind = "acronym"
    else:
        message = f"“{found}” is jargon. Try “{term.plain_alternative}”."
        kind = "jargon"
    return Issue(kind, start, end, found, message, term.plain_alternative, term.term, term.explanation)


_ACRONYM_RE = re.compile(r"(?<![\w&])([A-Z](?:&?[A-Z])+)(?=(?:s|['’]s)?(?![\w&]))")
_ROMAN_RE = re.compile(r"^[IVXLC]+$")


def _is_capitals(text: str, start: int, end: int) -> bool:
    letters = [c for c in text[start:end] if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _undefined_acronyms(text: str, words: list[tuple[int, int]], glossary: Glossary) -> Iterator[Issue]:
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
        if acronym in seen or _is_residents_word(acronym) or len(letters) > MAX_ACRONYM_LETTERS:
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


_BE = r"(?:am|is|are|was|were|be|been|being|isn['’]t|aren['’]t|wasn['’]t|weren['’]t)"
_ADVERB = r"(?:not|also|often|always|never|now|then|already|still|usually|currently|recently|being|[^\W\d_]+ly)"
_PASSIVE_RE = re.compile(
    rf"(?<![\w'’]){_BE}\s+(?:{_ADVERB}\s+){{0,2}}([^\W\d_]+(?:-[^\W\d_]+)*)(?![\w'’-])", re.IGNORECASE
)


def _is_participle(word: str) -> bool:
    word = word.lower()
    if word in NOT_PARTICIPLES:
        return False
    if word in IRREGULAR_PARTICIPLES:
        return True
    last = word.rsplit("-", 1)[-1]
    return len(last) >= 4 and last.endswith("ed") and last not in NOT_PARTICIPLES


def _passive(text: str) -> Iterator[Issue]:
    """A form of “to be” followed by a past participle, perhaps with an adverb between: likely passive voice."""
    for match in _PASSIVE_RE.finditer(text):
        if _is_participle(match.group(1)):
            yield Issue(
                "passive",
                match.start(),
                match.end(),
                match.group(),
                f"“{match.group()}” may be passive. Say who does it: “we decided” rather than “it was decided”.",
            )


_APOSTROPHE_S = re.compile(r"['’]s$")


def is_common(word: str) -> bool:
    """Whether a lower-case word is one most readers meet often: in everyday use by wordfreq's count, in the
    Dale–Chall list of easy words, or on the hub's own lists; a plural or -ed/-ing form of such a word is too."""
    if word in EVERYDAY_WORDS or word in RESIDENTS_WORDS or word in easy_words():
        return True
    if frequency(word) >= UNCOMMON_ZIPF:
        return True
    return any(
        base in EVERYDAY_WORDS or base in RESIDENTS_WORDS or frequency(base) >= UNCOMMON_ZIPF for base in _bases(word)
    )


def _bases(word: str) -> list[str]:
    """What a word may be a plural or -ed or -ing form of."""
    if word.endswith("ies") and len(word) > 4:
        return [word[:-3] + "y"]
    if word.endswith("es") and len(word) > 4:
        return [word[:-2], word[:-1]]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return [word[:-1]]
    if word.endswith("ed") and len(word) > 4:
        return [word[:-2], word[:-1]]
    if word.endswith("ing") and len(word) > 5:
        return [word[:-3], word[:-3] + "e"]
    return []


def _uncommon_words(text, words, matched, sentence_starts, names) -> Iterator[Issue]:
    """Words few readers meet often, by wordfreq's list of everyday English; names and glossary terms aside."""
    matched_starts = [start for start, _ in matched]
    for start, end in words:
        word = _APOSTROPHE_S.sub("", text[start:end])
        parts = [part for part in re.split(r"['’\-\u2010\u2011]", word) if part]
        if not parts or not all(part.isalpha() for part in parts):
            continue  # numbers, times and codes
        if word[0].isupper() and (start not in sentence_starts or word.isupper()):
            continue  # a name, a place or an acronym
        index = bisect_left(matched_starts, end) - 1
        if index >= 0 and matched[index][1] > start:
            continue  # already found in the glossary
        lower = word.lower()
        if lower in names or lower in EVERYDAY_WORDS or lower in RESIDENTS_WORDS:
            continue
        hard = [part for part in (p.lower() for p in parts) if len(part) > 2 and part not in names]
        if all(is_common(part) for part in hard):
            continue
        yield Issue(
            "uncommon_word",
            start,
            end,
            text[start:end],
            f"“{text[start:end]}” is not a common word, and some readers will not know it. Use an everyday word "
            "if there is one, or say what it means.",
        )


def issues_as_dicts(result: Result) -> list[dict]:
    """The issues as plain data, for JSON."""
    out = []
    for issue in result.issues:
        item = {"kind": issue.kind, "start": issue.start, "end": issue.end, "text": issue.text}
        if issue.suggestion:
            item["suggestion"] = issue.suggestion
        item["message"] = issue.message
        out.append(item)
    return out


__all__ = [
    "KINDS",
    "MUST_FIX",
    "Glossary",
    "Issue",
    "Result",
    "Term",
    "check",
    "default_glossary",
]
