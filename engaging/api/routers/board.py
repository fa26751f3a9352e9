"""The board: meetings, agenda items and the screening of each item.

Who sees what:
- anyone, without a token: public meetings (open to the public, of a live board) and their agenda
  items, with their public fields. Screenings are internal: asking for one without a token is 401.
- a person with a role in the partnership: every live meeting and agenda item, every field, and
  screenings with their answers, recommendation, reasons and actions. Someone signed in without a
  role reads what the public reads, and is refused screenings (403).
Who may screen, exactly as on the site: coordinators and board members, and officers of the item's
lead organisation. POST and PUT both screen an item, or screen it again: the recommendation is worked
out afresh from the answers and the screening rules, as on the screening page, and the answers are
checked by the same form (201 when the item had no screening before, 200 otherwise).
"""

from datetime import date, datetime, time
from typing import Literal

from django.db.models import Count, Q
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Response
from pydantic import ConfigDict, Field

from engaging.accounts.roles import roles_for
from engaging.api import auth
from engaging.api.errors import ApiError, Invalid
from engaging.api.schemas import Error
from engaging.api.types import MAX_ID, Id, IdList, IsoDate, text
from engaging.board import screening as engine
from engaging.board import services
from engaging.board.forms import ScreeningForm
from engaging.board.methods import methods_with_reasons
from engaging.board.models import AgendaItem, Meeting, Scale3, Screening
from engaging.lists.models import Group

router = Router(tags=["Board"], auth=auth.read)

READ_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}
NO_MEETING = "There is no meeting with that id."
NO_ITEM = "There is no agenda item with that id."
INTERNAL = "Screenings are internal to the partnership: send a personal API token to read them."
NO_ROLE = "Screenings are for people with a role in the partnership."
REASON_KEYS = ("question", "question_label", "answer", "answer_label", "rule", "reason", "weight", "effect")


def is_partner(request: HttpRequest) -> bool:
    return roles_for(request.user).internal


def visible_meetings(request: HttpRequest):
    meetings = Meeting.objects.filter(board__archived_at__isnull=True)
    return meetings if is_partner(request) else meetings.public()


def visible_items(request: HttpRequest):
    return AgendaItem.objects.filter(meeting__in=visible_meetings(request).values("pk"))


def refuse_unknown_filters(request: HttpRequest, allowed) -> None:
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise Invalid([(name, "This is not a filter") for name in unknown], detail="Some of the filters are not valid.")


# Out ------------------------------------------------------------------------------------------


class PublicAgendaItemOut(Schema):
    id: int
    meeting: int
    title: str
    lead_organisation: int
    decision_sought: str
    decision_date: date | None
    outcome: str
    order: int


class AgendaItemOut(PublicAgendaItemOut):
    activities: list[int] = Field(description="The register's activities done for this item.")
    screened: bool


class PublicMeetingOut(Schema):
    id: int
    board: int
    board_name: str
    starts_at: datetime
    venue: str
    is_public: bool
    papers_url: str
    item_count: int


class MeetingOut(PublicMeetingOut):
    notes: str


class PublicMeetingDetail(PublicMeetingOut):
    items: list[PublicAgendaItemOut]


class MeetingDetail(MeetingOut):
    items: list[AgendaItemOut]


class BoardPage(Schema):
    count: int
    limit: int
    offset: int


class MeetingPage(BoardPage):
    items: list[MeetingOut] | list[PublicMeetingOut]


class AgendaItemPage(BoardPage):
    items: list[AgendaItemOut] | list[PublicAgendaItemOut]


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


class MeetingFilters(Schema):
    board: int | None = Field(None, ge=1, le=MAX_ID, description="Meetings of this board.")
    starts_after: IsoDate | None = Field(None, description="On or after this date.")
    starts_before: IsoDate | None = Field(None, description="On or before this date.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class AgendaItemFilters(Schema):
    meeting: int | None = Field(None, ge=1, le=MAX_ID, description="Items of this meeting.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


# Building answers -----------------------------------------------------------------------------


def meeting_dict(meeting: Meeting, *, partner: bool) -> dict:
    data = {
        "id": meeting.pk,
        "board": meeting.board_id,
        "board_name": meeting.board.name,
        "starts_at": meeting.starts_at.isoformat(),
        "venue": meeting.venue,
        "is_public": meeting.is_public,
        "papers_url": meeting.papers_url,
        "item_count": meeting.item_count,
    }
    if partner:
        data["notes"] = meeting.notes
    return data


def item_dict(item: AgendaItem, *, partner: bool) -> dict:
    data = {
        "id": item.pk,
        "meeting": item.meeting_id,
        "title": item.title,
        "lead_organisation": item.lead_organisation_id,
        "decision_sought": item.decision_sought,
        "decision_date": item.decision_date.isoformat() if item.decision_date else None,
        "outcome": item.outcome,
        "order": item.order,
    }
    if partner:
        data["activities"] = sorted(a.pk for a in item.activities.all())
        data["screened"] = hasattr(item, "screening")
    return data


def items_for_output(queryset, *, partner: bool):
    if partner:
        return queryset.select_related("screening").prefetch_related("activities")
    return queryset


def meetings_for_output(queryset):
    return queryset.select_related("board").annotate(
        item_count=Count("items", filter=Q(items__archived_at__isnull=True), distinct=True)
    )


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


def get_item(request: HttpRequest, pk: int) -> AgendaItem:
    item = visible_items(request).select_related("meeting", "lead_organisation").filter(pk=pk).first()
    if item is None:
        raise ApiError(404, NO_ITEM)
    return item


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


@router.get("/meetings", response={200: MeetingPage, 400: Error, 401: Error})
def list_meetings(request, filters: Query[MeetingFilters]):
    """Board meetings, soonest first, a page at a time. Without a token: public meetings only."""
    refuse_unknown_filters(request, MeetingFilters.model_fields)
    partner = is_partner(request)
    meetings = visible_meetings(request)
    if filters.board is not None:
        meetings = meetings.filter(board_id=filters.board)
    if filters.starts_after is not None:
        start = timezone.make_aware(datetime.combine(filters.starts_after, time.min))
        meetings = meetings.filter(starts_at__gte=start)
    if filters.starts_before is not None:
        end = timezone.make_aware(datetime.combine(filters.starts_before, time.max))
        meetings = meetings.filter(starts_at__lte=end)
    count = meetings.count()
    page = meetings_for_output(meetings.order_by("starts_at", "pk"))[filters.offset : filters.offset + filters.limit]
    return Response(
        {
            "count": count,
            "limit": filters.limit,
            "offset": filters.offset,
            "items": [meeting_dict(m, partner=partner) for m in page],
        }
    )


@router.get("/meetings/{id}", response={200: MeetingDetail | PublicMeetingDetail, **READ_ERRORS})
def retrieve_meeting(request, id: Id):
    """One meeting with its agenda items in order. Without a token, only a public meeting (404 otherwise)."""
    partner = is_partner(request)
    meeting = meetings_for_output(visible_meetings(request)).filter(pk=id).first()
    if meeting is None:
        raise ApiError(404, NO_MEETING)
    items = items_for_output(meeting.items.order_by("order", "pk"), partner=partner)
    data = meeting_dict(meeting, partner=partner)
    data["items"] = [item_dict(item, partner=partner) for item in items]
    return Response(data)


@router.get("/agenda-items", response={200: AgendaItemPage, 400: Error, 401: Error})
def list_items(request, filters: Query[AgendaItemFilters]):
    """Agenda items, by meeting date and then their place on the agenda. Without a token: items of public meetings."""
    refuse_unknown_filters(request, AgendaItemFilters.model_fields)
    partner = is_partner(request)
    items = visible_items(request)
    if filters.meeting is not None:
        items = items.filter(meeting_id=filters.meeting)
    count = items.count()
    page = items_for_output(items.order_by("meeting__starts_at", "meeting_id", "order", "pk"), partner=partner)
    page = page[filters.offset : filters.offset + filters.limit]
    return Response(
        {
            "count": count,
            "limit": filters.limit,
            "offset": filters.offset,
            "items": [item_dict(item, partner=partner) for item in page],
        }
    )


@router.get("/agenda-items/{id}", response={200: AgendaItemOut | PublicAgendaItemOut, **READ_ERRORS})
def retrieve_item(request, id: Id):
    """One agenda item. Without a token, only an item of a public meeting (404 otherwise)."""
    partner = is_partner(request)
    item = items_for_output(visible_items(request), partner=partner).filter(pk=id).first()
    if item is None:
        raise ApiError(404, NO_ITEM)
    return Response(item_dict(item, partner=partner))


@router.get("/agenda-items/{id}/screening", response={200: ScreeningOut, **READ_ERRORS})
def retrieve_screening(request, id: Id):
    """The item's screening: the answers, the recommendation with its reasons, the GunningChecklist checklist and
    the actions. Internal: 401 without a token, 403 without a role, 404 if the item is not screened yet."""
    require_partner(request)
    item = get_item(request, id)
    return Response(screening_dict(get_screening(item)))


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
    instance = Screening.objects.filter(agenda_item=item).first()
    form = ScreeningForm(_form_data(payload), instance=instance, agenda_item=item)
    if not form.is_valid():
        raise Invalid([(name, " ".join(messages)) for name, messages in form.errors.items()])
    screening = services.screen_agenda_item(agenda_item=item, answers=form.answers(), user=auth.user_of(request))
    return Response(screening_dict(screening), status=200 if instance is not None else 201)


@router.put(
    "/agenda-items/{id}/screening",
    response={200: ScreeningOut, 201: ScreeningOut, **WRITE_ERRORS},
    auth=auth.ApiAuth(),
)
def put_screening(request, id: Id, payload: ScreeningIn):
    """Screen the item, or screen it again, with these answers (see ScreeningIn). The recommendation,
    reasons and actions come back as on GET. Findings to reuse must be current findings in the insight
    library (not past their review date, not superseded)."""
    return _screen(request, id, payload)


@router.post(
    "/agenda-items/{id}/screening",
    response={200: ScreeningOut, 201: ScreeningOut, **WRITE_ERRORS},
    auth=auth.ApiAuth(),
)
def post_screening(request, id: Id, payload: ScreeningIn):
    """The same as PUT."""
    return _screen(request, id, payload)
