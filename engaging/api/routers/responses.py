"""You said, we did: responses to findings (loop closures, how people were told, are in loop_closures.py).

Who sees what:
- anyone, without a token: public responses (public and live, answering at least one public
  finding of a public, live activity that was not cancelled), with their public fields only;
- a person with a role in the partnership: every live response, every field.
Who may change what, exactly as on the site: an officer records and changes responses for which
their own organisation is responsible; a coordinator does anything; a board member reads only.
Deleting a response archives it.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.responses import Response as JsonResponse
from pydantic import ConfigDict, Field, WithJsonSchema

from engaging.accounts.access import roles_for
from engaging.accounts.models import Organisation
from engaging.api import auth
from engaging.api.errors import ApiError, Invalid
from engaging.api.pagination import KeptListing, either, paged, refuse_unknown_filters
from engaging.api.plain_language import REASON_FIELD, REASON_HELP, hard_texts, keep_reason, texts_to_check
from engaging.api.preconditions import READ_DOCS, WRITE_DOCS, PreconditionFailedOut, precondition, with_etag
from engaging.api.schemas import Error
from engaging.api.types import BodyId, Id, IdList, IsoDate, NotNull, StrictBool, text
from engaging.insight.models import Finding
from engaging.loop import services
from engaging.loop.models import Response, public_feedback_activities, public_findings
from engaging.loop.rules import can_respond_as
from engaging.plain.publishing import REASON_MAX
from engaging.register.models import Activity

router = Router(tags=["You said, we did"])

READ_ERRORS = {400: Error, 401: Error, 404: Error}
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}
NOT_YOUR_ORGANISATION = "You can only make your own organisation responsible"

ResponseStatusName = Literal[tuple(Response.Status.values)]
StatusOut = Annotated[str, WithJsonSchema({"type": "string", "enum": list(Response.Status.values)})]


# Out ------------------------------------------------------------------------------------


class PublicResponseOut(Schema):
    """What residents read on "You said, we did"."""

    id: int
    action: str
    organisation: int = Field(description="The responsible organisation's id.")
    status: StatusOut
    reason: str = Field(description="Why it is not possible; only for that status.")
    decision_reference: str
    decided_on: date | None
    due_on: date | None
    completed_on: date | None
    is_late: bool = Field(
        description="True when due_on has passed and the response is neither done nor not possible (as of today)."
    )
    outcome: str
    findings: list[int] = Field(description="The findings it answers (for anyone without a token: the public ones).")
    activities: list[int] = Field(description="The activities those findings came from.")
    updated_at: datetime

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_reason(obj) -> str:
        return obj.reason if obj.status == Response.Status.NOT_POSSIBLE else ""

    @staticmethod
    def resolve_findings(obj) -> list[int]:
        return sorted(f.pk for f in obj.api_findings)

    @staticmethod
    def resolve_activities(obj) -> list[int]:
        return sorted({f.activity_id for f in obj.api_findings})


class ResponseOut(PublicResponseOut):
    """Every field, for partners."""

    is_public: bool
    created_at: datetime

    @staticmethod
    def resolve_reason(obj) -> str:
        return obj.reason


ResponseItem = either(ResponseOut, PublicResponseOut, "ResponseItem")


# In -------------------------------------------------------------------------------------


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ResponseCreate(_Strict):
    """A new response. findings, action and organisation are required; "not_possible" needs a reason."""

    # None means "not sent": each is checked by hand, so the message says what to do.
    findings: IdList = Field(None, description="Ids of live findings; at least one.")
    action: text(4000) = Field(None, description="What was decided or done, in plain words.")
    organisation: BodyId = Field(None, description="The responsible organisation: officers, only their own.")
    status: Annotated[ResponseStatusName, NotNull] = "considering"
    reason: text(2000) = ""
    decision_reference: text(200) = ""
    decided_on: IsoDate | None = None
    due_on: IsoDate | None = None
    completed_on: IsoDate | None = Field(None, description="Only when the status is done.")
    outcome: text(4000) = ""
    is_public: StrictBool = True
    publish_anyway_reason: text(REASON_MAX) = Field("", description=REASON_HELP)


class ResponseUpdate(_Strict):
    """A change to a response: only the fields sent change. findings replaces the list."""

    findings: IdList = None
    action: text(4000) = None
    organisation: BodyId = None
    status: Annotated[ResponseStatusName, NotNull] = None
    reason: text(2000) = None
    decision_reference: text(200) = None
    decided_on: IsoDate | None = None
    due_on: IsoDate | None = None
    completed_on: IsoDate | None = None
    outcome: text(4000) = None
    is_public: StrictBool = None
    publish_anyway_reason: text(REASON_MAX) = Field("", description=REASON_HELP)


class ResponseFilters(Schema):
    status: ResponseStatusName | None = None
    organisation: Id | None = Field(None, description="The responsible organisation.")
    activity: Id | None = Field(None, description="Answers a finding of this activity.")


# Reading --------------------------------------------------------------------------------


def is_partner(request: HttpRequest) -> bool:
    return roles_for(request.user).internal


def check_filter_ids(*, organisation: int | None, activity: int | None, activities) -> None:
    errors = []
    if organisation is not None and not Organisation.objects.filter(pk=organisation).exists():
        errors.append(("organisation", "There is no organisation with that id"))
    if activity is not None and not activities.filter(pk=activity).exists():
        errors.append(("activity", "There is no activity with that id"))
    if errors:
        raise Invalid(errors, detail="Some of the filters are not valid.")


def visible_responses(*, partner: bool):
    findings = Finding.objects.all() if partner else public_findings()
    responses = Response.objects.all() if partner else Response.objects.public()
    return responses.prefetch_related(
        Prefetch("findings", queryset=findings.only("id", "activity_id"), to_attr="api_findings")
    )


def dump_response(response, *, partner: bool) -> dict:
    return (ResponseOut if partner else PublicResponseOut).model_validate(response).model_dump(mode="json")


def get_response(request: HttpRequest, pk: int):
    partner = is_partner(request)
    response = visible_responses(partner=partner).filter(pk=pk).first()
    if response is None:
        raise ApiError(
            404, "There is no response with that id." if partner else "There is no public response with that id."
        )
    return response, partner


@router.get("/responses", response={200: list[ResponseItem], 400: Error, 401: Error}, auth=auth.read)
@paged
def list_responses(request, filters: Query[ResponseFilters]):
    """Responses to findings, most recently changed first, a page at a time (`limit`, `offset`).

    Without a token: public responses only, with their public fields and public findings.
    """
    refuse_unknown_filters(request, ResponseFilters)
    partner = is_partner(request)
    activities = Activity.objects.all() if partner else public_feedback_activities()
    check_filter_ids(organisation=filters.organisation, activity=filters.activity, activities=activities)
    queryset = visible_responses(partner=partner)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.organisation:
        queryset = queryset.filter(organisation_id=filters.organisation)
    if filters.activity:
        queryset = queryset.about_activity(filters.activity)
    queryset = queryset.order_by("-updated_at", "-pk")
    # A status from the list, and ids checked above to exist: a page of each is kept like the whole list's.
    chosen = {"status": filters.status, "organisation": filters.organisation, "activity": filters.activity}
    return KeptListing(
        queryset, lambda page: [dump_response(r, partner=partner) for r in page],
        request=request, name="responses", kept_as=chosen,
    )  # fmt: skip


@router.get(
    "/responses/{id}",
    response={200: ResponseOut | PublicResponseOut, **READ_ERRORS},
    auth=auth.read,
    openapi_extra=READ_DOCS,
)
def retrieve_response(request, id: Id):
    """One response. Without a token, only a public one (404 otherwise), with its public fields.
    The ETag header holds its version, for If-Match when changing it."""
    response, partner = get_response(request, id)
    return with_etag(JsonResponse(dump_response(response, partner=partner)), response)


# Writing --------------------------------------------------------------------------------


def resolve_findings(ids: list[int], errors: list) -> list[Finding]:
    if not ids:
        errors.append(("findings", services.CHOOSE_A_FINDING))
        return []
    found, missing = services.live_findings(ids)
    if missing:
        errors.append(("findings", services.missing_findings_message(missing)))
    return found


def resolve_organisation(user, pk: int, errors: list) -> Organisation | None:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        errors.append(("organisation", "There is no organisation with that id"))
        return None
    if not can_respond_as(user, organisation.pk):
        raise ApiError(403, f"{NOT_YOUR_ORGANISATION}.", [("organisation", NOT_YOUR_ORGANISATION)])
    return organisation


FIELDS = (
    "action",
    "status",
    "reason",
    "decision_reference",
    "decided_on",
    "due_on",
    "completed_on",
    "outcome",
    "is_public",
)


PLAIN_FIELDS = ("action", "outcome")  # what residents read, checked against the plain-English target


def save(response: Response, data: dict, findings: list[Finding], errors: list, user) -> Response:
    """Check the merged response against the rules, then save it; nothing is saved if anything is wrong."""
    reason = data.pop(REASON_FIELD, "")
    stored = response if response.pk else None
    public = data.get("is_public", response.is_public)
    texts = texts_to_check(data, PLAIN_FIELDS, stored=stored, public=public, was_public=response.is_public)
    for name in FIELDS:
        if name in data:
            setattr(response, name, data[name])
    if "action" in data and not (data["action"] or "").strip():
        errors.append(("action", "Enter what was decided or done"))
    errors.extend(
        services.response_problems(
            status=response.status,
            reason=response.reason,
            decided_on=response.decided_on,
            due_on=response.due_on,
            completed_on=response.completed_on,
            first_heard=services.first_heard(findings),
        )
    )
    above = hard_texts(texts, reason, errors)
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        response = services.save_response(response=response, findings=findings, user=user)
        keep_reason(response, above, texts, reason, user)
    return response


@router.post(
    "/responses", response={201: ResponseOut, **WRITE_ERRORS}, auth=auth.ApiAuth(permission="loop.add_response")
)
def create_response(request, payload: ResponseCreate):
    """Record a response. Required: findings (ids, at least one), action and organisation.

    An officer may make only their own organisation responsible (403 naming organisation).
    "not_possible" needs a reason (400 naming reason); completed_on only when done.
    A public action or outcome that misses the plain-English target is refused
    (400, naming the field) unless publish_anyway_reason says why.
    """
    data = payload.model_dump()
    errors: list[tuple[str, str]] = []
    user = auth.user_of(request)
    organisation = None
    if data["organisation"] is None:
        errors.append(("organisation", "Choose the responsible organisation"))
    else:
        organisation = resolve_organisation(user, data["organisation"], errors)
    if data["action"] is None:
        data["action"] = ""
    findings = resolve_findings(data["findings"] or [], errors)
    response = Response(organisation=organisation) if organisation else Response()
    response = save(response, data, findings, errors, user)
    response, _ = get_response(request, response.pk)
    return JsonResponse(dump_response(response, partner=True), status=201)


CHANGE = auth.ApiAuth(permission="loop.add_response")


def response_for_changing(request, pk: int) -> Response:
    response, _ = get_response(request, pk)
    if not request.user.has_perm("loop.change_response", response):
        raise ApiError(
            403, "Only an officer of the responsible organisation, or a coordinator, can change this response."
        )
    return response


@router.patch(
    "/responses/{id}",
    response={200: ResponseOut, **WRITE_ERRORS, 412: PreconditionFailedOut},
    auth=CHANGE,
    openapi_extra=WRITE_DOCS,
)
def update_response(request, id: Id, payload: ResponseUpdate):
    """Change some fields of a response; fields not sent stay as they are. `findings` replaces the list.

    Public text that is changed, or made public, needs publish_anyway_reason when it misses the
    plain-English target.
    With If-Match (the ETag from GET), nothing changes if someone else has changed it since: 412.
    """
    response = response_for_changing(request, id)
    data = payload.model_dump(exclude_unset=True)
    errors: list[tuple[str, str]] = []
    user = auth.user_of(request)
    with precondition(request, response):
        if "organisation" in data and data["organisation"] != response.organisation_id:
            organisation = resolve_organisation(user, data["organisation"], errors)
            if organisation is not None:
                response.organisation = organisation
        if "findings" in data:
            findings = resolve_findings(data["findings"], errors)
        else:
            findings = list(response.findings.all())
        save(response, data, findings, errors, user)
    response, _ = get_response(request, id)
    return with_etag(JsonResponse(dump_response(response, partner=True)), response)


@router.delete("/responses/{id}", response={204: None, **WRITE_ERRORS}, auth=CHANGE)
def archive_response(request, id: Id):
    """Archive a response: it leaves the API, the site and the public pages; a coordinator can restore it."""
    response = response_for_changing(request, id)
    services.archive_response(response=response)
    return HttpResponse(status=204)
