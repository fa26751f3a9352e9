"""The insight library: findings (what people said) and the themes they are filed under.

Who sees what:
- anyone, without a token: public findings of public, live activities that were not cancelled,
  with their public fields only (never who recorded them);
- a person with a role in the partnership: every live finding of a live activity, every field.
Who may change what, exactly as on the site: an officer records and changes findings of
activities their own organisation leads; a coordinator any; a board member none.

Stale findings (past their review date, or superseded) are left out unless `include_stale=true`.
"""

from datetime import date
from functools import cache as cache_function
from typing import Annotated, Literal

from django.http import HttpRequest, QueryDict
from ninja import Query, Router, Schema
from ninja.responses import Response
from pydantic import ConfigDict, Field

from engaging.accounts.access import roles_for
from engaging.api import auth
from engaging.api.errors import ApiError, Invalid
from engaging.api.finding_schemas import (
    FindingItem,
    FindingOut,
    PublicFindingOut,
    PublicSearchHit,
    SearchHit,
    SearchHitItem,
    ThemeOut,
)
from engaging.api.links import Link, linked_ids
from engaging.api.pagination import MOST_COUNTED, Listing, capped, paged, refuse_unknown_filters
from engaging.api.preconditions import READ_DOCS, WRITE_DOCS, PreconditionFailedOut, precondition, with_etag
from engaging.api.schemas import Error
from engaging.api.types import BodyId, Id, IdList, IsoDate, NotNull, SearchText, StrictBool, text
from engaging.api.types import Count as CountType
from engaging.core import cache
from engaging.core.dates import finding_date_problems
from engaging.insight import services
from engaging.insight.filters import ActivityFindingFilter
from engaging.insight.forms import clean_text
from engaging.insight.models import Finding, FindingUse, Theme, supersession_problem
from engaging.insight.search import search_findings, search_terms
from engaging.lists.models import Area, Group, Priority
from engaging.register.models import Activity

router = Router(tags=["Insight library"])

READ_ERRORS = {400: Error, 401: Error, 404: Error}
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}
RECORD = auth.ApiAuth(permission="insight.record_findings")

KindName = Literal[tuple(Finding.Kind.values)]
RepresentativenessName = Literal[tuple(Finding.Representativeness.values)]
LINKED = {
    "themes": (Theme, "theme"),
    "groups": (Group, "group"),
    "areas": (Area, "area"),
    "priorities": (Priority, "priority"),
}


# Filters --------------------------------------------------------------------------------


class FindingFilters(Schema):
    """The library's filters. Anyone may use them; without a token they apply to public findings."""

    theme: Id | None = Field(None, description="Filed under this theme.")
    group: Id | None = Field(None, description="Said by this group.")
    area: Id | None = Field(None, description="Heard in this area, or in an area inside or around it.")
    priority: Id | None = Field(None, description="About this strategy priority.")
    organisation: Id | None = Field(None, description="Heard by an activity this organisation led.")
    activity: Id | None = Field(None, description="Heard by this activity.")
    heard_after: IsoDate | None = Field(None, description="Heard on or after this date.")
    heard_before: IsoDate | None = Field(None, description="Heard on or before this date.")
    include_stale: bool = Field(False, description="true includes stale findings.")


class SearchFilters(FindingFilters):
    q: SearchText = Field(description="Words to search for; every word must match. Other forms of a word match too.")


# In -------------------------------------------------------------------------------------


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class FindingCreate(_Strict):
    """A new finding of an activity. Left out, groups, areas and priorities are the activity's."""

    # None means "not sent": each is checked by hand, so the message says what to do.
    activity: BodyId = Field(None, description="The activity that heard it.")
    statement: text(4000) = Field(None, description="What people said, in their words or a faithful summary.")
    heard_on: IsoDate = Field(None, description="When it was heard; not in the future.")
    kind: Annotated[KindName, NotNull] = "summary"
    themes: IdList = Field(default_factory=list)
    groups: IdList = None
    areas: IdList = None
    priorities: IdList = None
    people_count: CountType | None = None
    representativeness: Annotated[RepresentativenessName, NotNull] = "some"
    review_by: IsoDate | None = Field(None, description="Two years after it was heard if left out.")
    is_public: StrictBool = True
    superseded_by: BodyId | None = None


class FindingUpdate(_Strict):
    """A change to a finding: only the fields sent change. Lists replace the current list."""

    statement: text(4000) = None
    heard_on: IsoDate = None
    kind: Annotated[KindName, NotNull] = None
    themes: IdList = None
    groups: IdList = None
    areas: IdList = None
    priorities: IdList = None
    people_count: CountType | None = None
    representativeness: Annotated[RepresentativenessName, NotNull] = None
    review_by: IsoDate = None
    is_public: StrictBool = None
    superseded_by: BodyId | None = None


# Reading --------------------------------------------------------------------------------


def is_partner(request: HttpRequest) -> bool:
    return roles_for(request.user).internal


LINKED_LISTS = ("themes", "groups", "areas", "priorities")


def visible(*, partner: bool):
    return Finding.objects.in_library() if partner else Finding.objects.public()


@cache_function
def _links() -> dict[str, Link]:
    return {name: Link.many(Finding, name) for name in LINKED_LISTS}


USES = "used_by_activities"


def write(findings: list, schema) -> list[dict]:
    """Each finding as `schema` writes it out, its linked lists read for every finding at once (one query).

    What `schema.model_validate(finding).model_dump(mode="json")` gives: the values read from the database
    are of the schema's types already, so they are handed to it as they are, without ninja's getter, which
    read every attribute of every finding for most of a page's cost."""
    links = dict(_links())
    if USES in schema.model_fields:
        # Uses by archived activities are left out, as the finding's page leaves them out.
        links[USES] = Link.rows(FindingUse, "finding", "activity")
    found = linked_ids(findings, links, using=Finding.objects.db)
    fields = schema.model_fields
    today = date.today()
    written = []
    for finding in findings:
        values = {
            "id": finding.pk,
            "activity": finding.activity_id,
            "statement": finding.statement,
            "kind": finding.kind,
            "people_count": finding.people_count,
            "representativeness": finding.representativeness,
            "heard_on": finding.heard_on,
            "review_by": finding.review_by,
            "is_stale": Finding.stale_given(
                review_by=finding.review_by, superseded_by_id=finding.superseded_by_id, today=today
            ),
            "is_public": finding.is_public,
            "superseded_by": finding.superseded_by_id,
            "created_by": finding.created_by_id,
            "created_at": finding.created_at,
            "updated_at": finding.updated_at,
            "snippet": getattr(finding, "snippet", ""),
            "rank": getattr(finding, "rank", None),
        }
        for name in links:
            values[name] = found[name].get(finding.pk, [])
        written.append(schema.model_construct(**{name: values[name] for name in fields}).model_dump(mode="json"))
    return written


def dump(finding, schema) -> dict:
    return write([finding], schema)[0]


def get_finding(request: HttpRequest, pk: int):
    partner = is_partner(request)
    finding = visible(partner=partner).filter(pk=pk).first()
    if finding is None:
        raise ApiError(
            404, "There is no finding with that id." if partner else "There is no public finding with that id."
        )
    return finding, partner


def filtered(request: HttpRequest, filters: FindingFilters, schema, *, partner: bool):
    """The findings the filters choose (or a function that gives them); refuses names it does not know, and ids
    that do not exist."""
    refuse_unknown_filters(request, schema)
    data = QueryDict(mutable=True)
    for name, value in filters.model_dump(exclude_none=True, exclude={"q"}).items():
        if isinstance(value, bool):
            value = "on" if value else ""
        data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if not any(data.values()):  # no filter chosen: what the filters leave, without building them to check nothing
        return lambda: visible(partner=partner).current(date.today())  # built only when the page is not kept
    finding_filter = ActivityFindingFilter(data, queryset=visible(partner=partner))
    if not finding_filter.is_valid():
        errors = [(name, f"There is no {name} with that id") for name in finding_filter.errors]
        raise Invalid(errors, detail="Some of the filters are not valid.")
    return finding_filter.qs


@router.get("/themes", response={200: list[ThemeOut], 401: Error}, auth=auth.read)
def list_themes(request):
    """The themes findings are filed under, A to Z. Anyone may read them."""
    return Theme.objects.order_by("name")


class Found(Listing):
    """Findings chosen by the filters (and, for a search, matching every word), a page at a time.

    Given `kept_as` (the cleaned filters), a page is kept until a table it read is written: only for
    filters chosen from the library's own lists, never for words or dates, and only for the pages the
    list's own steps reach, so nobody can fill the cache by making up addresses. A search (`words`) given
    `kept_as` is kept in the answering process alone, among its last few searches (`here_only`, core/cache.py)."""

    def __init__(self, matches, words: str, schema, *, most: int | None = None, request=None, kept_as=None):
        super().__init__(matches)
        self.words, self.schema, self.most = words, schema, most
        self.request, self.kept_as = request, kept_as
        self.capped = False

    def window(self, offset: int, limit: int) -> tuple[int, list]:
        def found() -> tuple[int, bool, list]:
            result = search_findings(self.all(), self.words, offset=offset, limit=limit, most=self.most)
            if offset % limit or (offset and offset >= result.count):
                cache.skip()
            return result.count, result.capped, write(result.findings, self.schema)

        if self.kept_as is None:
            count, self.capped, items = found()
        else:
            parts = [self.schema.__name__, *self.kept_as, offset, limit, date.today()]
            here_only = bool(self.words)
            count, self.capped, items = cache.cached(
                "api-findings", [*parts, self.words], found, request=self.request, here_only=here_only
            )
        return count, items


def kept_filters(filters: FindingFilters) -> list | None:
    """The filters as a kept page's key: ids of records that exist (`filtered` has checked them) and a yes or
    no; None when a date was given, whose values have no end."""
    chosen = filters.model_dump()
    if chosen["heard_after"] is not None or chosen["heard_before"] is not None:
        return None
    return sorted(chosen.items())


@router.get("/findings", response={200: list[FindingItem], 400: Error, 401: Error}, auth=auth.read)
@paged
def list_findings(request, filters: Query[FindingFilters]):
    """Findings, newest first, a page at a time (`limit`, `offset`).

    Without a token: public findings only, with their public fields.
    A filter that is not valid, or an id that does not exist, is a 400 naming the filter.
    """
    partner = is_partner(request)
    matches = filtered(request, filters, FindingFilters, partner=partner)
    schema = FindingOut if partner else PublicFindingOut
    return Found(matches, "", schema, request=request, kept_as=kept_filters(filters))


@router.get("/findings/search", response={200: list[SearchHitItem], 400: Error, 401: Error}, auth=auth.read)
@capped
def search(request, filters: Query[SearchFilters]):
    """Findings containing every word of `q`, best match first, with the library's filters.

    Each has a `snippet`: HTML with the matching words in <mark>, everything else escaped.
    Other forms of a word match too (waiting, waited). Any text may be sent: only its words are used.
    When more than 1,000 findings match, the 1,000 most recently recorded are ranked and answered,
    and `count_capped` is true: more words or filters narrow the search.
    """
    if not search_terms(filters.q):
        raise Invalid([("q", "Enter a word to search for")], detail="Some of the filters are not valid.")
    partner = is_partner(request)
    matches = filtered(request, filters, SearchFilters, partner=partner)
    schema = SearchHit if partner else PublicSearchHit
    # Any filters and words: the search is kept in this process alone, however they were made up.
    kept_as = sorted((name, str(value)) for name, value in filters.model_dump().items())
    return Found(matches, filters.q, schema, most=MOST_COUNTED, request=request, kept_as=kept_as)


@router.get(
    "/findings/{id}",
    response={200: FindingOut | PublicFindingOut, **READ_ERRORS},
    auth=auth.read,
    openapi_extra=READ_DOCS,
)
def retrieve(request, id: Id):
    """One finding. Without a token, only a public one (404 otherwise), with its public fields.
    The ETag header holds its version, for If-Match when changing it."""
    finding, partner = get_finding(request, id)
    return with_etag(Response(dump(finding, FindingOut if partner else PublicFindingOut)), finding)


# Writing --------------------------------------------------------------------------------


def _missing(noun: str, ids) -> str:
    shown = ", ".join(str(i) for i in sorted(ids)[:5])
    return f"There is no {noun} with the id{'s' if len(ids) > 1 else ''} {shown}{' and others' if len(ids) > 5 else ''}"


def resolve_lists(data: dict, errors: list) -> dict:
    relations = {}
    for name, (model, noun) in LINKED.items():
        if data.get(name) is None:
            continue
        wanted = set(data[name])
        found = list(model.objects.filter(pk__in=wanted))
        missing = wanted - {item.pk for item in found}
        if missing:
            errors.append((name, _missing(noun, missing)))
        relations[name] = found
    return relations


def check(finding: Finding, data: dict, errors: list) -> None:
    """Apply the fields sent to `finding` and check them by the rules the site's form uses."""
    today = date.today()
    if "statement" in data:
        data["statement"] = clean_text(data["statement"] or "")
        if not data["statement"]:
            errors.append(("statement", "Enter what people said"))
    for name in ("statement", "kind", "people_count", "representativeness", "heard_on", "review_by", "is_public"):
        if name in data:
            setattr(finding, name, data[name])
    activity = finding.activity if finding.activity_id else None
    errors.extend(
        finding_date_problems(
            heard_on=finding.heard_on,
            review_by=finding.review_by,
            activity_start=activity.start_date if activity else None,
            today=today,
        )
    )
    if "superseded_by" in data:
        replacement = None
        if data["superseded_by"] is not None:
            replacement = Finding.objects.filter(pk=data["superseded_by"]).first()
            if replacement is None:
                errors.append(("superseded_by", "There is no finding with that id"))
        problem = supersession_problem(finding, replacement)
        if problem:
            errors.append(("superseded_by", problem))
        finding.superseded_by = replacement


@router.post("/findings", response={201: FindingOut, **WRITE_ERRORS}, auth=RECORD)
def create(request, payload: FindingCreate):
    """Record a finding. Required: activity, statement and heard_on.

    Only an officer of the activity's lead organisation, or a coordinator (403 otherwise).
    Left out, groups, areas and priorities are the activity's, and review_by is two years after heard_on.
    """
    data = payload.model_dump()
    errors: list[tuple[str, str]] = []
    activity = None
    if data["activity"] is None:
        errors.append(("activity", "Choose the activity that heard it"))
    else:
        activity = Activity.objects.filter(pk=data["activity"]).first()
        if activity is None:
            errors.append(("activity", "There is no activity with that id"))
        elif not request.user.has_perm("insight.add_finding", activity):
            message = "Only an officer of the activity's lead organisation, or a coordinator, can record its findings"
            raise ApiError(403, f"{message}.", [("activity", message)])
    if data["statement"] is None:
        errors.append(("statement", "Enter what people said"))
    if data["heard_on"] is None:
        errors.append(("heard_on", "Enter the date it was heard"))
    finding = Finding(activity=activity) if activity else Finding()
    check(finding, {k: v for k, v in data.items() if v is not None or k == "people_count"}, errors)
    relations = resolve_lists(data, errors)
    if errors:
        raise Invalid(errors)
    for name in ("groups", "areas", "priorities"):
        if data[name] is None:
            relations[name] = list(getattr(activity, name).all())
    finding = services.save_finding(finding=finding, relations=relations, user=auth.user_of(request))
    finding, _ = get_finding(request, finding.pk)
    return Response(dump(finding, FindingOut), status=201)


@router.patch(
    "/findings/{id}",
    response={200: FindingOut, **WRITE_ERRORS, 412: PreconditionFailedOut},
    auth=RECORD,
    openapi_extra=WRITE_DOCS,
)
def update(request, id: Id, payload: FindingUpdate):
    """Change some fields of a finding; fields not sent stay as they are. Lists replace the current list.
    With If-Match (the ETag from GET), nothing changes if someone else has changed it since: 412."""
    finding, _ = get_finding(request, id)
    if not request.user.has_perm("insight.change_finding", finding):
        raise ApiError(403, "Only an officer of the activity's lead organisation, or a coordinator, can change this.")
    data = payload.model_dump(exclude_unset=True)
    with precondition(request, finding):
        errors: list[tuple[str, str]] = []
        for name in ("themes", "groups", "areas", "priorities"):
            if name in data and data[name] is None:
                errors.append((name, "This cannot be null; send [] for none"))
        check(finding, data, errors)
        relations = resolve_lists(data, errors)
        if errors:
            raise Invalid(errors)
        services.save_finding(finding=finding, relations=relations, user=auth.user_of(request))
    finding, _ = get_finding(request, id)
    return with_etag(Response(dump(finding, FindingOut)), finding)
