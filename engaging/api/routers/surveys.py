"""Surveys, indicators and patient participation groups in the API.

Who may do what:
- reading surveys, indicators, their values, practices and coverage needs no token: only totals are given,
  and values for fewer than SURVEY_MIN_RESPONDENTS respondents are suppressed;
- defining an indicator (POST /indicators) is for coordinators and the officers of the organisation that runs
  the survey: 401 without a token, 403 for a board member before the body is read, 403 for an officer of
  another organisation once the survey is known;
- recording a practice (POST /practices) is for coordinators.

An indicator's values follow the rules in engaging/surveys/statistics.py: Wilson intervals with the effective
number of respondents, comparison with the partnership by intervals, Newcombe's interval for the change
from the period before.
"""

from datetime import date
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from ninja import Query, Router, Schema
from ninja.responses import Response
from pydantic import ConfigDict, Field, Strict

from engaging.api import auth
from engaging.api.errors import ApiError, Invalid
from engaging.api.pagination import KeptListing, Worked, paged, refuse_unknown_filters
from engaging.api.schemas import Error
from engaging.api.types import BodyId, Count, Id, IsoDate, StrictBool, text
from engaging.lists.models import Area
from engaging.surveys import coverage, statistics
from engaging.surveys.models import Answer, Indicator, PatientParticipationGroup, Practice, Question, Survey
from engaging.surveys.services import answers_of, save_indicator, save_practice

router = Router(tags=["Surveys, indicators and patient participation groups"], auth=auth.read)

WRITE_ERRORS = {400: Error, 401: Error, 403: Error}
AnswerRef = Annotated[int, Strict()] | text(300, min_length=1)


# Schemas ----------------------------------------------------------------------------------------


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class SurveyQuestionOut(Schema):
    id: int
    text: str
    answers: list[str] = Field(description="The answers respondents gave, as written in the files.")


class SurveyOut(Schema):
    id: int
    name: str
    organisation: int | None
    respondents: int
    questions: list[SurveyQuestionOut]


class IndicatorCreate(_Strict):
    """A new indicator: the share of a question's respondents giving one of the positive answers."""

    name: text(200, min_length=1)
    survey: BodyId
    question: BodyId
    positive_answers: list[AnswerRef] = Field(
        min_length=1, max_length=255, description="Answers (by text, or by id) that count as positive."
    )
    excluded_answers: list[AnswerRef] = Field(
        [], max_length=255, description="Answers left out altogether, like “Don't know”. Blanks always are."
    )
    higher_is_better: StrictBool = True
    period: Literal["year", "financial_year", "quarter"] = Field(
        "year", description="year (calendar), financial_year (1 April to 31 March) or quarter (calendar)."
    )
    on_dashboard: StrictBool = Field(False, description="Chosen by the board: only coordinators may set it.")


class IndicatorOut(Schema):
    id: int
    name: str
    survey: int
    question: int
    positive_answers: list[str]
    excluded_answers: list[str]
    higher_is_better: bool
    period: str
    on_dashboard: bool


class IndicatorTrendOut(Schema):
    direction: str = Field(description="increasing, decreasing or no_significant_change")
    assessment: str = Field(description="getting_better, getting_worse or no_significant_change")
    statistic: float
    p_value: float
    periods: list[str]


class IndicatorDetail(IndicatorOut):
    trend: IndicatorTrendOut | None = Field(
        description="The partnership's trend over the last five periods, if all have values."
    )


class IndicatorValueOut(Schema):
    period: str
    start: date
    end: date
    area: int | None
    respondents: int
    effective_respondents: float
    proportion: float | None
    lower: float | None
    upper: float | None
    suppressed: bool
    compared_with_partnership: str = Field(description="better, worse, similar or not_compared")
    change: str | None = Field(description="increase, decrease or no_change from the period before; or null")
    change_lower: float | None
    change_upper: float | None


class IndicatorValueFilters(Schema):
    area: Id | None = Field(None, description="This area and every area inside it; the whole partnership if left out.")


class PatientGroupIn(_Strict):
    status: Literal[tuple(PatientParticipationGroup.Status.values)] = "none"
    last_met: IsoDate | None = None
    members: Count | None = None
    reviewed_on: IsoDate | None = Field(None, description="When membership was last reviewed for representativeness.")
    agreed_actions: text(4000) = ""


class PracticeCreate(_Strict):
    ods_code: Annotated[str, Strict(), Field(pattern=r"^[A-Za-z][A-Za-z0-9]{2,9}$")]
    name: text(200, min_length=1)
    area: BodyId | None = None
    primary_care_network: text(200) = ""
    list_size: Count | None = None
    postcode: text(10) = ""
    group: PatientGroupIn | None = None


class PatientGroupOut(Schema):
    status: str
    last_met: date | None
    members: int | None
    reviewed_on: date | None
    reviewed_this_year: bool
    agreed_actions: str


class PracticeOut(Schema):
    id: int
    ods_code: str
    name: str
    area: int | None
    primary_care_network: str
    list_size: int | None
    group: PatientGroupOut


class PpgCoverageOut(Schema):
    area: int
    name: str
    practices: int
    with_active_group: int
    percent: float | None = Field(description="with_active_group ÷ practices × 100; the target is 100.")
    patients: int
    patients_covered: int
    patients_percent: float | None


# Surveys ---------------------------------------------------------------------------------------


def _survey_out(survey: Survey) -> dict:
    return {
        "id": survey.pk,
        "name": survey.name,
        "organisation": survey.organisation_id,
        "respondents": survey.respondent_count,
        "questions": [
            {"id": q.pk, "text": q.text, "answers": [a.text for a in q.answers.all()]} for q in survey.questions.all()
        ],
    }


@router.get("/surveys", response={200: list[SurveyOut], 400: Error})
@paged
def list_surveys(request):
    """Surveys by name, with their questions and the answers respondents gave."""
    surveys = Survey.objects.prefetch_related(
        Prefetch("questions", Question.objects.prefetch_related(Prefetch("answers", Answer.objects.order_by("code"))))
    )
    return KeptListing(
        surveys, lambda page: [_survey_out(s) for s in page], request=request, name="surveys", unfiltered=True
    )


# Indicators ------------------------------------------------------------------------------------


def _indicators():
    return Indicator.objects.select_related("survey", "question").prefetch_related(
        "positive_answers", "excluded_answers"
    )


def _indicator_out(indicator: Indicator) -> dict:
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "survey": indicator.survey_id,
        "question": indicator.question_id,
        "positive_answers": [a.text for a in indicator.positive_answers.all()],
        "excluded_answers": [a.text for a in indicator.excluded_answers.all()],
        "higher_is_better": indicator.higher_is_better,
        "period": indicator.period,
        "on_dashboard": indicator.on_dashboard,
    }


def _get_indicator(pk: int) -> Indicator:
    indicator = _indicators().filter(pk=pk).first()
    if indicator is None:
        raise ApiError(404, "There is no indicator with that id.")
    return indicator


@router.get("/indicators", response={200: list[IndicatorOut], 400: Error})
@paged
def list_indicators(request):
    """Indicators by name."""
    return KeptListing(
        _indicators(), lambda page: [_indicator_out(i) for i in page],
        request=request, name="indicators", unfiltered=True,
    )  # fmt: skip


@router.get("/indicators/{id}", response={200: IndicatorDetail, 404: Error})
def retrieve_indicator(request, id: Id):
    """One indicator, with the partnership's recent trend."""
    indicator = _get_indicator(id)
    data = _indicator_out(indicator)
    trend = statistics.recent_trend(statistics.values_for(indicator))
    data["trend"] = None
    if trend is not None:
        data["trend"] = {
            "direction": trend.direction,
            "assessment": trend.assessment(indicator.higher_is_better),
            "statistic": trend.statistic,
            "p_value": trend.p_value,
            "periods": trend.periods,
        }
    return Response(data)


@router.post(
    "/indicators",
    response={201: IndicatorOut, **WRITE_ERRORS},
    auth=auth.ApiAuth(permission="surveys.add_indicator"),
)
def create_indicator(request, payload: IndicatorCreate):
    """Define an indicator on a survey's question (coordinators, and officers of the survey's organisation)."""
    survey = Survey.objects.filter(pk=payload.survey).first()
    if survey is None:
        raise Invalid([("survey", "There is no survey with that id")])
    if not request.user.has_perm("surveys.define_indicator", survey):
        raise ApiError(403, "Only the survey organisation's officers, or a coordinator, can define its indicators.")
    if payload.on_dashboard and not request.user.has_perm("surveys.choose_for_board"):
        raise ApiError(403, "Only a coordinator can choose the indicators the board sees.")
    question = Question.objects.filter(pk=payload.question).first()
    errors = []
    if question is None or question.survey_id != survey.pk:
        errors.append(("question", "There is no question with that id in this survey"))
    positive = excluded = []
    if question is not None and question.survey_id == survey.pk:
        for field, wanted in (
            ("positive_answers", payload.positive_answers),
            ("excluded_answers", payload.excluded_answers),
        ):
            try:
                found = answers_of(question, wanted, field)
            except DjangoValidationError as error:
                errors += [(f, " ".join(m)) for f, m in error.message_dict.items()]
                continue
            if field == "positive_answers":
                positive = found
            else:
                excluded = found
    if errors:
        raise Invalid(errors)
    try:
        indicator = save_indicator(
            name=payload.name,
            survey=survey,
            question=question,
            positive_answers=positive,
            excluded_answers=excluded,
            higher_is_better=payload.higher_is_better,
            period=payload.period,
            on_dashboard=payload.on_dashboard,
            user=request.user,
        )
    except DjangoValidationError as error:
        raise Invalid([(f, " ".join(m)) for f, m in error.message_dict.items()]) from None
    return Response(_indicator_out(_get_indicator(indicator.pk)), status=201)


def _value_out(value: statistics.Value) -> dict:
    return {
        "period": value.period,
        "start": value.start.isoformat(),
        "end": value.end.isoformat(),
        "area": value.area,
        "respondents": value.respondents,
        "effective_respondents": value.effective_respondents,
        "proportion": value.proportion,
        "lower": value.lower,
        "upper": value.upper,
        "suppressed": value.suppressed,
        "compared_with_partnership": value.compared_with_partnership,
        "change": value.change,
        "change_lower": value.change_lower,
        "change_upper": value.change_upper,
    }


@router.get("/indicators/{id}/values", response={200: list[IndicatorValueOut], 400: Error, 404: Error})
@paged
def indicator_values(request, id: Id, filters: Query[IndicatorValueFilters]):
    """The indicator's values, ordered by period, for the partnership or for an area and all inside it."""
    refuse_unknown_filters(request, IndicatorValueFilters)
    indicator = _get_indicator(id)
    area = None
    if filters.area is not None:
        area = Area.everything.filter(pk=filters.area).first()
        if area is None:
            raise Invalid([("area", "There is no area with that id")])
    # The indicator and the area exist (checked above): each one's values are kept apart.
    return KeptListing(
        Worked(lambda: statistics.values_for(indicator, area)), lambda page: [_value_out(v) for v in page],
        request=request, name="indicator-values", kept_as={"indicator": indicator.pk, "area": filters.area},
    )  # fmt: skip


# Practices and their groups --------------------------------------------------------------------


def _practice_out(practice: Practice) -> dict:
    group = getattr(practice, "group", None) or PatientParticipationGroup(practice=practice)
    return {
        "id": practice.pk,
        "ods_code": practice.ods_code,
        "name": practice.name,
        "area": practice.area_id,
        "primary_care_network": practice.primary_care_network,
        "list_size": practice.list_size,
        "group": {
            "status": group.status,
            "last_met": group.last_met,
            "members": group.members,
            "reviewed_on": group.reviewed_on,
            "reviewed_this_year": group.reviewed_this_year(),
            "agreed_actions": group.agreed_actions,
        },
    }


@router.get("/practices", response={200: list[PracticeOut], 400: Error})
@paged
def list_practices(request):
    """GP practices by name, each with its patient participation group."""
    return KeptListing(
        coverage.practices_with_groups(), lambda page: [_practice_out(p) for p in page],
        request=request, name="practices", unfiltered=True,
    )  # fmt: skip


@router.post(
    "/practices",
    response={201: PracticeOut, **WRITE_ERRORS},
    auth=auth.ApiAuth(permission="surveys.manage_practices"),
)
def create_practice(request, payload: PracticeCreate):
    """Record a GP practice and its patient participation group (coordinators)."""
    data = payload.model_dump()
    errors = []
    area = None
    if data["area"] is not None:
        area = Area.objects.filter(pk=data["area"]).first()
        if area is None:
            errors.append(("area", "There is no area with that id"))
    if Practice.everything.filter(ods_code__iexact=data["ods_code"]).exists():
        errors.append(("ods_code", "A practice with this ODS code is already recorded"))
    group = data["group"] or {}
    if group.get("last_met") and group["last_met"] > date.today():
        errors.append(("group.last_met", "The date the group last met cannot be in the future"))
    if errors:
        raise Invalid(errors)
    try:
        practice = save_practice(
            ods_code=data["ods_code"],
            name=data["name"],
            area=area,
            primary_care_network=data["primary_care_network"],
            list_size=data["list_size"],
            postcode=data["postcode"],
            group_status=group.get("status", "none"),
            last_met=group.get("last_met"),
            members=group.get("members"),
            reviewed_on=group.get("reviewed_on"),
            agreed_actions=group.get("agreed_actions", ""),
            user=request.user,
        )
    except DjangoValidationError as error:
        raise Invalid([(f, " ".join(m)) for f, m in error.message_dict.items()]) from None
    return Response(_practice_out(coverage.practices_with_groups().get(pk=practice.pk)), status=201)


@router.get("/ppg-coverage", response={200: list[PpgCoverageOut], 400: Error})
@paged
def ppg_coverage(request):
    """For each area with practices inside it: how many have a working patient participation group."""

    def areas() -> list[dict]:
        _, found = coverage.coverage()
        return [
            {
                "area": c.area.pk,
                "name": c.area.name,
                "practices": c.practices,
                "with_active_group": c.with_active_group,
                "percent": c.percent,
                "patients": c.patients,
                "patients_covered": c.patients_covered,
                "patients_percent": c.patients_percent,
            }
            for c in found
        ]

    return KeptListing(Worked(areas), request=request, name="ppg-coverage", unfiltered=True)
