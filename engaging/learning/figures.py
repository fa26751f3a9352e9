"""How much training was given: people trained, places attended, by course, organisation and role, the
estimated saving against bought-in training, and what attendees said. One rule for every page and the API.

- A place attended is a booking marked attended, on a training session (network events are counted apart).
- People trained are distinct attendees, told apart by their email, whatever its capitals.
- The period is of sessions *starting* in it, both days included.
- The estimated saving is places attended × TRAINING_COST_PER_PLACE: what one place on a comparable
  bought-in course would have cost.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from engaging.learning.models import Booking, CourseSession, SessionFeedback

ASSUMPTION = (
    "Each place attended is counted as saving £{cost} – our estimate of what one place on a comparable "
    "bought-in course costs. It leaves out the time of the trainers, who are partners' own staff."
)


@dataclass
class TrainingFigures:
    start: date | None
    end: date | None
    people_trained: int = 0
    places_attended: int = 0
    no_shows: int = 0
    sessions: int = 0
    network_event_places: int = 0
    by_course: list[dict] = field(default_factory=list)
    by_organisation: list[dict] = field(default_factory=list)
    by_role: list[dict] = field(default_factory=list)
    elected_members: int = 0
    feedback: dict = field(default_factory=dict)
    cost_per_place: Decimal = Decimal(0)

    @property
    def estimated_saving(self) -> Decimal:
        return self.places_attended * self.cost_per_place

    @property
    def assumption(self) -> str:
        return ASSUMPTION.format(cost=f"{self.cost_per_place:,.0f}")


def _bounds(start: date | None, end: date | None, to_session: str = "session__") -> dict:
    """Filters for sessions starting from `start` to `end`, both days included, reached by `to_session`."""
    zone = timezone.get_current_timezone()
    filters = {}
    if start:
        filters[f"{to_session}starts_at__gte"] = datetime.combine(start, time.min, tzinfo=zone)
    if end:
        filters[f"{to_session}starts_at__lt"] = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return filters


def cost_per_place() -> Decimal:
    return Decimal(str(settings.TRAINING_COST_PER_PLACE))


def training_figures(start: date | None = None, end: date | None = None) -> TrainingFigures:
    """The training given to sessions starting from `start` to `end` (either may be open), in a few queries."""
    figures = TrainingFigures(start=start, end=end, cost_per_place=cost_per_place())
    in_period = Booking.objects.filter(**_bounds(start, end), session__cancelled_at__isnull=True)
    training = in_period.filter(session__kind=CourseSession.Kind.TRAINING)
    attended = training.filter(status=Booking.Status.ATTENDED).annotate(person=Lower("email"))
    totals = attended.aggregate(places=Count("pk"), people=Count("person", distinct=True))
    figures.places_attended, figures.people_trained = totals["places"], totals["people"]
    figures.no_shows = training.filter(status=Booking.Status.NO_SHOW).count()
    figures.network_event_places = in_period.filter(
        session__kind=CourseSession.Kind.NETWORK_EVENT, status=Booking.Status.ATTENDED
    ).count()
    figures.sessions = (
        CourseSession.objects.filter(kind=CourseSession.Kind.TRAINING, cancelled_at__isnull=True)
        .filter(**_bounds(start, end, to_session=""))
        .filter(starts_at__lte=timezone.now())
        .count()
    )
    figures.by_course = [
        {
            "course": row["session__course__title"],
            "course_id": row["session__course"],
            "people": row["people"],
            "places": row["places"],
        }
        for row in attended.values("session__course", "session__course__title")
        .annotate(places=Count("pk"), people=Count("person", distinct=True))
        .order_by("-places", "session__course__title")
    ]
    figures.by_organisation = [
        {
            "organisation": row["organisation_label"] or "No organisation given",
            "people": row["people"],
            "places": row["places"],
        }
        for row in attended.annotate(organisation_label=Coalesce("organisation__name", "organisation_name"))
        .values("organisation_label")
        .annotate(places=Count("pk"), people=Count("person", distinct=True))
        .order_by("-people", "organisation_label")
    ]
    by_role = {
        row["role"]: row
        for row in attended.values("role").annotate(places=Count("pk"), people=Count("person", distinct=True))
    }
    figures.by_role = [
        {
            "role": role.value,
            "label": role.label,
            "people": by_role.get(role.value, {}).get("people", 0),
            "places": by_role.get(role.value, {}).get("places", 0),
        }
        for role in Booking.Role
    ]
    figures.elected_members = by_role.get(Booking.Role.ELECTED_MEMBER, {}).get("people", 0)
    figures.feedback = feedback_summary(start, end)
    return figures


def feedback_summary(start: date | None = None, end: date | None = None, *, comments: int = 5) -> dict:
    """What attendees said: how many answered, average scores out of 5, and the latest comments."""
    given = SessionFeedback.objects.filter(**_bounds(start, end, to_session="booking__session__"))
    summary = given.aggregate(answers=Count("pk"), useful=Avg("useful"), confident=Avg("confident"))
    summary["by_course"] = list(
        given.values("booking__session__course__title")
        .annotate(answers=Count("pk"), useful=Avg("useful"), confident=Avg("confident"))
        .order_by("-answers", "booking__session__course__title")
    )
    summary["comments"] = list(
        given.exclude(comment="")
        .order_by("-created_at")
        .values_list("comment", "booking__session__course__title", "booking__session__title")[:comments]
    )
    return summary


def training_summary(start: date | None = None, end: date | None = None) -> TrainingFigures:
    """The headline figures only (no breakdowns, no comments), in two queries: for the assurance dashboard and the
    Local Account, which show them beside much else."""
    figures = TrainingFigures(start=start, end=end, cost_per_place=cost_per_place())
    attended = Q(status=Booking.Status.ATTENDED)
    training = Q(session__kind=CourseSession.Kind.TRAINING)
    totals = (
        Booking.objects.filter(**_bounds(start, end), session__cancelled_at__isnull=True)
        .annotate(person=Lower("email"))
        .aggregate(
            places=Count("pk", filter=attended & training),
            people=Count("person", distinct=True, filter=attended & training),
            elected=Count("person", distinct=True, filter=attended & training & Q(role=Booking.Role.ELECTED_MEMBER)),
            no_shows=Count("pk", filter=Q(status=Booking.Status.NO_SHOW) & training),
            network=Count("pk", filter=attended & Q(session__kind=CourseSession.Kind.NETWORK_EVENT)),
        )
    )
    figures.places_attended, figures.people_trained = totals["places"], totals["people"]
    figures.elected_members, figures.no_shows = totals["elected"], totals["no_shows"]
    figures.network_event_places = totals["network"]
    figures.feedback = SessionFeedback.objects.filter(**_bounds(start, end, to_session="booking__session__")).aggregate(
        answers=Count("pk"), useful=Avg("useful"), confident=Avg("confident")
    )
    return figures
