"""Residents' stories.

Who sees what, exactly as on the site:
- anyone, without a token: public stories whose consent stands and that a coordinator approved, with their
  public fields only;
- a person with a role in the partnership: every story whose consent stands, with every field.
A story whose consent was withdrawn is gone for everyone: it is not listed, and asking for it is a 404.

Anyone with a role may record a story (with the teller's consent); the person who recorded it,
or a coordinator, may withdraw its consent.

A public story's title and text are public text: when either misses the plain-English target, the
story is recorded only with `publish_anyway_reason`, which is kept, as on the story form.
"""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Response
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticError

from engaging.accounts.access import roles_for
from engaging.api import auth
from engaging.api.errors import ApiError, BodyNotJson, Invalid, JsonObjectParser, field_errors
from engaging.api.links import Link, linked_ids
from engaging.api.pagination import KeptListing, as_written, either, paged, refuse_unknown_filters
from engaging.api.schemas import Error
from engaging.api.types import BodyId, Id, IdList, IsoDate
from engaging.api.types import text as text_field
from engaging.board.models import Meeting
from engaging.core.viewing import record_view
from engaging.insight.models import Theme
from engaging.lists.models import Group
from engaging.plain.publishing import REASON_MAX, record, texts_above_target, too_hard_message
from engaging.voice import services
from engaging.voice.models import Consent, Story

router = Router(tags=["Stories"])

NOT_FOUND = "There is no story with that id."
NamingName = Literal[tuple(Story.Naming.values)]
ScopeName = Literal[tuple(Consent.Scope.values)]


class StoryAuth(auth.ApiAuth):
    """Anyone may read (public stories only); writing needs a role in the partnership."""

    def check_permissions(self, request: HttpRequest, user) -> None:
        if not user.has_perm("voice.add_story"):
            raise PermissionDenied("Only people with a role in the partnership can record stories.")


read = auth.read
write = StoryAuth()


# Parts of a story written out already (see _write): read as plain data, not through ninja's getter for records.
class Named(BaseModel):
    id: int
    name: str


class PublicStory(Schema):
    """What anyone may read: the story and how its teller chose to be named."""

    id: int
    title: str
    teller: str = Field(description="How the teller chose to be named, or “Anonymous”.")
    text: str
    themes: list[Named]
    groups: list[Named]


class ConsentOut(BaseModel):
    given_by: str
    given_on: date
    scope: str = Field(description="“board”: the partnership only; “public”: anyone.")


class StoryOut(PublicStory):
    """Every field, for people with a role in the partnership."""

    naming: str
    told_by: str
    meeting: int | None = Field(description="The id of the board meeting it was heard at, if any.")
    consent: ConsentOut
    recorded_at: datetime
    approval: str = Field(
        description=(
            "For a public story: “waiting” for a coordinator to approve it, “approved” (anyone may read it) or "
            "“sent_back” to its author, with approval_reason. Only approved public stories are shown without a token."
        )
    )
    approval_reason: str = Field(description="Why a coordinator sent the story back; empty otherwise.")

    @staticmethod
    def resolve_meeting(obj) -> int | None:
        return obj.meeting_id

    @staticmethod
    def resolve_recorded_at(obj) -> datetime:
        return obj.created_at


StoryItem = either(StoryOut, PublicStory, "StoryItem")


class StoryIn(Schema):
    """A new story with the teller's consent. Unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")

    title: text_field(200, min_length=1)
    text: text_field(10000, min_length=1)
    naming: NamingName
    told_by: text_field(200) = ""
    themes: IdList = []
    groups: IdList = []
    meeting: BodyId | None = None
    consent_given_by: text_field(200, min_length=1)
    consent_given_on: IsoDate
    scope: ScopeName
    publish_anyway_reason: text_field(REASON_MAX) = Field(
        "",
        description=(
            "Needed only for a public story whose title or text misses the plain-English target: "
            "why it should be published as it is. Kept with the story."
        ),
    )


class WithdrawIn(Schema):
    model_config = ConfigDict(extra="forbid")

    note: text_field(300) = ""


class Withdrawn(Schema):
    id: int
    consent_withdrawn_at: datetime


def _visible(request: HttpRequest):
    """The stories this caller may read, and whether they see every field."""
    partner = roles_for(request.user).internal
    queryset = (
        Story.objects.visible_to(request.user)
        .select_related("consent")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("pk", "name")),
            Prefetch("groups", queryset=Group.objects.only("pk", "name")),
        )
    )
    return queryset, partner


def _write(stories: list[Story], *, partner: bool) -> list[dict]:
    """The stories written out, their themes and groups read for all of them in one query."""
    links = {name: Link.many(Story, name, label="name") for name in ("themes", "groups")}
    found = linked_ids(stories, links, using=Story.objects.db)
    for story in stories:
        story.linked = {name: found[name].get(story.pk, []) for name in links}
    return [_dump(story, partner=partner) for story in stories]


def _dump(story: Story, *, partner: bool) -> dict:
    """What the schema writes out for the story, from values read from the database without checking them again
    (ninja's getter read every attribute, most of a page's cost)."""
    values = {
        "id": story.pk,
        "title": story.title,
        "teller": story.teller,
        "text": story.text,
        "themes": [Named.model_construct(id=pk, name=name) for pk, name in story.linked["themes"]],
        "groups": [Named.model_construct(id=pk, name=name) for pk, name in story.linked["groups"]],
    }
    if not partner:
        return as_written(PublicStory, values)
    consent = story.consent
    values.update(
        naming=story.naming,
        told_by=story.told_by,
        meeting=story.meeting_id,
        consent=ConsentOut.model_construct(given_by=consent.given_by, given_on=consent.given_on, scope=consent.scope),
        recorded_at=story.created_at,
        approval=story.approval,
        approval_reason=story.approval_reason,
    )
    return as_written(StoryOut, values)


def _get(request: HttpRequest, pk: int) -> tuple[Story, bool]:
    queryset, partner = _visible(request)
    story = queryset.filter(pk=pk).first()
    if story is None:
        raise ApiError(404, NOT_FOUND)
    return story, partner


@router.get("/stories", response={200: list[StoryItem], 400: Error, 401: Error}, auth=read)
@paged
def list_stories(request):
    """Stories, newest first, a page at a time (`limit`, `offset`).

    Without a token: public stories whose teller's consent stands and that a coordinator approved, with public
    fields.
    Partners: every story whose consent stands, with every field.
    """
    refuse_unknown_filters(request, ())
    queryset, partner = _visible(request)
    return KeptListing(
        queryset.prefetch_related(None), lambda page: _write(page, partner=partner),
        request=request, name="stories", unfiltered=True,
    )  # fmt: skip


@router.get("/stories/{id}", response={200: StoryOut | PublicStory, 400: Error, 401: Error, 404: Error}, auth=read)
def retrieve(request, id: Id):
    """One story. 404 if consent was withdrawn (for everyone), or, without a token, if it is not public or not yet
    approved by a coordinator."""
    story, partner = _get(request, id)
    record_view(request, story)  # who read it, for coordinators (engaging/core/viewing.py)
    return Response(_write([story], partner=partner)[0])


def _resolve(model, ids: list[int], field: str, errors: list) -> list:
    found = list(model.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        errors.append((field, f"There is no {field.rstrip('s')} with one of those ids"))
    return found


@router.post("/stories", response={201: StoryOut, 400: Error, 401: Error, 403: Error}, auth=write)
def create(request, payload: StoryIn):
    """Record a story with the teller's consent.

    Required: title, text, naming (full_name, first_name, description or anonymous),
    consent_given_by, consent_given_on and scope (board or public). told_by is required
    unless the teller chose to be anonymous, and is dropped if they did. A public story whose
    title or text misses the plain-English target also needs publish_anyway_reason.
    A public story waits for a coordinator to approve it before anyone without a token can read it.
    """
    errors: list[tuple[str, str]] = []
    themes = _resolve(Theme, payload.themes, "themes", errors)
    groups = _resolve(Group, payload.groups, "groups", errors)
    meeting = None
    if payload.meeting is not None:
        meeting = Meeting.objects.filter(pk=payload.meeting).first()
        if meeting is None:
            errors.append(("meeting", "There is no meeting with that id"))
    problem = services.teller_problem(payload.naming, payload.told_by)
    if problem:
        errors.append(("told_by", problem))
    consent_problem = services.consent_date_problem(payload.consent_given_on)
    if consent_problem:
        errors.append(("consent_given_on", consent_problem))
    texts = {"title": payload.title, "text": payload.text}
    hard = texts_above_target(texts) if payload.scope == Consent.Scope.PUBLIC else {}
    reason = " ".join(payload.publish_anyway_reason.split())
    if hard and not reason:
        for name, result in hard.items():
            errors.append((name, services.own_words_message(result) if name == "text" else too_hard_message(result)))
        errors.append(("publish_anyway_reason", "Say why this should be published although it is hard to read"))
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        story = services.record_story(
            recorded_by=auth.user_of(request),
            title=payload.title,
            naming=payload.naming,
            told_by=payload.told_by,
            text=payload.text,
            themes=themes,
            groups=groups,
            meeting=meeting,
            consent_given_by=payload.consent_given_by,
            consent_given_on=payload.consent_given_on,
            scope=payload.scope,
        )
        if hard:
            record(story, hard, texts, reason=reason, user=auth.user_of(request))
    story, _ = _get(request, story.pk)
    return Response(_write([story], partner=True)[0], status=201)


def _note_from(request: HttpRequest) -> str:
    """The optional note in the request body: no body at all is as good as `{}`."""
    if not request.body.strip():
        return ""
    try:
        data = JsonObjectParser().parse_body(request)
    except BodyNotJson as error:
        raise ApiError(400, str(error)) from None
    try:
        return WithdrawIn.model_validate(data).note
    except PydanticError as error:
        _, errors, general = field_errors([{**e, "loc": ("body", "payload", *e["loc"])} for e in error.errors()])
        raise Invalid(errors or [("note", message) for message in general]) from None


@router.post(
    "/stories/{id}/withdraw-consent",
    response={200: Withdrawn, 400: Error, 401: Error, 403: Error, 404: Error},
    auth=write,
    openapi_extra={
        "requestBody": {"required": False, "content": {"application/json": {"schema": WithdrawIn.model_json_schema()}}}
    },
)
def withdraw_consent(request, id: Id):
    """Withdraw the teller's consent. From then on the story is hidden everywhere, and this id answers 404.

    The body is optional: `{"note": "…"}` records how the teller asked. Only the person who
    recorded the story, or a coordinator, may do this.
    """
    story, _ = _get(request, id)
    if not request.user.has_perm("voice.withdraw_consent", story):
        raise ApiError(403, "Only the person who recorded this story, or a coordinator, can withdraw its consent.")
    try:
        consent = services.withdraw_consent(story=story, user=request.user, note=_note_from(request))
    except ValidationError as error:
        raise ApiError(400, " ".join(error.messages)) from None
    return Response({"id": story.pk, "consent_withdrawn_at": consent.withdrawn_at.isoformat()})
