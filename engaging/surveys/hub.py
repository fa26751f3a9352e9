"""Questionnaires answered in the hub, followed as surveys, so their answers become indicators over time.

A questionnaire's one-choice and rating questions become survey questions with the same answers; a
several-choices question becomes one question per option ("chosen" or "not chosen"); free text stays
with theme analysis. Each response is a respondent of weight 1, dated the day it was given, in the area
the questionnaire's activity covers (the one area, or the smallest area holding all of them).

Following rebuilds the survey's respondents from every response; after that each new response is added
as it is saved, so the indicators stay current without anyone importing anything.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.db.models.signals import post_save
from django.dispatch import receiver

from engaging.accounts.roles import roles_for
from engaging.lists.models import Area
from engaging.questionnaires.models import Answer as GivenAnswer
from engaging.questionnaires.models import Question as Asked
from engaging.questionnaires.models import Questionnaire, QuestionnaireResponse
from engaging.surveys.models import MAX_ANSWERS, Answer, Question, Respondent, Survey, SurveyImport

FROM_THE_HUB = "Answered in the hub"
CHOSEN, NOT_CHOSEN = "Chosen", "Not chosen"
FOLLOWED_KINDS = (Asked.Kind.SINGLE_CHOICE, Asked.Kind.RATING, Asked.Kind.MULTIPLE_CHOICE)


@dataclass(frozen=True)
class _Column:
    """Where one of the questionnaire's answers goes in a respondent's row of answer codes."""

    asked: int  # the questionnaire's question
    position: int  # the survey question's position
    codes: dict[str, int]  # the answer as the questionnaire keeps it (an option's text, a rating's number) → code
    option: str = ""  # for a several-choices question, the option this column is about


def area_of(questionnaire: Questionnaire) -> Area | None:
    """The area the questionnaire's respondents are counted in: the activity's one area, or the smallest area that
    holds all of its areas; None when the activity has none."""
    paths = list(questionnaire.activity.areas.values_list("path", flat=True))
    if not paths:
        return None
    step = Area.PATH_STEP
    common = paths[0]
    for path in paths[1:]:
        shared = 0
        while shared < min(len(common), len(path)) and common[shared] == path[shared]:
            shared += 1
        common = common[: shared - shared % step]
    return Area.objects.filter(path=common).first() if common else None


def followable(questionnaire: Questionnaire) -> list[Asked]:
    return [q for q in questionnaire.questions.order_by("position", "pk") if q.kind in FOLLOWED_KINDS]


def to_follow(user) -> list[Questionnaire]:
    """Questionnaires with answers, not yet followed, that this person may follow as surveys, with `answered`."""
    roles = roles_for(user)
    if not (roles.coordinator or roles.officer_of):
        return []
    found = (
        Questionnaire.objects.filter(survey__isnull=True)
        .filter(Exists(Asked.objects.filter(questionnaire=OuterRef("pk"), kind__in=FOLLOWED_KINDS)))
        .annotate(answered=Count("responses"))
        .filter(answered__gt=0)
        .select_related("activity__lead_organisation")
        .order_by("title", "pk")
    )
    if not roles.coordinator:
        found = found.filter(activity__lead_organisation__in=roles.officer_of)
    return list(found[:50])


def _survey_name(questionnaire: Questionnaire) -> str:
    base = f"{questionnaire.title} (questionnaire)"[:190]
    name, n = base, 1
    while Survey.objects.filter(name__iexact=name).exclude(questionnaire=questionnaire).exists():
        n += 1
        name = f"{base} {n}"
    return name


def _columns(survey: Survey, questionnaire: Questionnaire) -> list[_Column]:
    """The survey's questions for the questionnaire's, made where missing; their answers in the questionnaire's
    order. The questionnaire's questions are locked once anyone answers, so each keeps its position."""
    existing = {q.text: q for q in survey.questions.all()}
    columns, position = [], 0
    for asked in followable(questionnaire):
        if asked.kind == Asked.Kind.MULTIPLE_CHOICE:
            parts = [(f"{asked.text}: {option}"[:500], str(option), [CHOSEN, NOT_CHOSEN]) for option in asked.options]
        elif asked.kind == Asked.Kind.RATING:
            labels = [f"{n} – {label}" for n, label in enumerate(asked.rating_labels, start=1)]
            parts = [(asked.text, "", labels)]
        else:
            parts = [(asked.text, "", [str(option) for option in asked.options])]
        for text, option, answers in parts:
            question = existing.get(text)
            if question is None:
                question = Question.objects.create(survey=survey, position=position, text=text)
                Answer.objects.bulk_create(
                    Answer(question=question, code=code, text=answer[:300])
                    for code, answer in enumerate(answers[:MAX_ANSWERS], start=1)
                )
            if asked.kind == Asked.Kind.RATING:
                codes = {str(n): n for n in range(1, len(answers) + 1)}
            elif asked.kind == Asked.Kind.MULTIPLE_CHOICE:
                codes = {CHOSEN: 1, NOT_CHOSEN: 2}
            else:
                codes = {answer: code for code, answer in enumerate(answers[:MAX_ANSWERS], start=1)}
            columns.append(_Column(asked=asked.pk, position=question.position, codes=codes, option=option))
            position = max(position, question.position) + 1
    return columns


def _row(columns: list[_Column], given: dict[int, list[GivenAnswer]]) -> bytes:
    """A respondent's answer codes, one byte a question, 0 where they did not answer."""
    codes = bytearray(max((c.position for c in columns), default=-1) + 1)
    for column in columns:
        answers = given.get(column.asked)
        if not answers:
            continue
        if column.option:
            chosen = any(a.choice == column.option for a in answers)
            codes[column.position] = column.codes[CHOSEN if chosen else NOT_CHOSEN]
        else:
            answer = answers[0]
            value = str(answer.rating) if answer.rating is not None else answer.choice
            codes[column.position] = column.codes.get(value, 0)
    return bytes(codes)


def _answers_by_response(responses) -> dict[int, dict[int, list[GivenAnswer]]]:
    found: dict[int, dict[int, list[GivenAnswer]]] = {}
    for answer in GivenAnswer.objects.filter(response__in=responses).only("response_id", "question_id", "choice",
                                                                           "rating"):  # fmt: skip
        found.setdefault(answer.response_id, {}).setdefault(answer.question_id, []).append(answer)
    return found


@transaction.atomic
def follow(questionnaire: Questionnaire, *, user=None) -> Survey:
    """Follow the questionnaire as a survey (or bring its survey up to date): every response a respondent."""
    if not followable(questionnaire):
        raise ValidationError("This questionnaire has no questions with a list of answers to follow as a survey.")
    area = area_of(questionnaire)
    if area is None:
        raise ValidationError(
            "The questionnaire's activity has no area, so its answers cannot be counted by area. "
            "Add an area to the activity first."
        )
    survey = Survey.objects.select_for_update().filter(questionnaire=questionnaire).first()
    if survey is None:
        survey = Survey.objects.create(
            name=_survey_name(questionnaire),
            organisation=questionnaire.activity.lead_organisation,
            description=f"The answers to the questionnaire “{questionnaire.title}”, given in the hub.",
            questionnaire=questionnaire,
        )
    columns = _columns(survey, questionnaire)
    survey.respondents.all().delete()
    survey.imports.all().delete()
    responses = questionnaire.responses.order_by("pk")
    given = _answers_by_response(responses)
    batch = SurveyImport.objects.create(survey=survey, filename=FROM_THE_HUB, digest="", imported_by=user)
    rows = [
        Respondent(survey=survey, batch=batch, answered_on=r.submitted_on, area=area, weight=1.0,
                   answers=_row(columns, given.get(r.pk, {})))
        for r in responses.only("pk", "submitted_on")
    ]  # fmt: skip
    Respondent.objects.bulk_create(rows, batch_size=2000)
    _counted(survey, batch)
    return survey


def _counted(survey: Survey, batch: SurveyImport) -> None:
    dates = survey.respondents.order_by("answered_on").values_list("answered_on", flat=True)
    batch.rows = survey.respondents.count()
    batch.first_date, batch.last_date = dates.first(), dates.last()
    batch.save(update_fields=["rows", "first_date", "last_date"])
    survey.respondent_count = batch.rows
    survey.save(update_fields=["respondent_count", "updated_at"])


def add_response(response: QuestionnaireResponse) -> None:
    """Count a new response in its questionnaire's survey, when the questionnaire is followed."""
    survey = Survey.objects.filter(questionnaire_id=response.questionnaire_id).first()
    batch = survey and survey.imports.filter(filename=FROM_THE_HUB).first()
    if survey is None or batch is None:
        return
    area = area_of(response.questionnaire)
    if area is None:
        return
    with transaction.atomic():
        columns = _columns(survey, response.questionnaire)
        given = _answers_by_response([response.pk]).get(response.pk, {})
        Respondent.objects.create(survey=survey, batch=batch, answered_on=response.submitted_on, area=area,
                                  answers=_row(columns, given))  # fmt: skip
        _counted(survey, batch)


@receiver(post_save, sender=QuestionnaireResponse, dispatch_uid="surveys-count-new-response")
def _count_new_response(sender, instance: QuestionnaireResponse, created: bool, raw: bool = False, **kwargs):
    # After the response's transaction commits, when its answers are saved too.
    if created and not raw:
        transaction.on_commit(lambda: add_response(instance), robust=True)
