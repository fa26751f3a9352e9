"""The board: its meetings and their agenda items (the screening of each item is in screenings.py).

Who sees what:
- anyone, without a token: public meetings (open to the public, of a live board) and their agenda
  items, with their public fields;
- a person with a role in the partnership: every live meeting and agenda item, every field. Someone
  signed in without a role reads what the public reads.
"""

from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Response
from pydantic import Field

from engaging.accounts.access import roles_for
from engaging.api import auth
from engaging.api.errors import ApiError
from engaging.api.pagination import KeptListing, either, paged, refuse_unknown_filters
from engaging.api.schemas import Error
from engaging.api.types import MAX_ID, Id, IsoDate
from engaging.board.models import AgendaItem, Meeting, Screening
from engaging.register.models import Activity

router = Router(tags=["Board"], auth=auth.read)

READ_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}
NO_MEETING = "There is no meeting with that id."
NO_ITEM = "There is no agenda item with that id."


def is_partner(request: HttpRequest) -> bool:
    return roles_for(request.user).internal


def visible_meetings(request: HttpRequest):
    meetings = Meeting.objects.filter(board__archived_at__isnull=True)
    return meetings if is_partner(request) else meetings.public()


def visible_items(request: HttpRequest):
    return AgendaItem.objects.filter(meeting__in=visible_meetings(request).values("pk"))


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


MeetingItem = either(MeetingOut, PublicMeetingOut, "MeetingItem")
AgendaItemItem = either(AgendaItemOut, PublicAgendaItemOut, "AgendaItemItem")


# In -------------------------------------------------------------------------------------------


class MeetingFilters(Schema):
    board: int | None = Field(None, ge=1, le=MAX_ID, description="Meetings of this board.")
    starts_after: IsoDate | None = Field(None, description="On or after this date.")
    starts_before: IsoDate | None = Field(None, description="On or before this date.")


class AgendaItemFilters(Schema):
    meeting: int | None = Field(None, ge=1, le=MAX_ID, description="Items of this meeting.")


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
        data["screened"] = item.screened
    return data


def items_for_output(queryset, *, partner: bool):
    if partner:
        # Ids alone: the output needs no more of an item's activities, nor of its screening than whether it has one.
        screened = Screening.objects.filter(agenda_item=OuterRef("pk"))
        return queryset.annotate(screened=Exists(screened)).prefetch_related(
            Prefetch("activities", queryset=Activity.objects.only("pk"))
        )
    return queryset


def meetings_for_output(queryset):
    return queryset.select_related("board").annotate(
        item_count=Count("items", filter=Q(items__archived_at__isnull=True), distinct=True)
    )


def get_item(request: HttpRequest, pk: int) -> AgendaItem:
    item = visible_items(request).select_related("meeting", "lead_organisation").filter(pk=pk).first()
    if item is None:
        raise ApiError(404, NO_ITEM)
    return item


# Endpoints ------------------------------------------------------------------------------------


@router.get("/meetings", response={200: list[MeetingItem], 400: Error, 401: Error})
@paged
def list_meetings(request, filters: Query[MeetingFilters]):
    """Board meetings, soonest first, a page at a time. Without a token: public meetings only."""
    refuse_unknown_filters(request, MeetingFilters)
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
    ordered = meetings_for_output(meetings.order_by("starts_at", "pk"))
    # A board's id need not exist and dates have no end: only the whole list's pages are kept.
    unfiltered = filters.board is None and filters.starts_after is None and filters.starts_before is None
    return KeptListing(
        ordered, lambda page: [meeting_dict(m, partner=partner) for m in page],
        request=request, name="meetings", unfiltered=unfiltered,
    )  # fmt: skip


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


@router.get("/agenda-items", response={200: list[AgendaItemItem], 400: Error, 401: Error})
@paged
def list_items(request, filters: Query[AgendaItemFilters]):
    """Agenda items, by meeting date and then their place on the agenda. Without a token: items of public meetings."""
    refuse_unknown_filters(request, AgendaItemFilters)
    partner = is_partner(request)
    items = visible_items(request)
    if filters.meeting is not None:
        items = items.filter(meeting_id=filters.meeting)
    ordered = items_for_output(items.order_by("meeting__starts_at", "meeting_id", "order", "pk"), partner=partner)
    return KeptListing(
        ordered, lambda page: [item_dict(item, partner=partner) for item in page],
        request=request, name="agenda-items", unfiltered=filters.meeting is None,
    )  # fmt: skip


@router.get("/agenda-items/{id}", response={200: AgendaItemOut | PublicAgendaItemOut, **READ_ERRORS})
def retrieve_item(request, id: Id):
    """One agenda item. Without a token, only an item of a public meeting (404 otherwise)."""
    partner = is_partner(request)
    item = items_for_output(visible_items(request), partner=partner).filter(pk=id).first()
    if item is None:
        raise ApiError(404, NO_ITEM)
    return Response(item_dict(item, partner=partner))
