"""Loop closures: how and when an activity's participants were told what happened.

Who sees what:
- anyone, without a token: the loop closures of public, live, not cancelled activities, with the
  channel, date and summary;
- a person with a role in the partnership: every loop closure of a live activity, every field.
An officer records loop closures for activities their organisation leads; a coordinator for any;
a board member reads only.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from django.db import transaction
from ninja import Query, Router, Schema
from ninja.responses import Response as JsonResponse
from pydantic import ConfigDict, Field, WithJsonSchema

from engaging.api import auth
from engaging.api.errors import ApiError, Invalid
from engaging.api.pagination import KeptListing, as_written, either, paged, refuse_unknown_filters
from engaging.api.plain_language import REASON_HELP, hard_texts, keep_reason, texts_to_check
from engaging.api.routers.responses import check_filter_ids, is_partner
from engaging.api.schemas import Error
from engaging.api.types import BodyId, Count, Id, IsoDate, NotNull, text
from engaging.loop import services
from engaging.loop.models import LoopClosure, public_feedback_activities
from engaging.plain.publishing import REASON_MAX
from engaging.register.models import Activity

router = Router(tags=["You said, we did"])

READ_ERRORS = {400: Error, 401: Error, 404: Error}
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}

ChannelName = Literal[tuple(LoopClosure.Channel.values)]
ChannelOut = Annotated[str, WithJsonSchema({"type": "string", "enum": list(LoopClosure.Channel.values)})]


# Out ------------------------------------------------------------------------------------


class PublicLoopClosureOut(Schema):
    id: int
    activity: int
    channel: ChannelOut
    told_on: date
    summary: str

    @staticmethod
    def resolve_activity(obj) -> int:
        return obj.activity_id


class LoopClosureOut(PublicLoopClosureOut):
    people_reached: int | None
    created_at: datetime
    updated_at: datetime


LoopClosureItem = either(LoopClosureOut, PublicLoopClosureOut, "LoopClosureItem")


# In -------------------------------------------------------------------------------------


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class LoopClosureCreate(_Strict):
    """How and when an activity's participants were told what happened."""

    activity: BodyId = None
    channel: Annotated[ChannelName, NotNull] = None
    told_on: IsoDate = None
    people_reached: Count | None = None
    summary: text(4000) = None
    publish_anyway_reason: text(REASON_MAX) = Field("", description=REASON_HELP)


class LoopClosureFilters(Schema):
    activity: Id | None = None
    organisation: Id | None = Field(None, description="The lead organisation of the activity.")


# Reading ----------------------------------------------------------------------------------


def visible_closures(*, partner: bool):
    if partner:
        # Archived activities are few: leaving out their loop closures by that short list, rather than joining
        # each closure to its activity, lets the most recent be read in order.
        archived = Activity.everything.filter(archived_at__isnull=False).values("pk")
        queryset = LoopClosure.objects.exclude(activity_id__in=archived)
    else:
        queryset = LoopClosure.objects.public()
    return queryset.order_by("-told_on", "-pk")


def dump_closure(closure, *, partner: bool) -> dict:
    """What the schema writes out for the closure, from values read from the database without checking them again."""
    schema = LoopClosureOut if partner else PublicLoopClosureOut
    values = {name: getattr(closure, name, None) for name in LoopClosureOut.model_fields if name != "activity"}
    return as_written(schema, {**values, "activity": closure.activity_id})


@router.get("/loop-closures", response={200: list[LoopClosureItem], 400: Error, 401: Error}, auth=auth.read)
@paged
def list_loop_closures(request, filters: Query[LoopClosureFilters]):
    """How and when participants were told what happened, most recent first, a page at a time.

    Without a token: only for public activities, with the channel, date and summary.
    """
    refuse_unknown_filters(request, LoopClosureFilters)
    partner = is_partner(request)
    activities = Activity.objects.all() if partner else public_feedback_activities()
    check_filter_ids(organisation=filters.organisation, activity=filters.activity, activities=activities)

    def closures():  # built only when the page is not kept
        queryset = visible_closures(partner=partner)
        if filters.activity:
            queryset = queryset.filter(activity_id=filters.activity)
        if filters.organisation:
            queryset = queryset.filter(activity__lead_organisation_id=filters.organisation)
        return queryset

    # Ids checked above to exist: a page of each is kept like the whole list's.
    chosen = {"activity": filters.activity, "organisation": filters.organisation}
    return KeptListing(
        closures, lambda page: [dump_closure(c, partner=partner) for c in page],
        request=request, name="loop-closures", kept_as=chosen,
    )  # fmt: skip


@router.get("/loop-closures/{id}", response={200: LoopClosureOut | PublicLoopClosureOut, **READ_ERRORS}, auth=auth.read)
def retrieve_loop_closure(request, id: Id):
    partner = is_partner(request)
    closure = visible_closures(partner=partner).filter(pk=id).first()
    if closure is None:
        raise ApiError(404, "There is no loop closure with that id.")
    return JsonResponse(dump_closure(closure, partner=partner))


@router.post(
    "/loop-closures",
    response={201: LoopClosureOut, **WRITE_ERRORS},
    auth=auth.ApiAuth(permission="loop.record_loopclosures"),
)
def create_loop_closure(request, payload: LoopClosureCreate):
    """Record how and when an activity's participants were told what happened.

    Required: activity, channel, told_on (not in the future, not before the activity started) and summary.
    Only an officer of the activity's lead organisation, or a coordinator (403 otherwise).
    When the activity is public, a summary that misses the plain-English target needs
    publish_anyway_reason (400 naming summary otherwise).
    """
    data = payload.model_dump()
    errors: list[tuple[str, str]] = []
    activity = None
    if data["activity"] is None:
        errors.append(("activity", "Choose the activity whose participants were told"))
    else:
        activity = Activity.objects.filter(pk=data["activity"]).first()
        if activity is None:
            errors.append(("activity", "There is no activity with that id"))
        elif not request.user.has_perm("loop.add_loopclosure", activity):
            raise ApiError(
                403,
                "Only an officer of the activity's lead organisation, or a coordinator, can record this.",
                [("activity", "Only an officer of the lead organisation, or a coordinator, can record this")],
            )
    if data["channel"] is None:
        errors.append(("channel", "Choose how people were told"))
    if data["summary"] is None or not data["summary"].strip():
        errors.append(("summary", "Enter what people were told"))
    if data["told_on"] is None:
        errors.append(("told_on", "Enter the date people were told"))
    elif activity is not None:
        errors.extend(services.loop_closure_problems(activity=activity, told_on=data["told_on"]))
    public = activity is not None and activity.is_public
    texts = texts_to_check(data, ("summary",), public=public)
    above = hard_texts(texts, data["publish_anyway_reason"], errors)
    if errors:
        raise Invalid(errors)
    closure = LoopClosure(
        activity=activity,
        channel=data["channel"],
        told_on=data["told_on"],
        people_reached=data["people_reached"],
        summary=data["summary"],
    )
    user = auth.user_of(request)
    with transaction.atomic():
        closure = services.record_loop_closure(closure=closure, user=user)
        keep_reason(closure, above, texts, data["publish_anyway_reason"], user)
    return JsonResponse(dump_closure(closure, partner=True), status=201)
