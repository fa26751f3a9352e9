"""What the API reads and writes for activities and the shared lists.

Two views of an activity go out: `PublicActivity` for anyone (the fields residents
see on the public pages) and `Activity` for partners with a role (every field).
Two shapes come in: `ActivityCreate` (required fields must be present) and
`ActivityUpdate` (only the fields sent are changed). Unknown fields are refused,
so a misspelt name is reported instead of being dropped.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema

from engaging.api.pagination import either
from engaging.api.plain_language import REASON_HELP
from engaging.api.types import (
    BodyId,
    Count,
    Email,
    HttpsUrl,
    Id,
    IdList,
    IsoDate,
    NotNull,
    RequiredIdList,
    SearchText,
    StrictBool,
    UkPhone,
    text,
)
from engaging.plain.publishing import REASON_MAX
from engaging.register.filters import SORTS
from engaging.register.models import EngagementLevel, EngagementType, Status

TypeName = Literal[tuple(EngagementType.values)]
LevelName = Literal[tuple(EngagementLevel.values)]
StatusName = Literal[tuple(Status.values)]
SortName = Literal[tuple(SORTS)]
Cost = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2)]
# The same choices in a request body, where null gets its own message.
TypeIn = Annotated[TypeName, NotNull]
LevelIn = Annotated[LevelName, NotNull]
StatusIn = Annotated[StatusName, NotNull]


def _stored(choices):
    """A value read back from the database: documented as the choices, passed through as stored."""
    return Annotated[str, WithJsonSchema({"type": "string", "enum": list(choices.values)})]


# Out of the database, values are not re-checked: what is stored is shown (never a 500).
TypeOut, LevelOut, StatusOut = _stored(EngagementType), _stored(EngagementLevel), _stored(Status)

M2M = ("partner_organisations", "methods", "groups", "areas", "priorities")


# Errors ---------------------------------------------------------------------------------


class FieldError(Schema):
    field: str = Field(description="The field, query parameter or path part that is wrong.")
    message: str = Field(description="What is wrong, in plain words.")


class Error(Schema):
    detail: str = Field(description="What went wrong, in plain words.")
    errors: list[FieldError] = Field(default_factory=list, description="One entry per field that is wrong.")


# Shared lists ---------------------------------------------------------------------------


class Named(Schema):
    id: int
    name: str


class OrganisationOut(Named):
    short_name: str
    kind: str
    on_board: bool


class GroupOut(Named):
    category: str


class AreaOut(Named):
    kind: str
    parent: int | None = Field(description="The id of the area this one sits inside, if any.")

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id


# Activities out -------------------------------------------------------------------------


def _ids(obj, name: str) -> list[int]:
    known = getattr(obj, "linked_ids", None)  # fetched for a whole page at once (see routers/activities.py)
    if known is not None and name in known:
        return known[name]
    return sorted(item.pk for item in getattr(obj, name).all())


class PublicActivity(Schema):
    """The fields residents see on the public pages, and nothing more."""

    id: int
    title: str
    summary: str
    take_part_url: str = Field(description="A secure (https) web page where residents take part, or empty.")
    take_part_email: str = Field(description="An email address residents can write to, or empty.")
    take_part_phone: str = Field(description="A UK phone number residents can ring, as written, or empty.")
    take_part_place: str = Field(description="A place residents can come to, or empty.")
    take_part_times: str = Field(description="The days and times people can come to the place, or empty.")
    how_to_take_part: str = Field(description="Anything else residents need to know about taking part.")
    lead_organisation: int
    type: TypeOut
    level: LevelOut
    status: StatusOut
    start_date: date
    end_date: date
    methods: list[int]
    groups: list[int]
    areas: list[int]
    priorities: list[int]

    @staticmethod
    def resolve_lead_organisation(obj) -> int:
        return obj.lead_organisation_id

    @staticmethod
    def resolve_methods(obj) -> list[int]:
        return _ids(obj, "methods")

    @staticmethod
    def resolve_groups(obj) -> list[int]:
        return _ids(obj, "groups")

    @staticmethod
    def resolve_areas(obj) -> list[int]:
        return _ids(obj, "areas")

    @staticmethod
    def resolve_priorities(obj) -> list[int]:
        return _ids(obj, "priorities")


class Activity(PublicActivity):
    """Every field of an activity, for partners with a role in the partnership."""

    purpose: str
    partner_organisations: list[int]
    is_public: bool
    participants_target: int | None
    participants_actual: int | None
    cost: Decimal | None = Field(description='In pounds, as a string with two decimal places, like "250.00".')
    statutory_duty: bool
    contact_name: str
    contact_email: str
    contact_phone: str
    notes: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_partner_organisations(obj) -> list[int]:
        return _ids(obj, "partner_organisations")


def dump_activity(obj, schema: type[PublicActivity]) -> dict:
    """What `schema.model_validate(obj).model_dump(mode="json")` gives, at a fraction of the cost.

    Validating from a model reads every attribute through ninja's getter, which is most of the cost
    of a page of activities. The values read from the database are already of the schema's types,
    so they are handed to the schema as they are, and its own serializer writes them out.
    """
    values = {}
    for name in schema.model_fields:
        if name == "lead_organisation":
            values[name] = obj.lead_organisation_id
        elif name in M2M:
            values[name] = _ids(obj, name)
        else:
            values[name] = getattr(obj, name)
    return schema.model_construct(**values).model_dump(mode="json")


class Closeness(Schema):
    """Why an activity overlaps the one asked about, and how closely. Overlaps come closest first: most
    shared target groups, then nearest areas (same ward, then same locality, then borough-wide), then
    nearest dates."""

    rank: int = Field(description="1 for the closest overlap.")
    shared_groups: int = Field(description="How many target groups both activities have.")
    shared_group_names: list[str]
    area_level: Literal["ward", "locality", "borough", ""] = Field(
        description="The smallest area both activities are in: a ward is nearer than a locality, a locality "
        "nearer than the borough."
    )
    area_name: str
    days_apart: int = Field(description="Days between the end of one and the start of the other; 0 when they touch.")
    reasons: list[str] = Field(description='The closeness in words, such as "same ward: Wordsley".')


class PublicOverlap(PublicActivity):
    closeness: Closeness


class Overlap(Activity):
    closeness: Closeness


class PublicOverlaps(Schema):
    finished: bool = Field(
        description="True when the activity asked about is over (or cancelled): the overlaps are what ran "
        "alongside it rather than a warning."
    )
    count: int
    items: list[PublicOverlap] = Field(description="Closest first.")


class Overlaps(Schema):
    finished: bool = Field(
        description="True when the activity asked about is over (or cancelled): the overlaps are what ran "
        "alongside it rather than a warning."
    )
    count: int
    items: list[Overlap] = Field(description="Closest first.")


def dump_closeness(closeness, rank: int) -> dict:
    return {
        "rank": rank,
        "shared_groups": closeness.shared_groups,
        "shared_group_names": list(closeness.shared_group_names),
        "area_level": closeness.area_level,
        "area_name": closeness.area_name,
        "days_apart": closeness.days_apart,
        "reasons": closeness.reasons,
    }


ActivityItem = either(Activity, PublicActivity, "ActivityItem")


# Activities in --------------------------------------------------------------------------


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


def _only_planned(value: object) -> object:
    if value is None:
        raise ValueError("This cannot be null")
    if value != Status.PLANNED:
        raise ValueError("A new activity starts as planned: send “planned” or leave it out, and change it with PATCH")
    return value


# The lifecycle starts at planned; later statuses are reached with PATCH, one step at a time.
InitialStatus = Annotated[
    str, BeforeValidator(_only_planned), WithJsonSchema({"type": "string", "enum": [Status.PLANNED.value]})
]


class ActivityCreate(_Strict):
    """A new activity. It starts as planned; the end date defaults to the start date."""

    title: text(200, min_length=1)
    summary: text(2000, min_length=1)
    purpose: text(4000, min_length=1)
    lead_organisation: BodyId
    type: TypeIn
    level: LevelIn
    start_date: IsoDate
    end_date: IsoDate | None = Field(None, description="The last day. Leave out for a one-day activity.")
    groups: RequiredIdList
    areas: RequiredIdList
    partner_organisations: IdList = Field(default_factory=list)
    methods: IdList = Field(default_factory=list)
    priorities: IdList = Field(default_factory=list)
    is_public: StrictBool = Field(
        False, description="Shown on the public pages. A public activity needs at least one way to take part."
    )
    take_part_url: HttpsUrl = ""
    take_part_email: Email = ""
    take_part_phone: UkPhone = ""
    take_part_place: text(300) = ""
    take_part_times: text(300) = ""
    how_to_take_part: text(2000) = ""
    participants_target: Count | None = None
    participants_actual: Count | None = None
    cost: Cost | None = None
    statutory_duty: StrictBool = False
    contact_name: text(120) = ""
    contact_email: Email = ""
    contact_phone: text(40) = ""
    notes: text(4000) = ""
    publish_anyway_reason: text(REASON_MAX) = Field("", description=REASON_HELP)
    # Excluded from the dump: the register sets the status of a new activity itself.
    status: InitialStatus = Field(
        "planned", exclude=True, description="Only “planned”, where every activity starts; change it with PATCH."
    )


class ActivityUpdate(_Strict):
    """A change to an activity: only the fields sent are changed.

    Lists (groups, areas, …) replace the current list. `status` must follow the
    lifecycle: planned → open → closed → reported → fed back → evaluated, and
    planned, open or closed → cancelled. Fields that cannot be empty refuse null.
    """

    # A default of None on a non-optional type means "not sent"; sending null is refused.
    title: text(200, min_length=1) = None
    summary: text(2000, min_length=1) = None
    purpose: text(4000, min_length=1) = None
    lead_organisation: BodyId = None
    type: TypeIn = None
    level: LevelIn = None
    status: StatusIn = None
    start_date: IsoDate = None
    end_date: IsoDate = None
    groups: RequiredIdList = None
    areas: RequiredIdList = None
    partner_organisations: IdList = None
    methods: IdList = None
    priorities: IdList = None
    is_public: StrictBool = None
    take_part_url: HttpsUrl = None
    take_part_email: Email = None
    take_part_phone: UkPhone = None
    take_part_place: text(300) = None
    take_part_times: text(300) = None
    how_to_take_part: text(2000) = None
    participants_target: Count | None = None
    participants_actual: Count | None = None
    cost: Cost | None = None
    statutory_duty: StrictBool = None
    contact_name: text(120) = None
    contact_email: Email = None
    contact_phone: text(40) = None
    notes: text(4000) = None
    publish_anyway_reason: text(REASON_MAX) = Field("", description=REASON_HELP)


# Filters --------------------------------------------------------------------------------

PUBLIC_FILTERS = ("area", "group", "priority")


class ActivityFilters(Schema):
    """Filters for the activity list. Anyone may use area, group and priority; the rest are for partners."""

    organisation: Id | None = Field(None, description="Led by or partnered with this organisation. Partners only.")
    type: TypeName | None = Field(None, description="Partners only.")
    level: LevelName | None = Field(None, description="Partners only.")
    status: StatusName | None = Field(None, description="Partners only.")
    group: Id | None = Field(None, description="Aimed at this group.")
    area: Id | None = Field(None, description="In this area, or in an area inside or around it.")
    priority: Id | None = Field(None, description="Serves this priority.")
    method: Id | None = Field(None, description="Uses this method. Partners only.")
    q: SearchText | None = Field(None, description="Words in the title, summary or purpose. Partners only.")
    starts_after: IsoDate | None = Field(None, description="Still running on or after this date. Partners only.")
    ends_before: IsoDate | None = Field(None, description="Already running on or before this date. Partners only.")
    active: bool | None = Field(None, description="true leaves out cancelled activities. Partners only.")
    sort: SortName | None = Field(None, description="The order. Partners only; residents get the soonest first.")
