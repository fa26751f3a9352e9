"""The register's activities.

Who sees what:
- anyone, without a token: public activities residents can still take part in
  (as on the public pages), with their public fields only;
- a person with a role in the partnership (officer, coordinator, board member):
  every live activity, with every field.
Who may change what follows the register's pages exactly: officers create and
change activities led by their own organisation, coordinators any, board
members none. Deleting archives the activity; a coordinator can restore it on the site.
"""

from dataclasses import replace
from datetime import date

from django.db import connections
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from ninja import Query, Router
from ninja.responses import Response

from engaging.accounts.access import roles_for
from engaging.accounts.models import Organisation
from engaging.api import auth
from engaging.api.errors import ApiError, Invalid
from engaging.api.pagination import PAGE_PARAMETERS, Listing, paged
from engaging.api.preconditions import READ_DOCS, WRITE_DOCS, PreconditionFailedOut, precondition, with_etag
from engaging.api.schemas import (
    PUBLIC_FILTERS,
    Activity,
    ActivityCreate,
    ActivityFilters,
    ActivityItem,
    ActivityUpdate,
    Error,
    Overlaps,
    PublicActivity,
    PublicOverlaps,
    dump_activity,
    dump_closeness,
)
from engaging.api.types import EARLIEST, LATEST, Id
from engaging.api.writing import create_activity, update_activity
from engaging.core import cache
from engaging.lists.models import Area, Group, Method, Priority
from engaging.register.filters import ActivityFilter, PublicActivityFilter
from engaging.register.models import Activity as ActivityModel
from engaging.register.overlaps import Plan, is_finished, ranked_overlaps

router = Router(tags=["Activities"])

READ_ERRORS = {400: Error, 401: Error, 404: Error}
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}
FILTER_NAMES = frozenset(ActivityFilters.model_fields) | PAGE_PARAMETERS
NOT_FOUND = "There is no activity with that id."
NOT_FOUND_PUBLIC = "There is no public activity with that id."


def is_partner(request: HttpRequest) -> bool:
    """Anyone with a role in the partnership reads the whole register."""
    return roles_for(request.user).internal


def with_links(queryset, *, partner: bool):
    """Fetch the ids of every linked list in one query each, however many activities there are."""
    links = [("methods", Method), ("groups", Group), ("areas", Area), ("priorities", Priority)]
    if partner:
        links.append(("partner_organisations", Organisation))
    return queryset.prefetch_related(None).prefetch_related(
        *(Prefetch(name, queryset=model.objects.only("pk")) for name, model in links)
    )


LINKS = {
    "methods": "method_id",
    "groups": "group_id",
    "areas": "area_id",
    "priorities": "priority_id",
    "partner_organisations": "organisation_id",
}


def with_link_ids(activities: list, *, partner: bool) -> list:
    """Give each activity the ids of its live linked items, for every list at once in one query.

    Prefetching each list would cost a query and a model instance per link; the output needs ids alone.
    The query is written out rather than built by the ORM: building five filtered querysets and binding
    every id five times cost more than running it.
    """
    names = [name for name in LINKS if partner or name != "partner_organisations"]
    ids = [int(activity.pk) for activity in activities]
    found: dict[tuple[str, int], list[int]] = {}
    if ids:
        connection = connections[ActivityModel.objects.db]
        with connection.cursor() as cursor:
            cursor.execute(_link_ids_sql(connection, names, ids))
            for index, activity_id, linked_id in cursor.fetchall():
                found.setdefault((names[index], activity_id), []).append(linked_id)
    for activity in activities:
        activity.linked_ids = {name: sorted(found.get((name, activity.pk), ())) for name in names}
    return activities


def _link_ids_sql(connection, names: list[str], ids: list[int]) -> str:
    """(list's index in `names`, activity id, linked id) for each link of `ids` to a live item."""
    quote = connection.ops.quote_name
    in_ids = ", ".join(str(pk) for pk in ids)  # integers from the database, so safe to write in
    parts = []
    for index, name in enumerate(names):
        through = getattr(ActivityModel, name).through
        column = LINKS[name]
        target = through._meta.get_field(column.removesuffix("_id")).related_model
        target_pk = quote(target._meta.pk.column)
        parts.append(
            f"SELECT {index}, link.{quote('activity_id')}, link.{quote(column)} "
            f"FROM {quote(through._meta.db_table)} link "
            f"INNER JOIN {quote(target._meta.db_table)} target ON target.{target_pk} = link.{quote(column)} "
            f"WHERE link.{quote('activity_id')} IN ({in_ids}) AND target.{quote('archived_at')} IS NULL"
        )
    return " UNION ALL ".join(parts)


def visible(request: HttpRequest):
    partner = is_partner(request)
    return (ActivityModel.objects.all() if partner else ActivityModel.objects.public()), partner


def dump(activity, *, partner: bool) -> dict:
    return dump_activity(activity, Activity if partner else PublicActivity)


def get_activity(request: HttpRequest, pk: int):
    queryset, partner = visible(request)
    activity = with_links(queryset, partner=partner).filter(pk=pk).first()
    if activity is None:
        raise ApiError(404, NOT_FOUND if partner else NOT_FOUND_PUBLIC)
    return activity, partner


def filter_data(request: HttpRequest, filters: ActivityFilters, *, partner: bool) -> QueryDict:
    """The checked filters as the register's FilterSet expects them; refuses names it does not know."""
    unknown = sorted(set(request.GET) - FILTER_NAMES)
    errors = [(name, "This is not a filter") for name in unknown]
    if not partner:
        errors += [
            (name, "Only partners can use this filter; anyone can filter by area, group and priority")
            for name in sorted(request.GET)
            if name in FILTER_NAMES and name not in PUBLIC_FILTERS and name not in PAGE_PARAMETERS
        ]
    if errors:
        raise Invalid(errors, detail="Some of the filters are not valid.")
    data = QueryDict(mutable=True)
    for name, value in filters.model_dump(exclude_none=True).items():
        if isinstance(value, bool):
            value = "true" if value else ""
        data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


class ActivityListing(Listing):
    """The activities the filters choose, a page at a time, each page kept until the register changes."""

    def __init__(self, request: HttpRequest, filters: ActivityFilters):
        super().__init__()
        self.request, self.filters = request, filters

    def window(self, offset: int, limit: int) -> tuple[int, list]:
        request, filters = self.request, self.filters
        queryset, partner = visible(request)

        def listed() -> tuple[int, list]:
            data = filter_data(request, filters, partner=partner)
            if partner:
                filterset = ActivityFilter(data, queryset=queryset)
            else:
                filterset = PublicActivityFilter(data, queryset=queryset.order_by("start_date", "title"))
            if not filterset.is_valid():
                errors = [(name, _filter_message(name, messages)) for name, messages in filterset.errors.items()]
                raise Invalid(errors, detail="Some of the filters are not valid.")
            matches = filterset.qs
            page = with_link_ids(list(matches[offset : offset + limit]), partner=partner)
            count = matches.count()
            if offset % limit or (offset and offset >= count):
                cache.skip()  # only the pages the list's own steps reach are kept
            return count, [dump(activity, partner=partner) for activity in page]

        if filters.q:  # words to search for are answered afresh: they would let anyone fill the cache
            return listed()
        # The same filters give the same page until an activity or a list changes: kept until then.
        asked = [sorted(request.GET.lists()), partner, date.today()]
        return cache.cached("api-activities", asked, listed, request=request)


@router.get("/activities", response={200: list[ActivityItem], 400: Error, 401: Error}, auth=auth.read)
@paged
def list_activities(request, filters: Query[ActivityFilters]):
    """Activities, a page at a time (`limit`, `offset`).

    Without a token: public activities residents can still take part in, soonest
    first, with their public fields; only the area, group and priority filters apply.
    Partners: every live activity with every field, newest first unless `sort` says otherwise.
    A filter value that is not valid, or an id that does not exist, is a 400 naming the filter.
    """
    return ActivityListing(request, filters)


def _filter_message(name: str, messages: list[str]) -> str:
    if name in ("organisation", "group", "area", "priority", "method"):
        return f"There is no {name} with that id"
    return " ".join(messages)


@router.post("/activities", response={201: Activity, **WRITE_ERRORS}, auth=auth.create)
def create(request, payload: ActivityCreate):
    """Add an activity to the register. It starts as planned.

    Required: title, summary, purpose, lead_organisation, type, level, start_date,
    groups and areas (at least one each). end_date defaults to start_date.
    Officers may lead only as their own organisation (otherwise 403, naming
    lead_organisation); coordinators as any; board members cannot create (403).
    A public summary or how_to_take_part that misses the plain-English target
    is refused (400, naming the field) unless publish_anyway_reason says why.
    """
    activity = create_activity(payload, auth.user_of(request))
    activity, _ = get_activity(request, activity.pk)
    return Response(dump(activity, partner=True), status=201)


@router.get(
    "/activities/{id}",
    response={200: Activity | PublicActivity, **READ_ERRORS},
    auth=auth.read,
    openapi_extra=READ_DOCS,
)
def retrieve(request, id: Id):
    """One activity. Without a token, only a public activity (404 otherwise), with its public fields.
    The ETag header holds its version, for If-Match when changing it."""
    activity, partner = get_activity(request, id)
    return with_etag(Response(dump(activity, partner=partner)), activity)


@router.patch(
    "/activities/{id}",
    response={200: Activity, **WRITE_ERRORS, 412: PreconditionFailedOut},
    auth=auth.change,
    openapi_extra=WRITE_DOCS,
)
def update(request, id: Id, payload: ActivityUpdate):
    """Change some fields of an activity; fields not sent stay as they are.

    Lists replace the current list. `status` must follow the lifecycle (400 naming
    status otherwise). Moving the lead to an organisation you cannot lead as is 403.
    Public text that is changed, or made public, follows the same reading-age rule as
    on creation: above the target, it needs publish_anyway_reason.
    With If-Match (the ETag from GET), nothing changes if someone else has changed it since: 412.
    """
    activity, _ = get_activity(request, id)
    if not request.user.has_perm("register.change_activity", activity):
        raise ApiError(403, "Only an officer of the lead organisation, or a coordinator, can change this activity.")
    with precondition(request, activity):
        update_activity(activity, payload, auth.user_of(request))
    activity, _ = get_activity(request, id)
    return with_etag(Response(dump(activity, partner=True)), activity)


@router.delete("/activities/{id}", response={204: None, **WRITE_ERRORS}, auth=auth.archive)
def archive(request, id: Id):
    """Archive an activity: it disappears from the API and the site, and a coordinator can restore it."""
    activity, _ = get_activity(request, id)
    if not request.user.has_perm("register.archive_activity", activity):
        raise ApiError(403, "Only an officer of the lead organisation, or a coordinator, can archive this activity.")
    activity.archive()
    return HttpResponse(status=204)


def plan_of(activity) -> Plan:
    """The activity's plan, with its dates kept within the years the API accepts.

    The register's pages accept any date, and the overlap window cannot be added to a
    date in the year 9999 (or taken from one in year 1) without overflowing.
    """
    plan = Plan.of(activity)
    start = min(max(plan.start_date, EARLIEST), LATEST)
    end = min(max(plan.end_date, EARLIEST), LATEST)
    return replace(plan, start_date=start, end_date=end)


@router.get("/activities/{id}/overlaps", response={200: Overlaps | PublicOverlaps, **READ_ERRORS}, auth=auth.read)
def overlaps(request, id: Id):
    """Activities by other organisations that ask the same groups, in areas that meet, at about the same time,
    closest first, each with why it is close (`closeness`).

    Without a token: only for a public activity, and only public overlaps, with public fields.
    """
    activity, partner = get_activity(request, id)
    ranked = ranked_overlaps(plan_of(activity), within=None if partner else ActivityModel.objects.public())
    found = with_link_ids(ranked, partner=partner)
    items = [
        {**dump(match, partner=partner), "closeness": dump_closeness(match.closeness, rank)}
        for rank, match in enumerate(found, start=1)
    ]
    finished = is_finished(status=activity.status, end_date=activity.end_date)
    return Response({"finished": finished, "count": len(items), "items": items})
