"""One member organisation's evidence for the board: what it did, heard, answered, told people and evaluated.

Every figure is for a period and counted by the database in a fixed number of queries, however
many records the organisation has.
"""

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.db.models import Count, Q

from engaging.accounts.models import Organisation
from engaging.assurance import links
from engaging.assurance.figures import Completion, evaluation_counts, overdue_actions
from engaging.assurance.periods import Bucket, buckets, default_by
from engaging.assurance.ratings import Ratings, rating_aggregates, ratings_from
from engaging.assurance.scope import Cell, per_bucket
from engaging.evaluation.measures import FeedbackSummary, feedback_summary
from engaging.evaluation.models import ParticipantFeedback
from engaging.insight.models import Finding
from engaging.loop import closure
from engaging.loop.models import Response
from engaging.register.models import Activity, Status

# How many themes, responses, activities' ratings and overdue actions are listed.
LISTED = 10


def organisation_activities(organisation: Organisation):
    """Live activities the organisation leads or is a partner in (what the register's organisation filter shows)."""
    partnered = Activity.partner_organisations.through.objects.filter(organisation=organisation).values("activity_id")
    return Activity.objects.filter(Q(lead_organisation=organisation) | Q(pk__in=partnered))


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    cell: Cell


def activities_by_status(organisation: Organisation, start: date, end: date) -> tuple[list[StatusCount], Cell]:
    """Its activities running in the period, by status; and all of them except cancelled ones. One query."""
    counts = dict(
        organisation_activities(organisation)
        .running_between(start, end)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    rows = []
    for status, label in Status.choices:
        n = counts.get(status, 0)
        cancelled = status == Status.CANCELLED
        url = links.register(start=start, end=end, organisation=organisation.pk, status=status, active=not cancelled)
        rows.append(StatusCount(status, label, Cell(n, url if n else None)))
    total = sum(n for status, n in counts.items() if status != Status.CANCELLED)
    url = links.register(start=start, end=end, organisation=organisation.pk)
    return rows, Cell(total, url if total else None)


def activities_over_time(organisation: Organisation, start: date, end: date) -> tuple[list[Bucket], list[Cell]]:
    """Its activities (led or partnered, not cancelled) running in each month, or quarter over 2 years. One query."""
    columns = buckets(start, end, default_by(start, end))
    counts = (
        organisation_activities(organisation)
        .not_cancelled()
        .running_between(start, end)
        .aggregate(**per_bucket(columns))
    )
    records = {"organisation": organisation.pk}
    return columns, [
        Cell(counts[f"b{i}"], records={"start": b.start, "end": b.end, **records}) for i, b in enumerate(columns)
    ]


def findings_heard(organisation: Organisation, start: date, end: date):
    """Findings in the library heard in the period at activities the organisation led (the library's own filter)."""
    return Finding.objects.in_library().filter(
        activity__lead_organisation=organisation, heard_on__gte=start, heard_on__lte=end
    )


@dataclass(frozen=True)
class ThemeCount:
    name: str
    count: int
    url: str


def top_themes(findings, *, start: date, end: date, organisation_id: int | None = None, most: int = LISTED):
    """The themes most of these findings are filed under, with how many. One query."""
    rows = (
        Finding.themes.through.objects.filter(finding__in=findings.values("pk"), theme__archived_at__isnull=True)
        .order_by()
        .values("theme", "theme__name")
        .annotate(n=Count("finding"))
        .order_by("-n", "theme__name")[:most]
    )
    return [
        ThemeCount(
            r["theme__name"],
            r["n"],
            links.insight(start=start, end=end, organisation_id=organisation_id, theme_id=r["theme"]),
        )
        for r in rows
    ]


def responses_recorded(organisation: Organisation, start: date, end: date):
    """Live responses the organisation is responsible for, recorded in the period."""
    return Response.objects.filter(organisation=organisation, created_at__date__gte=start, created_at__date__lte=end)


def responses_by_status(responses) -> list[tuple[str, str, int]]:
    """How many responses have each status, every status listed. One query."""
    counts = dict(responses.order_by().values_list("status").annotate(n=Count("pk")))
    return [(status, label, counts.get(status, 0)) for status, label in Response.Status.choices]


def evaluation_completion_of(organisation: Organisation, start: date, end: date) -> Completion:
    """Of its finished activities closing in the period (as lead), how many have an evaluation. One query."""
    row = (
        closure.finished_activities(start=start, end=end)
        .filter(lead_organisation=organisation)
        .aggregate(**evaluation_counts())
    )
    return Completion(organisation.pk, organisation.name, row["finished"], row["evaluated"], start, end)


def feedback_for(organisation: Organisation, start: date, end: date):
    """Participants' ratings given in the period of live, not cancelled activities the organisation led."""
    return ParticipantFeedback.objects.filter(
        activity__lead_organisation=organisation,
        activity__archived_at__isnull=True,
        given_on__gte=start,
        given_on__lte=end,
    ).exclude(activity__status=Status.CANCELLED)


def ratings_by_activity(feedback, *, most: int = LISTED) -> list[Ratings]:
    """The mean ratings of the activities with the most feedback, each linked to its evaluation page. One query."""
    from django.urls import reverse

    rows = (
        feedback.order_by()
        .values("activity", "activity__title")
        .annotate(**rating_aggregates())
        .order_by("-responses", "activity__title")[:most]
    )
    return [
        ratings_from(
            r, r["activity"], r["activity__title"], partial(reverse, "evaluation:activity", args=[r["activity"]])
        )
        for r in rows
    ]


@dataclass
class Evidence:
    organisation: Organisation
    start: date
    end: date
    statuses: list[StatusCount]
    activities: Cell
    by: str  # month or quarter
    columns: list[Bucket]
    over_time: list[Cell]
    findings: Cell
    themes: list[ThemeCount]
    responses_by_status: list[tuple[str, str, int]]
    responses_total: int
    latest_responses: list[Response]
    loop: closure.Rate | None
    loop_urls: dict[str, str]
    evaluation: Completion
    ratings: FeedbackSummary
    ratings_by_activity: list[Ratings]
    overdue_count: int
    overdue_actions: list


def evidence_for(organisation: Organisation, *, start: date, end: date, today: date) -> Evidence:
    """Everything on an organisation's evidence page, in a fixed number of queries."""
    statuses, activities = activities_by_status(organisation, start, end)
    columns, over_time = activities_over_time(organisation, start, end)
    findings = findings_heard(organisation, start, end)
    finding_count = findings.count()
    responses = responses_recorded(organisation, start, end)
    by_status = responses_by_status(responses)
    rates = closure.rates(start=start, end=end, today=today, organisation=organisation)
    feedback = feedback_for(organisation, start, end)
    overdue = overdue_actions(today=today).filter(owner_organisation=organisation)
    overdue_listed = list(
        overdue.select_related("screening__agenda_item__meeting", "owner").order_by("due_on", "pk")[:LISTED]
    )
    period: dict[str, Any] = {"start": start, "end": end, "organisation_id": organisation.pk}
    return Evidence(
        organisation=organisation,
        start=start,
        end=end,
        statuses=statuses,
        activities=activities,
        by=default_by(start, end),
        columns=columns,
        over_time=over_time,
        findings=Cell(finding_count, links.insight(**period) if finding_count else None),
        themes=top_themes(findings, **period),
        responses_by_status=by_status,
        responses_total=sum(n for _, _, n in by_status),
        latest_responses=list(responses.order_by("-created_at", "-pk")[:LISTED]),
        loop=rates[0] if rates else None,
        loop_urls={
            "on_time": links.loop_activities(state=closure.ON_TIME, **period),
            "counted": links.loop_activities(state="counted", **period),
            "waiting": links.loop_activities(state=closure.WAITING, **period),
            "overdue": links.loop_activities(state=closure.OVERDUE, **period),
        },
        evaluation=evaluation_completion_of(organisation, start, end),
        ratings=feedback_summary(feedback),
        ratings_by_activity=ratings_by_activity(feedback),
        overdue_count=overdue.count(),
        overdue_actions=overdue_listed,
    )
