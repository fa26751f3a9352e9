"""Participants' ratings of the engagement, on the dashboard and an organisation's evidence page.

The three questions and their scale are the evaluation app's (engaging/evaluation/measures.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db.models import Aggregate, Avg, Count

from engaging.assurance import links
from engaging.assurance.scope import Scope, in_place
from engaging.evaluation.measures import QUESTIONS
from engaging.evaluation.models import ParticipantFeedback


@dataclass(frozen=True)
class Ratings:
    key: int | None
    label: str
    responses: int
    means: dict[str, float | None]  # question → mean from 1 to 5
    counts: dict[str, int]  # question → how many answered it
    link: Callable[[], str] | None = None  # gives the link to the records; called only when the link is shown

    @property
    def url(self) -> str | None:
        return self.link() if self.link else None

    @property
    def overall(self) -> float | None:
        """The mean of the three questions' means."""
        values = [m for m in self.means.values() if m is not None]
        return sum(values) / len(values) if values else None


def feedback_in_period(scope: Scope):
    """Participants' ratings given in the period, of activities in the place."""
    return ParticipantFeedback.objects.filter(
        in_place(scope, "activity"), given_on__gte=scope.start, given_on__lte=scope.end
    )


def rating_aggregates() -> dict[str, Aggregate]:
    aggregates: dict[str, Aggregate] = {"responses": Count("pk")}
    for name, _label in QUESTIONS:
        aggregates[f"{name}__mean"] = Avg(name)
        aggregates[f"{name}__count"] = Count(name)
    return aggregates


def ratings_from(row: dict, key, label: str, link=None) -> Ratings:
    return Ratings(
        key=key,
        label=label,
        responses=row["responses"],
        means={name: row[f"{name}__mean"] for name, _ in QUESTIONS},
        counts={name: row[f"{name}__count"] for name, _ in QUESTIONS},
        link=link,
    )


def ratings_by_organisation(scope: Scope) -> list[Ratings]:
    """The mean of each participant question, and how many answered, per lead organisation. One query.

    Each count links to the organisation's evidence page, which lists the ratings activity by activity.
    """
    rows = (
        feedback_in_period(scope)
        .order_by()
        .values("activity__lead_organisation", "activity__lead_organisation__name")
        .annotate(**rating_aggregates())
        .order_by("activity__lead_organisation__name")
    )
    return [
        ratings_from(
            row,
            row["activity__lead_organisation"],
            row["activity__lead_organisation__name"],
            partial(links.evidence, row["activity__lead_organisation"], start=scope.start, end=scope.end),
        )
        for row in rows
    ]


def ratings_by_method(scope: Scope) -> list[Ratings]:
    """The mean of each participant question per method; an activity using two methods counts for each. One query.

    Links go to "what works", which compares methods over every evaluated activity.
    """
    rows = (
        feedback_in_period(scope)
        .order_by()
        .values("activity__methods", "activity__methods__name")
        .annotate(**rating_aggregates())
        .order_by("activity__methods__name")
    )
    return [
        ratings_from(
            row, row["activity__methods"], row["activity__methods__name"] or "No method recorded", links.what_works
        )
        for row in rows
    ]
