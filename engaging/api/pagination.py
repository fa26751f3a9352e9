"""How every list in the API is cut into pages: django-ninja's limit/offset pagination, set up once.

A list endpoint is decorated with `@paged` (after its `@router.get`) and declares `list[Item]` as its
200 response. It takes `limit` (1–200, 50 if left out) and `offset` (0 or more) and answers

    {"count": <how many match, on every page together>, "limit": 50, "offset": 0, "items": [...]}

The view returns what is to be paged: a queryset, whose records the response schema writes out, or a
`Listing`, which writes out one page at a time, for lists whose fields depend on who asks or whose
page needs work of its own (a search, a kept answer). A `limit` or `offset` out of range is a 400
naming it, like any other query parameter.
"""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import RootModel, model_validator

from engaging.api.errors import Invalid
from engaging.core import cache

MAX_LIMIT = 200
MAX_OFFSET = 10**9
MOST_COUNTED = 1000  # what a capped list (a search) ranks and counts at most
PAGE_PARAMETERS = frozenset({"limit", "offset"})


class Listing:
    """Records to answer one page of, and how one page of them is written out for the caller.

    `write` turns a page of records into what the response schema expects. Lists whose fields depend on
    who asks write plain dicts with the caller's fields only, so nobody is shown a field by accident.
    A subclass may override `window` to count and fetch a page in its own way.
    """

    def __init__(self, records: Any = None, write: Callable[[list], list] = list):
        self.records = records
        self.write = write

    def window(self, offset: int, limit: int) -> tuple[int, list]:
        """(how many match in all, the items from `offset`, at most `limit` of them)."""
        records = self.all()
        return records.count(), self.write(list(records[offset : offset + limit]))

    def all(self):
        """The records: `records` may be a function that gives them, so that a page found kept never builds them."""
        return self.records() if callable(self.records) else self.records


class KeptListing(Listing):
    """A Listing whose pages are kept until a table they read is written, for everyone with the caller's roles.

    Only for a list whose records and fields follow from the caller's roles alone (partner or not; what reads
    more of the person is kept for them alone, see engaging/core/cache.py). `kept_as` is the filters chosen, as
    part of the key, by name: {} when none was chosen, or values that can only be few (a choice from a fixed list,
    the id of a record checked to exist); None when a filter's value has no bound (a date, words), so the page is
    answered afresh. `unfiltered=True` stands for `kept_as={}`. Filtered or not, only the pages the list's own
    steps reach are kept, so nobody can fill the cache by making up addresses."""

    def __init__(self, records, write=list, *, request, name: str, unfiltered: bool = False, kept_as=None):
        super().__init__(records, write)
        self.request, self.name = request, name
        chosen = {} if unfiltered else kept_as
        self.kept_as = None if chosen is None else sorted((k, v) for k, v in chosen.items() if v is not None)

    def window(self, offset: int, limit: int) -> tuple[int, list]:
        def worked_out() -> tuple[int, list]:
            count, items = super(KeptListing, self).window(offset, limit)
            if offset % limit or (offset and offset >= count):
                cache.skip()
            return count, items

        if self.kept_as is None:
            return worked_out()
        parts = [self.kept_as, offset, limit, date.today()]
        return cache.cached(f"api:{self.name}", parts, worked_out, request=self.request, by_roles=True)


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"How many to answer with, up to {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many to skip.")


class Page(LimitOffsetPagination):
    Input = PageQuery

    class Output(Schema):
        count: int = Field(description="How many match, on every page together.")
        limit: int = Field(description="The `limit` asked for (50 if left out).")
        offset: int = Field(description="The `offset` asked for (0 if left out).")
        items: list[Any]

    def paginate_queryset(self, queryset, pagination: PageQuery, request, **params) -> dict:
        listing = queryset if isinstance(queryset, Listing) else Listing(queryset)
        count, items = listing.window(pagination.offset, pagination.limit)
        return {"count": count, "limit": pagination.limit, "offset": pagination.offset, "items": items}


paged = paginate(Page)


class Worked:
    """A list worked out in full when it is first read (an indicator's values, coverage), paged like a queryset:
    inside a KeptListing, the work is done only when the page is not kept."""

    def __init__(self, work_out: Callable[[], list]):
        self.work_out, self.items = work_out, None

    def _all(self) -> list:
        if self.items is None:
            self.items = list(self.work_out())
        return self.items

    def count(self) -> int:
        return len(self._all())

    def __getitem__(self, window: slice) -> list:
        return self._all()[window]


def as_written(schema: type[Schema], values: dict) -> dict:
    """What `schema` writes out for `values`, which are of its fields' types already (read from the database):
    they are not checked again, and no resolver or getter reads them, which cost most of a page's work."""
    return schema.model_construct(**{name: values[name] for name in schema.model_fields}).model_dump(mode="json")


class CappedPage(Page):
    """Pages of a list that counts at most `MOST_COUNTED` (a search): `count_capped` says whether more matched."""

    class Output(Schema):
        count: int = Field(
            description=f"How many match, on every page together, up to {MOST_COUNTED:,}: "
            "past that, only the most recently recorded are answered (see `count_capped`)."
        )
        count_capped: bool = Field(
            description=f"true when more than {MOST_COUNTED:,} match: narrow the search with more words or filters."
        )
        limit: int = Field(description="The `limit` asked for (50 if left out).")
        offset: int = Field(description="The `offset` asked for (0 if left out).")
        items: list[Any]

    def paginate_queryset(self, queryset, pagination: PageQuery, request, **params) -> dict:
        answer = super().paginate_queryset(queryset, pagination, request, **params)
        return {**answer, "count_capped": getattr(queryset, "capped", False)}


capped = paginate(CappedPage)


def refuse_unknown_filters(request, filters: type[Schema] | Iterable[str]) -> None:
    """A query parameter that is neither one of `filters` nor `limit` or `offset` is a 400 naming it, so a
    misspelt filter is reported rather than silently listing everything."""
    names = set(filters.model_fields) if isinstance(filters, type) else set(filters)
    unknown = sorted(set(request.GET) - names - PAGE_PARAMETERS)
    if unknown:
        raise Invalid([(name, "This is not a filter") for name in unknown], detail="Some of the filters are not valid.")


def either(partner_schema: type[Schema], public_schema: type[Schema], name: str) -> type[RootModel]:
    """One item of a list that partners read in full and anyone else in part, as a schema named `name`.

    The items are written out already (see `Listing`), as dicts with the caller's fields only. The
    partner's shape is tried first: a dict with public fields only lacks a partner's fields, so it can
    only be read as the public shape, and the document says an item is one or the other.
    """
    choice = Annotated[written(partner_schema) | written(public_schema), Field(union_mode="left_to_right")]
    return type(name, (RootModel[choice],), {"__doc__": f"{partner_schema.__name__} or {public_schema.__name__}."})


@model_validator(mode="wrap")
@classmethod
def _as_written(cls, values, handler, info):
    return handler(values)


def written(schema: type[Schema]) -> type[Schema]:
    """`schema`, reading an item that is written out already, as a dict: what its resolvers read from a
    record is in the dict, so it is read as plain data (ninja's getter, for records, would cost several
    times the rest of a kept page's work).

    It has the same name, fields and description, so the document shows it as `schema` itself."""
    names = {"__doc__": schema.__doc__, "__module__": schema.__module__, "__qualname__": schema.__qualname__}
    written = type(schema.__name__, (schema,), {**names, "_run_root_validator": _as_written})
    written._ninja_resolvers = {}
    return written
