"""The board's assurance figures: the dashboard, and each organisation's evidence.

Internal only: anonymous callers get 401 and people without a role in the partnership 403.
The figures are the same as on the pages (engaging/assurance/figures.py and evidence.py), counted
the same way, and the query parameters are checked by the same forms with the same messages.
"""

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, QueryDict
from ninja import Field, Query, Router, Schema
from ninja.responses import Response
from pydantic import WithJsonSchema

from engaging.accounts.models import Organisation
from engaging.api import auth
from engaging.api.errors import NOT_SIGNED_IN, ApiError, Invalid
from engaging.api.schemas import Error
from engaging.api.types import MAX_ID, Id
from engaging.assurance import figures
from engaging.assurance.evidence import evidence_for
from engaging.assurance.forms import DashboardForm, PeriodForm

router = Router(tags=["Assurance"])

ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}


# --- What comes in ---------------------------------------------------------------------------------


# The form reads the raw text, so its own messages name what is wrong; the document gives each type.
DateText = Annotated[str, WithJsonSchema({"type": "string", "format": "date", "example": "2025-03-31"})]
IdText = Annotated[str, WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_ID})]
ByText = Annotated[str, WithJsonSchema({"type": "string", "enum": ["month", "quarter"]})]


class PeriodQuery(Schema):
    from_: DateText | None = Field(
        None, alias="from", description="The first day, YYYY-MM-DD. Default: the first of the month 11 months ago."
    )
    to: DateText | None = Field(None, description="The last day, YYYY-MM-DD. Default: today.")


class DashboardQuery(PeriodQuery):
    board: IdText | None = Field(None, description="A board's id. Default: the first board (or everywhere, with none).")
    area: IdText | None = Field(None, description="An area's id, inside the board's area.")
    by: ByText | None = Field(None, description="`month` or `quarter`. Default: month, or quarter over 2 years.")


# --- What goes out ---------------------------------------------------------------------------------


class Named(Schema):
    id: int
    name: str


class Period(Schema):
    start: date
    end: date
    label: str


class Counts(Schema):
    key: int | str | None = Field(description="The organisation's id, or the type or level as stored.")
    name: str
    counts: list[int] = Field(description="One per period in `periods`.")
    total: int = Field(description="Activities in the whole period, each once.")


class ActivityCount(Schema):
    periods: list[Period]
    by_organisation: list[Counts]
    by_type: list[Counts]
    by_level: list[Counts]
    total: Counts


class Coverage(Schema):
    priority: Named
    in_period: int
    last_12_months: int
    last_engaged: date | None
    flagged: bool = Field(description="No engagement in the 12 months up to the end of the period.")


class Reach(Schema):
    priority: Named | None = Field(description="null: activities with no priority, or every priority together.")
    group: Named
    activities: int
    participants: int


class LoopRate(Schema):
    organisation: Named | None = Field(description="null: every organisation together.")
    on_time: int
    late: int
    overdue: int
    waiting: int
    counted: int
    rate: float | None


class Completion(Schema):
    organisation: Named | None = Field(description="null: every organisation together.")
    finished: int
    evaluated: int
    rate: float | None


class Action(Schema):
    id: int
    description: str
    due_on: date
    agenda_item: Named
    owner_organisation: Named | None


class Overdue(Schema):
    count: int
    listed: list[Action] = Field(description="The longest overdue first, at most 10.")


class Hotspot(Schema):
    group: Named
    month: date
    activities: int


class Rating(Schema):
    id: int | None
    name: str
    responses: int
    listened_to: float | None
    easy_to_take_part: float | None
    know_what_happens_next: float | None


class Dashboard(Schema):
    board: Named | None
    area: Named | None
    from_: date = Field(alias="from")
    to: date
    by: str
    today: date
    activity: ActivityCount
    priority_coverage: list[Coverage]
    seldom_heard_by_priority: list[Reach]
    seldom_heard_by_group: list[Reach]
    loop_closure: list[LoopRate]
    evaluation_completion: list[Completion]
    overdue_screening_actions: Overdue
    fatigue_threshold: int
    fatigue_hotspots: list[Hotspot]
    ratings_by_organisation: list[Rating]
    ratings_by_method: list[Rating]


class StatusCount(Schema):
    status: str
    count: int


class ThemeCount(Schema):
    name: str
    findings: int


class Evidence(Schema):
    organisation: Named
    from_: date = Field(alias="from")
    to: date
    activities: int = Field(description="Led or partnered, running in the period, not cancelled.")
    activities_by_status: list[StatusCount]
    findings: int
    themes: list[ThemeCount]
    responses: int
    responses_by_status: list[StatusCount]
    loop_closure: LoopRate | None
    evaluation_completion: Completion
    ratings: Rating
    overdue_screening_actions: int


# --- Helpers ---------------------------------------------------------------------------------------


def _internal(request: HttpRequest) -> None:
    user = auth.user_of(request)
    if user is None:
        raise ApiError(401, NOT_SIGNED_IN)
    if not user.has_perm("assurance.view_dashboard"):
        raise PermissionDenied("Only people with a role in the partnership can read the board's figures.")


def _checked(request: HttpRequest, form_class, allowed: set[str], **kwargs):
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise Invalid([(name, "This is not a filter") for name in unknown], detail="Some of the filters are not valid.")
    form = form_class(QueryDict(request.GET.urlencode()), today=date.today(), **kwargs)
    if not form.is_valid():
        errors = []
        for name, messages in form.errors.items():
            if name in ("board", "area") and form.data.get(name) and "from the list" in messages[0]:
                errors.append((name, f"There is no {name} with that id"))
            else:
                errors.append((name, " ".join(messages)))
        raise Invalid(errors, detail="Some of the filters are not valid.")
    return form


def _named(pk, name) -> dict | None:
    return {"id": pk, "name": name} if pk else None


def _counts(row: figures.Row) -> dict:
    return {"key": row.key, "name": row.label, "counts": [c.value for c in row.cells], "total": row.total.value}


def _rate(rate) -> dict:
    return {
        "organisation": _named(rate.organisation_id, rate.organisation),
        "on_time": rate.on_time,
        "late": rate.late,
        "overdue": rate.overdue,
        "waiting": rate.waiting,
        "counted": rate.counted,
        "rate": rate.rate,
    }


def _completion(c: figures.Completion) -> dict:
    return {
        "organisation": _named(c.organisation_id, c.organisation),
        "finished": c.finished,
        "evaluated": c.evaluated,
        "rate": c.rate,
    }


def _rating(r: figures.Ratings) -> dict:
    return {"id": r.key, "name": r.label, "responses": r.responses, **r.means}


def dashboard_json(board: figures.Dashboard) -> dict:
    scope = board.scope
    seldom = board.seldom_heard
    return {
        "board": _named(scope.board.pk, scope.board.name) if scope.board else None,
        "area": _named(scope.area.pk, scope.area.name) if scope.area else None,
        "from": scope.start,
        "to": scope.end,
        "by": scope.by,
        "today": scope.today,
        "activity": {
            "periods": [{"start": b.start, "end": b.end, "label": b.label} for b in scope.buckets],
            "by_organisation": [_counts(r) for r in board.by_organisation.rows],
            "by_type": [_counts(r) for r in board.by_type.rows],
            "by_level": [_counts(r) for r in board.by_level.rows],
            "total": _counts(board.totals),
        },
        "priority_coverage": [
            {
                "priority": _named(c.priority_id, c.priority),
                "in_period": c.in_period.value,
                "last_12_months": c.last_12_months.value,
                "last_engaged": c.last_engaged,
                "flagged": c.flagged,
            }
            for c in board.coverage
        ],
        "seldom_heard_by_priority": [
            {
                "priority": _named(row.priority_id, row.priority),
                "group": _named(group.pk, group.name),
                "activities": reach.activities,
                "participants": reach.participants,
            }
            for row in seldom.rows
            for group, reach in zip(seldom.groups, row.cells, strict=True)
        ],
        "seldom_heard_by_group": [
            {
                "priority": None,
                "group": _named(group.pk, group.name),
                "activities": reach.activities,
                "participants": reach.participants,
            }
            for group, reach in zip(seldom.groups, seldom.totals, strict=True)
        ],
        "loop_closure": [_rate(row.rate) for row in board.loop],
        "evaluation_completion": [_completion(c) for c in board.evaluation],
        "overdue_screening_actions": {
            "count": board.overdue.count,
            "listed": [
                {
                    "id": a.pk,
                    "description": a.description,
                    "due_on": a.due_on,
                    "agenda_item": _named(a.screening.agenda_item.pk, a.screening.agenda_item.title),
                    "owner_organisation": _named(a.owner_organisation_id, str(a.owner_organisation or "")),
                }
                for a in board.overdue.listed
            ],
        },
        "fatigue_threshold": board.fatigue_threshold,
        "fatigue_hotspots": [
            {"group": _named(h.group_id, h.group), "month": h.month.start, "activities": h.activities}
            for h in board.hotspots
        ],
        "ratings_by_organisation": [_rating(r) for r in board.ratings_by_organisation],
        "ratings_by_method": [_rating(r) for r in board.ratings_by_method],
    }


# --- Endpoints -------------------------------------------------------------------------------------


@router.get("/dashboard", response={200: Dashboard, **ERRORS}, auth=auth.signed_in, by_alias=True)
def dashboard(request, query: Query[DashboardQuery]):
    """The assurance dashboard's figures for a board, a period and optionally an area.

    Everything the dashboard page shows: activity by organisation, type and level in each month
    (or quarter), priority coverage, seldom-heard reach by priority, loop-closure rates, evaluation
    completion, overdue screening actions, fatigue hotspots and participants' ratings. A bad date,
    an unknown board or area, or a period over 5 years is a 400 naming the parameter.
    """
    _internal(request)
    form = _checked(request, DashboardForm, {"board", "from", "to", "area", "by"})
    scope = figures.Scope(today=form.today, **form.choices())
    return Response(dashboard_json(figures.dashboard(scope)))


@router.get("/organisations/{id}/evidence", response={200: Evidence, **ERRORS}, auth=auth.signed_in, by_alias=True)
def evidence(request, id: Id, query: Query[PeriodQuery]):
    """One organisation's evidence for a period: activities, findings, responses, loop closure, evaluation, ratings."""
    _internal(request)
    organisation = Organisation.objects.filter(pk=id).first()
    if organisation is None:
        raise ApiError(404, "There is no organisation with that id.")
    form = _checked(request, PeriodForm, {"from", "to"})
    start, end = form.period()
    found = evidence_for(organisation, start=start, end=end, today=form.today)
    summary = found.ratings
    return Response(
        {
            "organisation": _named(organisation.pk, organisation.name),
            "from": start,
            "to": end,
            "activities": found.activities.value,
            "activities_by_status": [{"status": s.status, "count": s.cell.value} for s in found.statuses],
            "findings": found.findings.value,
            "themes": [{"name": t.name, "findings": t.count} for t in found.themes],
            "responses": found.responses_total,
            "responses_by_status": [{"status": s, "count": n} for s, _label, n in found.responses_by_status],
            "loop_closure": _rate(found.loop) if found.loop else None,
            "evaluation_completion": _completion(found.evaluation),
            "ratings": {
                "id": organisation.pk,
                "name": organisation.name,
                "responses": summary.count,
                **{r.question: r.mean for r in summary.ratings},
            },
            "overdue_screening_actions": found.overdue_count,
        }
    )
