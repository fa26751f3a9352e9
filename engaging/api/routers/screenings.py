"""The screening of a board's agenda items: should the decision be informed by engagement, and how.

Screenings are internal: asking for one without a token is 401, and with no role in the partnership
403. Who may screen, exactly as on the site: coordinators and board members, and officers of the
item's lead organisation. POST and PUT both screen an item, or screen it again: the recommendation is
worked out afresh from the answers and the screening rules, as on the screening page, and the answers
are checked by the same form (201 when the item had no screening before, 200 otherwise).
"""

from contextlib import nullcontext
from datetime import date, datetime
from typing import Literal

from django.db import transaction
from django.http import HttpRequest, QueryDict
from ninja import Router, Schema
from ninja.responses import Response
from pydantic import ConfigDict, Field

from engaging.api import auth
from engaging.api.errors import ApiError, Invalid
from engaging.api.preconditions import (
    CREATE_DOCS,
    READ_DOCS,
    PreconditionFailedOut,
    precondition,
    precondition_for_new,
    with_etag,
)
from engaging.api.routers.meetings import get_item, is_partner
from engaging.api.schemas import Error
from engaging.api.types import Id, IdList, text
from engaging.board import screening as engine
from engaging.board import services
from engaging.board.forms import ScreeningForm
from engaging.board.methods import methods_with_reasons
from engaging.board.models import AgendaItem, Scale3, Screening
from engaging.lists.models import Group

router = Router(tags=["Board"], auth=auth.read)

READ_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}
INTERNAL = "Screenings are internal to the partnership: send a personal API token to read them."
NO_ROLE = "Screenings are for people with a role in the partnership."


# Out ------------------------------------------------------------------------------------------


class GroupToInvolve(Schema):
    id: int
    name: str
    seldom_heard: bool


class MethodSuggestion(Schema):
    id: int
    name: str
    why: str = Field(description="Why, in words: for example “Worked well with adult carers in 3 evaluations”.")


class ScreeningRecommendation(Schema):
    type: str = Field(description="The engagement type recommended, for example consultation.")
    level: str = Field(description="The level of influence recommended, for example consult.")
    explanation: str = Field(description="Why this type and level, in words, from the answers that decided them.")
    groups: list[GroupToInvolve] = Field(description="The groups to involve: the affected groups, seldom-heard first.")
    methods: list[int] = Field(
        description="Methods suggested: each worked with one of the groups in evaluations, or is known to suit "
        "one, and none is known not to suit any of the groups."
    )
    method_reasons: list[MethodSuggestion] = Field(
        description="The suggested methods, best first, each with why (empty for screenings made before "
        "reasons were kept)."
    )
    methods_left_out: list[MethodSuggestion] = Field(
        description="Methods not suggested because they are known not to suit one of the groups, with why."
    )
    insight: list[int] = Field(description="Findings to reuse.")
    decision_on: date = Field(
        description="When the decision is taken: the item's decision date, or else its meeting's date."
    )
    work_done_by: date = Field(
        description="When the papers for the decision go out, a week before it: actions from the screening "
        "are due by then, or as soon as possible when there is not time."
    )
    enough_time: bool = Field(
        description="Whether at least two weeks remain before the papers go out. When false, the board should "
        "move the decision or agree what can fairly be done in the time."
    )


class ScreeningReason(Schema):
    question: str
    question_label: str
    answer: str
    answer_label: str
    rule: int | None = Field(description="The screening rule that matched, or null for parts taken from the answers.")
    reason: str
    weight: int | None = Field(
        description="How much the rule counts when rules disagree: for coordinators tuning the rules, never part "
        "of the advice. Null for parts taken from the answers."
    )
    effect: str = Field(description="What the answer led to, in words.")


class GunningChecklist(Schema):
    applies: bool = Field(description="Whether consultation is recommended, so the principles apply.")
    formative: bool
    reasons: bool
    time: bool
    considered: bool
    all_met: bool


class ScreeningActionOut(Schema):
    id: int
    description: str
    owner: int | None
    owner_organisation: int | None
    due_on: date
    done_on: date | None
    overdue: bool


class ScreeningAnswers(Schema):
    changes_services: str
    legal_duties: list[int]
    affected_groups: list[int]
    who_is_affected: str
    insight_reused: list[int]
    influence: str
    time_available: str
    community_interest: str
    partner_capability: str


class ScreeningOut(Schema):
    agenda_item: int
    answers: ScreeningAnswers
    recommendation: ScreeningRecommendation
    reasons: list[ScreeningReason]
    gunning: GunningChecklist
    actions: list[ScreeningActionOut]
    screened_by: int | None
    screened_at: datetime | None


# In -------------------------------------------------------------------------------------------


class ScreeningIn(Schema):
    """The answers to the screening's questions. Leave out nothing the form requires."""

    model_config = ConfigDict(extra="forbid")

    changes_services: Literal[tuple(Screening.Answer.values)] = None
    legal_duties: IdList = Field(default_factory=list, description="Ids of the legal duties that apply.")
    affected_groups: IdList = Field(default_factory=list, description="Ids of the groups affected.")
    who_is_affected: text(2000) = ""
    insight_reused: IdList = Field(default_factory=list, description="Ids of current findings to reuse.")
    influence: Literal[tuple(Screening.Influence.values)] = None
    time_available: Literal[tuple(Screening.Time.values)] = None
    community_interest: Literal[tuple(Scale3.values)] = None
    partner_capability: Literal[tuple(Scale3.values)] = None


# Building answers -----------------------------------------------------------------------------


def screening_dict(screening: Screening) -> dict:
    today = date.today()
    timing = services.timing_for(screening.agenda_item, today)
    groups = services.seldom_heard_first(screening.affected_groups.all())
    return {
        "agenda_item": screening.agenda_item_id,
        "answers": {
            "changes_services": screening.changes_services,
            "legal_duties": sorted(d.pk for d in screening.legal_duties.all()),
            "affected_groups": [g.pk for g in groups],
            "who_is_affected": screening.who_is_affected,
            "insight_reused": sorted(f.pk for f in screening.insight_reused.all()),
            "influence": screening.influence,
            "time_available": screening.time_available,
            "community_interest": screening.community_interest,
            "partner_capability": screening.partner_capability,
        },
        "recommendation": {
            "type": screening.recommended_type,
            "level": screening.recommended_level,
            "groups": [
                {"id": g.pk, "name": g.name, "seldom_heard": g.category == Group.Category.SELDOM_HEARD} for g in groups
            ],
            "explanation": engine.explain(screening.recommended_type, screening.recommended_level, screening.reasons),
            "methods": sorted(m.pk for m in screening.recommended_methods.all()),
            "method_reasons": [
                {"id": m["method"].pk, "name": m["method"].name, "why": m["why"]}
                for m in methods_with_reasons(screening)
            ],
            "methods_left_out": [
                {"id": m["id"], "name": m["name"], "why": m["why"]}
                for r in screening.reasons
                for m in (r.get("left_out") or [])
            ],
            "insight": sorted(f.pk for f in screening.insight_reused.all()),
            "decision_on": timing.decision_on.isoformat(),
            "work_done_by": timing.work_done_by.isoformat(),
            "enough_time": timing.enough_time,
        },
        "reasons": [
            {
                key: reason.get(key)
                for key in (
                    "question",
                    "question_label",
                    "answer",
                    "answer_label",
                    "rule",
                    "reason",
                    "weight",
                    "effect",
                )
            }
            for reason in screening.reasons
        ],
        "gunning": {
            "applies": screening.consultation_recommended,
            "formative": screening.gunning_formative,
            "reasons": screening.gunning_reasons,
            "time": screening.gunning_time,
            "considered": screening.gunning_considered,
            "all_met": screening.gunning_all_met,
        },
        "actions": [
            {
                "id": a.pk,
                "description": a.description,
                "owner": a.owner_id,
                "owner_organisation": a.owner_organisation_id,
                "due_on": a.due_on.isoformat(),
                "done_on": a.done_on.isoformat() if a.done_on else None,
                "overdue": a.is_overdue(today),
            }
            for a in screening.actions.order_by("due_on", "pk")
        ],
        "screened_by": screening.screened_by_id,
        "screened_at": screening.screened_at.isoformat() if screening.screened_at else None,
    }


def get_screening(item: AgendaItem) -> Screening:
    screening = Screening.objects.filter(agenda_item=item).first()
    if screening is None:
        raise ApiError(404, "This agenda item has not been screened yet.")
    screening.agenda_item = item  # already read, with its meeting, which the decision's timing needs
    return screening


def require_partner(request: HttpRequest) -> None:
    if auth.user_of(request) is None:
        raise ApiError(401, INTERNAL)
    if not is_partner(request):
        raise ApiError(403, NO_ROLE)


# Endpoints ------------------------------------------------------------------------------------


@router.get(
    "/agenda-items/{id}/screening",
    response={200: ScreeningOut, **READ_ERRORS},
    auth=auth.signed_in,
    openapi_extra=READ_DOCS,
)
def retrieve_screening(request, id: Id):
    """The item's screening: the answers, the recommendation with its reasons, the GunningChecklist checklist and
    the actions. Internal: 401 without a token, 403 without a role, 404 if the item is not screened yet.
    The ETag header holds its version, for If-Match when screening it again."""
    require_partner(request)
    item = get_item(request, id)
    screening = get_screening(item)
    return with_etag(Response(screening_dict(screening)), screening)


def _form_data(payload: ScreeningIn) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in payload.model_dump().items():
        if value is None:
            continue
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        else:
            data[name] = str(value)
    return data


def _screen(request, id: int, payload: ScreeningIn):
    item = get_item(request, id)
    if not request.user.has_perm("board.screen_item", item):
        raise ApiError(
            403, "Only coordinators, board members and officers of the item's lead organisation can screen it."
        )
    with transaction.atomic():
        # The item's row is locked first, so two first screenings of it at once take turns.
        list(AgendaItem.objects.select_for_update().filter(pk=item.pk).values("pk"))
        instance = Screening.objects.filter(agenda_item=item).first()
        precondition_for_new(request, instance)
        with precondition(request, instance) if instance is not None else nullcontext():
            form = ScreeningForm(_form_data(payload), instance=instance, agenda_item=item)
            if not form.is_valid():
                raise Invalid([(name, " ".join(messages)) for name, messages in form.errors.items()])
            user = auth.user_of(request)
            screening = services.screen_agenda_item(agenda_item=item, answers=form.answers(), user=user)
    return with_etag(Response(screening_dict(screening), status=200 if instance is not None else 201), screening)


@router.put(
    "/agenda-items/{id}/screening",
    response={200: ScreeningOut, 201: ScreeningOut, **WRITE_ERRORS, 412: PreconditionFailedOut},
    auth=auth.ApiAuth(),
    openapi_extra=CREATE_DOCS,
)
def put_screening(request, id: Id, payload: ScreeningIn):
    """Screen the item, or screen it again, with these answers (see ScreeningIn). The recommendation,
    reasons and actions come back as on GET. Findings to reuse must be current findings in the insight
    library (not past their review date, not superseded). With If-Match (the ETag from GET), nothing
    changes if someone else has screened it since: 412; If-Match on an item not screened yet is 412 too."""
    return _screen(request, id, payload)


@router.post(
    "/agenda-items/{id}/screening",
    response={200: ScreeningOut, 201: ScreeningOut, **WRITE_ERRORS, 412: PreconditionFailedOut},
    auth=auth.ApiAuth(),
    openapi_extra=CREATE_DOCS,
)
def post_screening(request, id: Id, payload: ScreeningIn):
    """The same as PUT."""
    return _screen(request, id, payload)
