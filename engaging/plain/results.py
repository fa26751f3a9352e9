"""What a plain-language check finds: each issue, the result for a whole text, and the verdict's rule.

Plain data with no Django: the checks that find issues are in checker.py, which re-exports these names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

KINDS = ("long_sentence", "jargon", "acronym", "undefined_acronym", "passive", "uncommon_word")
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


def verdict_for(reading_age: float | None, word_count: int, target: int, must_fix: int = 0) -> str:
    """Meets the target when there is nothing to fix and, for a text long enough to have a reading age,
    that age is at or under the target in whole years as people see it (so "9" never misses a target of 9)."""
    if must_fix:
        return ABOVE_TARGET
    if reading_age is None or word_count < MIN_WORDS_FOR_READING_AGE or max(5, round(reading_age)) <= target:
        return MEETS_TARGET
    return ABOVE_TARGET


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
