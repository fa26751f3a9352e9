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

import textstat

from engaging.plain.acronyms import undefined_acronyms
from engaging.plain.results import (
    ABOVE_TARGET,
    KINDS,
    MEETS_TARGET,
    MIN_WORDS_FOR_READING_AGE,
    MUST_FIX,
    NO_TEXT,
    WORST_FIRST,
    Issue,
    Result,
    issues_as_dicts,
    verdict_for,
    worst_first,
)
from engaging.plain.sentences import WORD_RE, Sentence, name_words, sentences, syllables
from engaging.plain.terms import Glossary, Term, default_glossary
from engaging.plain.wordlists import (
    EVERYDAY_WORDS,
    IRREGULAR_PARTICIPLES,
    NOT_PARTICIPLES,
    RESIDENTS_WORDS,
    easy_words,
    frequency,
    is_residents_word,
)

DEFAULT_TARGET_READING_AGE = 9  # the reading age GOV.UK writes for
LONG_SENTENCE_WORDS = 25  # a sentence with more words than this is long
# Zipf frequency (log10 of uses per billion words): below 3 is less than once in a million words.
# Measured against words residents know and words they do not: "ameliorate" 2.6, "underserved" 2.8 and
# "paediatric" 2.8 fall under it; "library" 4.9, "dementia" 3.8 and "mornings" 3.7 stay well over it.
UNCOMMON_ZIPF = 3.0

_KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}


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
        if is_residents_word(term.term):
            continue  # in the glossary to be explained on "Words we use", not to be avoided
        issues.append(_glossary_issue(text, start, end, term))

    issues.extend(undefined_acronyms(text, words, glossary))
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


__all__ = [
    "ABOVE_TARGET",
    "KINDS",
    "MEETS_TARGET",
    "MIN_WORDS_FOR_READING_AGE",
    "MUST_FIX",
    "NO_TEXT",
    "WORD_RE",
    "WORST_FIRST",
    "Glossary",
    "Issue",
    "Result",
    "Sentence",
    "Term",
    "check",
    "default_glossary",
    "issues_as_dicts",
    "name_words",
    "sentences",
    "syllables",
    "verdict_for",
    "worst_first",
]
