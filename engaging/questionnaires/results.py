"""What a questionnaire's answers add up to: per question, counts and percentages, the mean rating, text answers.

Results may be split by one "about you" answer (people aged 16 to 24, say) only when no count would
give away a small group: every count shown, for the people with that answer and for everyone else
(whom anyone could work out by subtracting), must be 0 or at least 5 (`split_is_safe`). Free-text
answers are never split: a few comments from a small group could identify them.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from engaging.evaluation.measures import SMALL_NUMBER
from engaging.questionnaires.models import AboutYou, Answer, Question, Questionnaire, QuestionnaireResponse


@dataclass(frozen=True)
class OptionCount:
    value: str  # the option's text, or the rating
    label: str
    count: int
    percent: float  # of the people who answered the question


@dataclass
class QuestionResult:
    question: Question
    answered: int  # people who answered it
    options: list[OptionCount] = field(default_factory=list)
    mean: float | None = None  # ratings only
    text_answers: int = 0

    @property
    def counts(self) -> list[int]:
        """Every count this result shows, for the small-number test."""
        return [option.count for option in self.options] + [self.answered, self.text_answers]


@dataclass(frozen=True)
class Split:
    """One "about you" answer results may be split by."""

    name: str
    value: str
    label: str

    @property
    def key(self) -> str:
        return f"{self.name}:{self.value}"


@dataclass
class Results:
    questionnaire: Questionnaire
    responses: int
    questions: list[QuestionResult]
    split: Split | None = None


def _rows(questionnaire: Questionnaire):
    """(response, question, choice, rating, has text) for every answer: one query."""
    return list(
        Answer.objects.filter(response__questionnaire=questionnaire)
        .order_by()
        .values_list("response_id", "question_id", "choice", "rating", "text")
    )


def _tally(questions: list[Question], rows, response_ids: set[int] | None) -> list[QuestionResult]:
    people: dict[int, set[int]] = defaultdict(set)
    chosen: dict[int, Counter] = defaultdict(Counter)
    texts: Counter = Counter()
    for response_id, question_id, choice, rating, text in rows:
        if response_ids is not None and response_id not in response_ids:
            continue
        people[question_id].add(response_id)
        if choice:
            chosen[question_id][choice] += 1
        elif rating:
            chosen[question_id][str(rating)] += 1
        elif text:
            texts[question_id] += 1
    results = []
    for question in questions:
        answered = len(people[question.pk])
        result = QuestionResult(question=question, answered=answered, text_answers=texts[question.pk])
        if question.kind != Question.Kind.TEXT:
            counts = chosen[question.pk]
            for value, label in question.choices():
                count = counts.get(value, 0)
                result.options.append(
                    OptionCount(value, label, count, round(100 * count / answered, 1) if answered else 0.0)
                )
        if question.kind == Question.Kind.RATING and answered:
            total = sum(int(value) * n for value, n in chosen[question.pk].items())
            result.mean = round(total / sum(chosen[question.pk].values()), 2)
        results.append(result)
    return results


def _small(counts) -> bool:
    return any(0 < count < SMALL_NUMBER for count in counts)


def split_is_safe(questions: list[Question], rows, group: set[int], everyone: set[int]) -> bool:
    """Whether results for `group` may be shown: it, and everyone else, have no count from 1 to 4 anywhere."""
    rest = everyone - group
    for ids in (group, rest):
        if _small([len(ids)]):
            return False
        if any(_small(result.counts) for result in _tally(questions, rows, ids)):
            return False
    return True


def _groups(questionnaire: Questionnaire) -> dict[tuple[str, str], set[int]]:
    """The responses with each "about you" answer, read in one query; never shown one by one."""
    groups: dict[tuple[str, str], set[int]] = defaultdict(set)
    rows = AboutYou.objects.filter(questionnaire=questionnaire, response__isnull=False).values_list(
        "response_id", *AboutYou.QUESTIONS
    )
    for response_id, *answers in rows:
        for name, value in zip(AboutYou.QUESTIONS, answers, strict=True):
            if value:
                groups[(name, value)].add(response_id)
    return groups


def safe_splits(questionnaire: Questionnaire, questions=None, rows=None) -> list[Split]:
    """The "about you" answers results may be split by without showing a count under 5, in the questions' order."""
    questions = questions if questions is not None else list(questionnaire.questions.all())
    rows = rows if rows is not None else _rows(questionnaire)
    everyone = set(QuestionnaireResponse.objects.filter(questionnaire=questionnaire).values_list("pk", flat=True))
    groups = _groups(questionnaire)
    splits = []
    for name, answers in AboutYou.ANSWERS.items():
        for value, label in answers.choices:
            group = groups.get((name, value))
            if group and split_is_safe(questions, rows, group, everyone):
                question_label = str(AboutYou._meta.get_field(name).verbose_name).capitalize()
                splits.append(Split(name, value, f"{question_label}: {label}"))
    return splits


def results_for(questionnaire: Questionnaire, split_key: str = "") -> tuple[Results, list[Split]]:
    """Each question's results, for everyone or for the people of one safe split; and the safe splits on offer.

    A split that is not safe (or not known) is ignored, and everyone's results are given.
    """
    questions = list(questionnaire.questions.order_by("position", "pk"))
    rows = _rows(questionnaire)
    splits = safe_splits(questionnaire, questions, rows) if questionnaire.asks_about_you else []
    chosen = next((split for split in splits if split.key == split_key), None)
    ids = None
    if chosen is not None:
        ids = set(
            AboutYou.objects.filter(questionnaire=questionnaire, **{chosen.name: chosen.value}).values_list(
                "response_id", flat=True
            )
        )
    total = len(ids) if ids is not None else QuestionnaireResponse.objects.filter(questionnaire=questionnaire).count()
    return Results(questionnaire, total, _tally(questions, rows, ids), chosen), splits


def text_answers(questionnaire: Questionnaire, *, words: str = "", question: int | None = None):
    """The free-text answers, newest first, optionally containing `words` or answering one question."""
    answers = (
        Answer.objects.free_text()
        .filter(response__questionnaire=questionnaire)
        .select_related("question", "response")
        .order_by("-response__submitted_on", "-pk")
    )
    if question:
        answers = answers.filter(question_id=question)
    for word in words.split()[:10]:
        answers = answers.filter(Q(text__icontains=word))
    return answers
