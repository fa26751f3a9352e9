"""Training and network events: courses, sessions, bookings, attendance and the training report.

Who may do what, exactly as on the site:
- anyone, without a token: read courses and public sessions, and book a place on a public session (limited
  per client address: BOOKING_RATE_LIMIT an hour);
- a token of anyone in the partnership: also partners-only sessions, booking them, and the training report;
- coordinators: add courses and sessions, see each session's bookings (names and emails), cancel a booking,
  and record attendance. Others get 403; callers without a token get 401.
"""

from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Response
from pydantic import BeforeValidator, ConfigDict, Strict, WithJsonSchema

from engaging.accounts.access import roles_for
from engaging.accounts.models import Organisation
from engaging.api import auth
from engaging.api.errors import ApiError, Invalid
from engaging.api.pagination import KeptListing, as_written, paged, refuse_unknown_filters, written
from engaging.api.schemas import Error
from engaging.api.types import BodyId, Email, Id, StrictBool, _parse_date, text
from engaging.learning import services, throttle
from engaging.learning.figures import training_figures
from engaging.learning.models import Booking, Course, CourseSession

router = Router(tags=["Training and network events"])

NO_SESSION = "There is no session with that id."
NO_BOOKING = "There is no booking with that id."
COORDINATORS = "Only coordinators can do this."


class CoordinatorAuth(auth.ApiAuth):
    """A token or session of a coordinator, for reading as for writing."""

    def __init__(self):
        super().__init__(signed_in=True)

    def check_permissions(self, request: HttpRequest, user) -> None:
        if not user.has_perm("learning.manage_training"):
            raise PermissionDenied(COORDINATORS)

    def __call__(self, request: HttpRequest):
        user = super().__call__(request)
        self.check_permissions(request, user)
        return user


class AnyoneMayBook(auth.ApiAuth):
    """No token needed to book; a token or session that is sent must still be valid."""

    def __call__(self, request: HttpRequest):
        return self.identify(request)

    def anonymous_allowed(self, method: str) -> bool:
        return True


coordinators = CoordinatorAuth()


def _parse_moment(value: object) -> object:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("Enter a date and time like 2027-03-09T10:00") from None
    else:
        raise ValueError("Enter a date and time like 2027-03-09T10:00")
    if not 1900 <= moment.year <= 2199:
        raise ValueError("Enter a date between 1900 and 2199")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


Moment = Annotated[
    datetime,
    BeforeValidator(_parse_moment),
    WithJsonSchema({"type": "string", "format": "date-time", "example": "2027-03-09T10:00:00+00:00"}),
]
Places = Annotated[int, Strict(), Field(le=10_000)]


class CourseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: text(200, min_length=1)
    summary: text(2000, min_length=1)
    outcomes: text(2000) = ""
    length: text(100) = ""
    format: Literal[tuple(Course.Format.values)] = Course.Format.IN_PERSON
    audience: text(300) = ""


class CourseOut(Schema):
    id: int
    title: str
    summary: str
    outcomes: str
    length: str
    format: str
    audience: str


class SessionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Literal[tuple(CourseSession.Kind.values)] = CourseSession.Kind.TRAINING
    course: BodyId | None = Field(None, description="The course's id; needed for a training session.")
    title: text(200) = Field("", description="A network event's title.")
    topics: list[text(200)] = Field([], max_length=30, description="A network event's topics.")
    starts_at: Moment
    ends_at: Moment
    venue: text(300) = ""
    online_link: text(500) = ""
    trainers: text(300) = ""
    capacity: Places
    is_public: StrictBool = True


class SessionOut(Schema):
    id: int
    kind: str
    course: int | None
    name: str
    topics: list[str]
    starts_at: datetime
    ends_at: datetime
    venue: str
    trainers: str
    capacity: int
    places_left: int
    is_public: bool
    started: bool


class BookingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: text(200, min_length=1)
    email: Email
    role: Literal[tuple(Booking.Role.values)]
    organisation: BodyId | None = Field(None, description="A partner organisation's id, from /organisations.")
    organisation_name: text(200) = Field("", description="The organisation's name, when it is not a partner.")
    access_needs: text(2000) = ""


class BookingCreated(Schema):
    id: int
    status: str


class BookingOut(Schema):
    id: int
    name: str
    email: str
    role: str
    organisation: int | None
    organisation_name: str
    access_needs: str
    status: str
    waiting_position: int | None = Field(description="1 for the first person waiting; null for anyone not waiting.")


class CancelIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: text(500) = ""


class AttendanceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    attended: StrictBool


class Row(Schema):
    people: int
    places: int


class CourseRow(Row):
    course: str
    course_id: int


class OrganisationRow(Row):
    organisation: str


class RoleRow(Row):
    role: str


class ReportOut(Schema):
    people_trained: int
    places_attended: int
    elected_members_trained: int
    network_event_places: int
    by_course: list[CourseRow]
    by_organisation: list[OrganisationRow]
    by_role: list[RoleRow]
    estimated_saving: float
    cost_per_place: float
    assumption: str


def _session_out(session: CourseSession, taken: int) -> dict:
    return {
        "id": session.pk,
        "kind": session.kind,
        "course": session.course_id,
        "name": session.name,
        "topics": session.topic_list,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "venue": session.venue,
        "trainers": session.trainers,
        "capacity": session.capacity,
        "places_left": max(0, session.capacity - taken),
        "is_public": session.is_public,
        "started": session.has_started(),
    }


def _visible_sessions(request):
    sessions = CourseSession.objects.select_related("course")
    user = auth.user_of(request)
    return sessions if user is not None and roles_for(user).internal else sessions.public()


def _session(request, id: int) -> CourseSession:
    session = _visible_sessions(request).filter(pk=id).first()
    if session is None:
        raise ApiError(404, NO_SESSION)
    return session


@router.get("/courses", response={200: list[written(CourseOut)], 400: Error}, auth=auth.read)
@paged
def list_courses(request):
    """The courses offered, by title, a page at a time."""
    refuse_unknown_filters(request, ())
    fields = list(CourseOut.model_fields)
    return KeptListing(
        Course.objects.values(*fields), lambda page: [as_written(CourseOut, course) for course in page],
        request=request, name="courses", unfiltered=True,
    )  # fmt: skip


@router.post("/courses", response={201: CourseOut, 400: Error, 401: Error, 403: Error}, auth=coordinators)
def create_course(request, payload: CourseIn):
    """Add a course (coordinators). A title already used is refused."""
    course = services.save_course(by=request.user, **payload.model_dump())
    return Response(CourseOut.from_orm(course).model_dump(mode="json"), status=201)


@router.get("/course-sessions", response={200: list[SessionOut], 400: Error}, auth=auth.read)
@paged
def list_sessions(request):
    """Sessions that have not started, soonest first, with places left; partners also see partners-only ones."""
    refuse_unknown_filters(request, ())
    now = timezone.now()
    visible = _visible_sessions(request)
    sessions = visible.upcoming(now).with_places_taken()
    # A session leaves the list when it starts: the list kept is the one from before the soonest started.
    soonest = visible.upcoming(now).values_list("starts_at", flat=True).first()
    return KeptListing(
        sessions, lambda page: [_session_out(s, s.places_taken) for s in page],
        request=request, name="course-sessions", kept_as={"before": soonest.isoformat() if soonest else "none"},
    )  # fmt: skip


@router.get("/course-sessions/{id}", response={200: SessionOut, 404: Error}, auth=auth.read)
def get_session(request, id: Id):
    session = _session(request, id)
    return _session_out(session, services.places_taken(session))


@router.post("/course-sessions", response={201: SessionOut, 400: Error, 401: Error, 403: Error}, auth=coordinators)
def create_session(request, payload: SessionIn):
    """Add a training session or a network event (coordinators). 400 names each bad field: a course that does not
    exist, fewer than 1 place, an end before the start."""
    data = payload.model_dump()
    data["topics"] = "\n".join(data["topics"])
    if data["course"] is not None:
        course = Course.objects.filter(pk=data["course"]).first()
        if course is None:
            problems = services.session_problems(
                kind="",
                course=None,
                title="x",
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                capacity=data["capacity"],
            )
            raise Invalid([("course", "There is no course with that id"), *problems.items()])
        data["course"] = course
    session, _ = services.save_session(by=request.user, **data)
    return Response(SessionOut(**_session_out(session, 0)).model_dump(mode="json"), status=201)


class SessionChange(Schema):
    """The details to change; any left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    starts_at: Moment | None = None
    ends_at: Moment | None = None
    venue: text(300) | None = None
    online_link: text(500) | None = None
    trainers: text(300) | None = None
    capacity: Places | None = None
    is_public: StrictBool | None = None


@router.patch(
    "/course-sessions/{id}",
    response={200: SessionOut, 400: Error, 401: Error, 403: Error, 404: Error},
    auth=coordinators,
)
def change_session(request, id: Id, payload: SessionChange):
    """Change a session (coordinators). More places go at once to those waiting, in order, until it starts; fewer
    places than are taken is refused (400, naming `capacity`)."""
    session = CourseSession.objects.select_related("course").filter(pk=id).first()
    if session is None:
        raise ApiError(404, NO_SESSION)
    changes = {name: value for name, value in payload.model_dump(exclude_unset=True).items() if value is not None}
    session, _ = services.save_session(session=session, by=request.user, **changes)
    return _session_out(session, services.places_taken(session))


def _too_many(request) -> Response:
    limit = throttle.booking_limit()
    response = Response(
        {
            "detail": f"Too many bookings from this client: up to {limit.allowed} in {limit.window // 60} minutes.",
            "errors": [],
        },
        status=429,
    )
    response["Retry-After"] = str(limit.window)
    return response


@router.post(
    "/course-sessions/{id}/bookings",
    response={201: BookingCreated, 400: Error, 401: Error, 404: Error, 429: Error},
    auth=AnyoneMayBook(),
)
def create_booking(request, id: Id, payload: BookingIn):
    """Book a place, or join the waiting list when the session is full. No token is needed for a public session.

    `status` is `booked` or `waiting`. 400 once the session has started, and for an email that already has a
    booking for it (capitals aside)."""
    session = _session(request, id)
    anonymous = auth.user_of(request) is None
    if anonymous and throttle.over_limit(request):
        return _too_many(request)
    data = payload.model_dump()
    problems = []
    if not data["email"].strip():
        problems.append(("email", "Enter an email address"))
    organisation = None
    if data["organisation"] is not None:
        organisation = Organisation.objects.filter(pk=data["organisation"]).first()
        if organisation is None:
            problems.append(("organisation", "There is no organisation with that id"))
    if problems:
        raise Invalid(problems)
    data["organisation"] = organisation
    booking = services.book(session=session, by=auth.user_of(request), **data)
    if anonymous:
        throttle.count_booking(request)
    return Response({"id": booking.pk, "status": booking.status}, status=201)


@router.get(
    "/course-sessions/{id}/bookings",
    response={200: list[BookingOut], 401: Error, 403: Error, 404: Error},
    auth=coordinators,
)
def list_bookings(request, id: Id):
    """Everyone who booked (coordinators only): with a place first, then waiting in order, then cancelled."""
    session = CourseSession.objects.filter(pk=id).first()
    if session is None:
        raise ApiError(404, NO_SESSION)
    bookings = list(Booking.objects.filter(session=session).select_related("organisation"))
    waiting = {b.pk: n for n, b in enumerate(Booking.objects.filter(session=session).waiting_in_order(), start=1)}
    rank = {"booked": 0, "attended": 0, "no_show": 0, "waiting": 1, "cancelled": 2}
    bookings.sort(key=lambda b: (rank[b.status], waiting.get(b.pk, 0), b.created_at, b.pk))
    return [
        {
            "id": b.pk,
            "name": b.name,
            "email": b.email,
            "role": b.role,
            "organisation": b.organisation_id,
            "organisation_name": b.organisation_label,
            "access_needs": b.access_needs,
            "status": b.status,
            "waiting_position": waiting.get(b.pk),
        }
        for b in bookings
    ]


def _booking(id: int) -> Booking:
    booking = Booking.objects.select_related("session__course").filter(pk=id).first()
    if booking is None:
        raise ApiError(404, NO_BOOKING)
    return booking


@router.post(
    "/bookings/{id}/cancel",
    response={200: BookingCreated, 400: Error, 401: Error, 403: Error, 404: Error},
    auth=coordinators,
)
def cancel_booking(request, id: Id, payload: CancelIn | None = None):
    """Cancel a booking or take someone off the waiting list (coordinators); a freed place goes to the first
    person waiting, who is told. 400 for a booking already cancelled, or a place once the session has started."""
    booking = _booking(id)
    reason = (payload.reason if payload else "") or "Cancelled by a coordinator"
    services.cancel(booking=booking, by=request.user, reason=reason)
    return {"id": booking.pk, "status": Booking.Status.CANCELLED}


@router.post(
    "/bookings/{id}/attendance",
    response={200: BookingCreated, 400: Error, 401: Error, 403: Error, 404: Error},
    auth=coordinators,
)
def record_attendance(request, id: Id, payload: AttendanceIn):
    """Record whether someone with a place came (coordinators). 400 before the session starts."""
    booking = services.record_attendance(booking=_booking(id), attended=payload.attended, by=request.user)
    return {"id": booking.pk, "status": booking.status}


def _period_date(request, name: str):
    raw = request.GET.get(name, "")
    if not raw:
        return None
    try:
        return _parse_date(raw)
    except ValueError as error:
        raise Invalid([(name, str(error))], detail="Some of the filters are not valid.") from None


@router.get("/training/report", response={200: ReportOut, 400: Error, 401: Error, 403: Error}, auth=auth.signed_in)
def training_report(request):
    """People trained and places attended on training sessions starting from `from` to `to` (YYYY-MM-DD, both
    included, either may be left out), by course, organisation and role; the estimated saving and its assumption."""
    if not request.user.has_perm("learning.view_report"):
        raise PermissionDenied("Only people with a role in the partnership can read the training report.")
    refuse_unknown_filters(request, ("from", "to"))
    start, end = _period_date(request, "from"), _period_date(request, "to")
    if start and end and end < start:
        raise Invalid(
            [("to", "The end of the period must be on or after its start")], detail="Some of the filters are not valid."
        )
    figures = training_figures(start, end)
    return {
        "people_trained": figures.people_trained,
        "places_attended": figures.places_attended,
        "elected_members_trained": figures.elected_members,
        "network_event_places": figures.network_event_places,
        "by_course": figures.by_course,
        "by_organisation": figures.by_organisation,
        "by_role": [{"role": r["role"], "people": r["people"], "places": r["places"]} for r in figures.by_role],
        "estimated_saving": float(figures.estimated_saving),
        "cost_per_place": float(figures.cost_per_place),
        "assumption": figures.assumption,
    }
