"""What the API writes out about a finding: its public fields, every field for partners, and a search hit's
snippet (engaging/api/routers/findings.py serves them)."""

from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field, WithJsonSchema

from engaging.api.pagination import either
from engaging.insight.models import Finding

KindOut = Annotated[str, WithJsonSchema({"type": "string", "enum": list(Finding.Kind.values)})]
RepresentativenessOut = Annotated[
    str, WithJsonSchema({"type": "string", "enum": list(Finding.Representativeness.values)})
]


def _ids(obj, name: str) -> list[int]:
    listed = getattr(obj, f"api_{name}", None)  # read for a list of findings by visible()
    return sorted(item.pk for item in (getattr(obj, name).all() if listed is None else listed))


class PublicFindingOut(Schema):
    """What anyone may read about a finding."""

    id: int
    activity: int
    statement: str
    kind: KindOut
    themes: list[int]
    groups: list[int]
    areas: list[int]
    priorities: list[int]
    people_count: int | None = Field(description="How many people said it, if recorded.")
    representativeness: RepresentativenessOut
    heard_on: date
    review_by: date
    is_stale: bool = Field(description="Past its review date, or superseded by a newer finding.")

    @staticmethod
    def resolve_activity(obj) -> int:
        return obj.activity_id

    @staticmethod
    def resolve_themes(obj) -> list[int]:
        return _ids(obj, "themes")

    @staticmethod
    def resolve_groups(obj) -> list[int]:
        return _ids(obj, "groups")

    @staticmethod
    def resolve_areas(obj) -> list[int]:
        return _ids(obj, "areas")

    @staticmethod
    def resolve_priorities(obj) -> list[int]:
        return _ids(obj, "priorities")

    @staticmethod
    def resolve_is_stale(obj) -> bool:
        return obj.is_stale()


class FindingOut(PublicFindingOut):
    """Every field, for partners."""

    is_public: bool
    superseded_by: int | None = Field(description="The id of the newer finding that replaces this one.")
    used_by_activities: list[int] = Field(description="Activities whose planning drew on this finding.")
    created_by: int | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_superseded_by(obj) -> int | None:
        return obj.superseded_by_id

    @staticmethod
    def resolve_used_by_activities(obj) -> list[int]:
        return sorted(use.activity_id for use in obj.api_uses)

    @staticmethod
    def resolve_created_by(obj) -> int | None:
        return obj.created_by_id


SNIPPET = Field(
    description="HTML: a part of the statement around the matching words, each match in <mark>…</mark>. "
    "Everything else is escaped, so it can be shown as it is."
)


class PublicSearchHit(PublicFindingOut):
    snippet: str = SNIPPET
    rank: float = Field(description="How well it matches; higher is better. Compare only within one search.")


class SearchHit(FindingOut):
    snippet: str = SNIPPET
    rank: float = Field(description="How well it matches; higher is better. Compare only within one search.")


FindingItem = either(FindingOut, PublicFindingOut, "FindingItem")
SearchHitItem = either(SearchHit, PublicSearchHit, "SearchHitItem")


class ThemeOut(Schema):
    id: int
    name: str
    description: str
