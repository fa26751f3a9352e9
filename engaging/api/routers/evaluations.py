"""Evaluations of activities, and participant feedback.

Who may do what, as on the site:
- reading evaluations (GET /evaluations, GET /evaluations/{id}) needs a role in the partnership:
  401 without a token, 403 for a person with no role;
- recording or changing one (POST /evaluations, PATCH /evaluations/{id}) is for officers of the
  activity's lead organisation and coordinators: board members get 403 before their body is read,
  officers of another organisation 403 once the activity is known;
- participant feedback (POST /activities/{id}/participant-feedback) needs no token. It is accepted
  exactly when the public form at the activity's feedback link would accept it: the activity is public,
  not archived or cancelled, has started, and has a feedback link that is open. Otherwise 404 (no
  such public activity, or not taking feedback yet) or 410 (the link was closed, or the activity
  cancelled). The same rate limit as the form applies per client and activity (429). Only the three
  ratings, a comment and the optional equality answers are accepted: any other field, such as a
  name or an email address, is refused (400), so no personal data can be sent.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Response
from pydantic import BeforeValidator, ConfigDict, Field

from engaging.api import auth
from engaging.api.errors import NOT_SIGNED_IN, ApiError, Invalid
from engaging.api.pagination import KeptListing, as_written, paged, refuse_unknown_filters, written
from engaging.api.schemas import Error
from engaging.api.types import BodyId, Id, IsoDate, StrictBool, text
from engaging.evaluation import measures, services, throttle
from engaging.evaluation.models import EqualityMonitoring, Evaluation, FeedbackLink
from engaging.register.models import Activity

router = Router(tags=["Evaluation"])

READ_ERRORS = {401: Error, 403: Error, 404: Error}
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}
NOT_YOURS = "Only an officer of the activity's lead organisation, or a coordinator, can evaluate it."


# Schemas ----------------------------------------------------------------------------------------


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class EvaluationCreate(_Strict):
    """A new evaluation of a finished activity (closed, reported, fed back or evaluated)."""

    activity: BodyId
    lessons: text(4000, min_length=1)
    what_worked: text(4000) = ""
    what_did_not: text(4000) = ""
    reach_notes: text(2000) = ""
    participants_involved: StrictBool = False
    how_participants_involved: text(2000) = Field("", description="Needed when participants_involved is true.")
    evaluated_on: IsoDate | None = Field(None, description="Defaults to today.")


class EvaluationUpdate(_Strict):
    """A change to an evaluation: only the fields sent are changed."""

    lessons: text(4000, min_length=1) = None
    what_worked: text(4000) = None
    what_did_not: text(4000) = None
    reach_notes: text(2000) = None
    participants_involved: StrictBool = None
    how_participants_involved: text(2000) = None
    evaluated_on: IsoDate = None


class EvaluationOut(Schema):
    id: int
    activity: int
    lessons: str
    what_worked: str
    what_did_not: str
    reach_notes: str
    participants_involved: bool
    how_participants_involved: str
    evaluated_on: date
    evaluated_by: int | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_activity(obj) -> int:
        return obj.activity_id

    @staticmethod
    def resolve_evaluated_by(obj) -> int | None:
        return obj.evaluated_by_id


class ReachOut(Schema):
    target: int | None
    actual: int | None
    ratio: float | None = Field(description="actual ÷ target; null when either is missing or the target is 0.")
    summary: str


class GroupReachOut(Schema):
    group: int
    name: str
    count: int | None = Field(description="null when no number was recorded for the group.")
    reached: bool


class InfluenceOut(Schema):
    responses: int
    by_status: dict[str, int]
    acted_on: bool = Field(description="Whether any response is done or in progress.")
    summary: str


class RatingOut(Schema):
    mean: float | None = Field(description="From 1 (strongly disagree) to 5 (strongly agree).")
    count: int


class FeedbackOut(Schema):
    count: int
    listened_to: RatingOut
    easy_to_take_part: RatingOut
    know_what_happens_next: RatingOut


class MeasuresOut(Schema):
    """Worked out from the register, never typed: reach, groups, cost, influence and ratings."""

    reach: ReachOut
    groups: list[GroupReachOut]
    cost: Decimal | None
    cost_per_participant: Decimal | None
    influence: InfluenceOut
    feedback: FeedbackOut


class EvaluationDetail(EvaluationOut):
    measures: MeasuresOut


class EvaluationFilters(Schema):
    activity: Id | None = Field(None, description="The evaluation of this activity.")
    organisation: Id | None = Field(None, description="Evaluations of activities led by this organisation.")


def _rating(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValueError("Give a whole number from 1 (strongly disagree) to 5 (strongly agree)")
    return value


Rating = Annotated[int, BeforeValidator(_rating)]


def _answers(name: str):
    values = tuple(EqualityMonitoring.ANSWERS[name].values)
    return Literal[values] | None


class EqualityIn(_Strict):
    """Optional equality answers, saved apart from the feedback and only ever reported in aggregate."""

    age_band: _answers("age_band") = None
    sex: _answers("sex") = None
    gender_same_as_birth: _answers("gender_same_as_birth") = None
    ethnicity: _answers("ethnicity") = None
    disability: _answers("disability") = None
    religion: _answers("religion") = None
    sexual_orientation: _answers("sexual_orientation") = None
    carer: _answers("carer") = None


class ParticipantFeedbackIn(_Strict):
    """One participant's ratings, from 1 (strongly disagree) to 5 (strongly agree). No personal data."""

    listened_to: Rating = Field(description="I felt listened to.")
    easy_to_take_part: Rating = Field(description="It was easy to take part.")
    know_what_happens_next: Rating = Field(description="I know what will happen next.")
    comment: text(2000) = Field("", description="Must not name anyone.")
    equality: EqualityIn | None = None


class ParticipantFeedbackOut(Schema):
    activity: int
    listened_to: int
    easy_to_take_part: int
    know_what_happens_next: int
    comment: str
    given_on: date

    @staticmethod
    def resolve_activity(obj) -> int:
        return obj.activity_id


# Helpers --------------------------------------------------------------------------------------------


def _require_reader(request: HttpRequest) -> None:
    user = auth.user_of(request)
    if user is None:
        raise ApiError(401, NOT_SIGNED_IN)
    if not user.has_perm("evaluation.view_evaluation"):
        raise ApiError(403, "Only people with a role in the partnership can read evaluations.")


def _get_evaluation(pk: int) -> Evaluation:
    evaluation = Evaluation.objects.select_related("activity").filter(pk=pk, activity__archived_at__isnull=True).first()
    if evaluation is None:
        raise ApiError(404, "There is no evaluation with that id.")
    return evaluation


def measures_out(activity: Activity) -> dict:
    found = measures.measures_for(activity)
    ratings = {r.question: {"mean": r.mean, "count": r.count} for r in found.feedback.ratings}
    return {
        "reach": {
            "target": found.reach.target,
            "actual": found.reach.actual,
            "ratio": found.reach.ratio,
            "summary": found.reach.describe(),
        },
        "groups": [
            {"group": g.group.pk, "name": g.group.name, "count": g.count, "reached": g.reached}
            for g in found.groups.groups
        ],
        "cost": found.cost.total,
        "cost_per_participant": found.cost.per_participant,
        "influence": {
            "responses": found.influence.total,
            "by_status": found.influence.by_status,
            "acted_on": found.influence.acted_on,
            "summary": found.influence.describe(),
        },
        "feedback": {"count": found.feedback.count, **ratings},
    }


def detail(evaluation: Evaluation) -> dict:
    data = EvaluationOut.from_orm(evaluation).model_dump(mode="json")
    data["measures"] = MeasuresOut.model_validate(measures_out(evaluation.activity)).model_dump(mode="json")
    return data


def _record(activity: Activity, user, fields: dict) -> Evaluation:
    try:
        return services.record_evaluation(activity=activity, user=user, **fields)
    except DjangoValidationError as error:
        raise Invalid([(f, " ".join(m)) for f, m in error.message_dict.items()]) from None


# Evaluations --------------------------------------------------------------------------------------


def _write(evaluations: list[Evaluation]) -> list[dict]:
    return [
        as_written(
            EvaluationOut,
            {
                **{name: getattr(e, name) for name in EVALUATION_FIELDS},
                "activity": e.activity_id,
                "evaluated_by": e.evaluated_by_id,
            },
        )
        for e in evaluations
    ]


EVALUATION_FIELDS = (
    "id", "lessons", "what_worked", "what_did_not", "reach_notes", "participants_involved",
    "how_participants_involved", "evaluated_on", "created_at", "updated_at",
)  # fmt: skip


@router.get(
    "/evaluations", response={200: list[written(EvaluationOut)], 400: Error, **READ_ERRORS}, auth=auth.signed_in
)
@paged
def list_evaluations(request, filters: Query[EvaluationFilters]):
    """Evaluations, newest first, a page at a time (`limit`, `offset`), with their lessons (no measures)."""
    _require_reader(request)
    refuse_unknown_filters(request, EvaluationFilters)

    # Archived activities are few: leaving out their evaluations by that short list, rather than joining each
    # evaluation to its activity, lets the newest be read from the index on their dates.
    def evaluations():  # built only when the page is not kept
        archived = Activity.everything.filter(archived_at__isnull=False).values("pk")
        chosen = Evaluation.objects.exclude(activity_id__in=archived).order_by("-evaluated_on", "-pk")
        if filters.activity:
            chosen = chosen.filter(activity_id=filters.activity)
        if filters.organisation:
            chosen = chosen.filter(activity__lead_organisation_id=filters.organisation)
        return chosen

    # Ids that need not exist: a page for them is answered afresh, so nobody can fill the cache with made-up ones.
    unfiltered = not (filters.activity or filters.organisation)
    return KeptListing(evaluations, _write, request=request, name="evaluations", unfiltered=unfiltered)


@router.get("/evaluations/{id}", response={200: EvaluationDetail, **READ_ERRORS}, auth=auth.signed_in)
def retrieve_evaluation(request, id: Id):
    """One evaluation, with the measures worked out from the register."""
    _require_reader(request)
    return Response(detail(_get_evaluation(id)))


@router.post(
    "/evaluations",
    response={201: EvaluationDetail, **WRITE_ERRORS},
    auth=auth.ApiAuth(permission="evaluation.add_evaluation"),
)
def create_evaluation(request, payload: EvaluationCreate):
    """Record the evaluation of a finished activity. An activity has at most one: change it with PATCH."""
    data = payload.model_dump()
    activity = Activity.objects.filter(pk=data.pop("activity")).first()
    if activity is None:
        raise Invalid([("activity", "There is no activity with that id")])
    if not request.user.has_perm("evaluation.evaluate_activity", activity):
        raise ApiError(403, NOT_YOURS)
    existing = Evaluation.objects.filter(activity=activity).first()
    if existing is not None:
        raise Invalid(
            [("activity", f"This activity already has an evaluation: change it with PATCH /evaluations/{existing.pk}")]
        )
    evaluation = _record(activity, request.user, data)
    return Response(detail(_get_evaluation(evaluation.pk)), status=201)


@router.patch(
    "/evaluations/{id}",
    response={200: EvaluationDetail, **WRITE_ERRORS},
    auth=auth.ApiAuth(permission="evaluation.add_evaluation"),
)
def update_evaluation(request, id: Id, payload: EvaluationUpdate):
    """Change some fields of an evaluation; fields not sent stay as they are."""
    evaluation = _get_evaluation(id)
    if not request.user.has_perm("evaluation.evaluate_activity", evaluation.activity):
        raise ApiError(403, NOT_YOURS)
    data = payload.model_dump(exclude_unset=True)
    if data:
        _record(evaluation.activity, request.user, data)
    return Response(detail(_get_evaluation(id)))


# Participant feedback -------------------------------------------------------------------------------


class AnyoneMayPost(auth.ApiAuth):
    """No token needed, even to write; a token or session that is sent must still be valid."""

    def __call__(self, request: HttpRequest):
        return self.identify(request)

    def anonymous_allowed(self, method: str) -> bool:
        return True


@router.post(
    "/activities/{id}/participant-feedback",
    response={201: ParticipantFeedbackOut, 400: Error, 401: Error, 403: Error, 404: Error, 410: Error, 429: Error},
    auth=AnyoneMayPost(),
    tags=["Evaluation"],
)
def give_participant_feedback(request, id: Id, payload: ParticipantFeedbackIn):
    """A participant's anonymous feedback on an activity whose feedback link is open.

    No token is needed. Nothing about the sender is kept. 404 when there is no public activity with
    that id or it is not taking feedback yet, 410 when its feedback has closed, 429 when this client
    has sent too many responses about the activity in the last hour.
    """
    activity = Activity.everything.filter(pk=id).first()
    if activity is None:
        raise ApiError(404, services.NOT_HERE.message)
    refusal = services.feedback_refusal(activity, FeedbackLink.objects.filter(activity=activity).first())
    if refusal is not None:
        raise ApiError(refusal.status, refusal.message)
    if throttle.over_limit(request, activity.pk):
        response = Response(
            {
                "detail": f"Too many responses from this client: up to {throttle.limit()} an hour per activity.",
                "errors": [],
            },
            status=429,
        )
        response["Retry-After"] = str(throttle.window())
        return response
    data = payload.model_dump()
    equality = data.pop("equality") or {}
    feedback = services.give_feedback(
        activity=activity,
        ratings={name: data[name] for name in ("listened_to", "easy_to_take_part", "know_what_happens_next")},
        comment=data["comment"],
        equality=equality,
    )
    throttle.count_submission(request, activity.pk)
    return Response(ParticipantFeedbackOut.from_orm(feedback).model_dump(mode="json"), status=201)
