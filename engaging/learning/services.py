"""Writes to bookings and sessions, each in one transaction that first locks the session's row.

The one promotion rule (`_fill_places`) runs inside every write that can free a place: a
cancellation, a coordinator removing someone, a larger capacity. Because each write locks the
session first (SELECT … FOR UPDATE on PostgreSQL; on SQLite every transaction takes the write lock
as it begins, as settings ask for IMMEDIATE transactions), two writes to one session never
interleave: two people are never given one place, and a place is never given twice.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from engaging.learning import emails
from engaging.learning.models import Booking, BookingChange, Course, CourseSession, SessionFeedback

STARTED = "Bookings for this session closed when it started."
ALREADY_BOOKED = (
    "This email address already has a booking for this session. "
    "Use the link in your confirmation email to see or cancel it."
)


def _locked(session: CourseSession) -> CourseSession:
    """The session read again under a lock that lasts until the transaction ends."""
    return CourseSession.objects.select_for_update().get(pk=session.pk)


def places_taken(session: CourseSession) -> int:
    return Booking.objects.filter(session=session).holding_place().count()


def places_left(session: CourseSession) -> int:
    """Free places: never negative, even after a coordinator lowered the capacity below those booked."""
    return max(0, session.capacity - places_taken(session))


def _record(booking: Booking, kind: str, *, by=None, reason: str = "") -> None:
    BookingChange.objects.create(booking=booking, kind=kind, by=by, reason=reason[:500])


def _fill_places(session: CourseSession, *, by=None, reason: str) -> list[Booking]:
    """Give each free place to the first person waiting, until places or people run out; never once the session
    has started. The caller holds the session's lock. Each person given a place is told once the change is kept."""
    if session.has_started() or session.is_cancelled:
        return []
    promoted = []
    free = places_left(session)
    for booking in Booking.objects.filter(session=session).waiting_in_order()[:free] if free else []:
        booking.status = Booking.Status.BOOKED
        booking.waiting_order = None
        booking.save(update_fields=["status", "waiting_order", "updated_at"])
        _record(booking, BookingChange.Kind.PROMOTED, by=by, reason=reason)
        promoted.append(booking)
        transaction.on_commit(lambda booking=booking: emails.send_promoted(booking))
    return promoted


def book(
    *,
    session: CourseSession,
    name: str,
    email: str,
    role: str,
    organisation=None,
    organisation_name: str = "",
    access_needs: str = "",
    by=None,
) -> Booking:
    """Book a place while one is free, or join the end of the waiting list. Refused once the session has started,
    for a cancelled session, and for an email that already has a booking for it (capitals aside)."""
    email = email.strip()
    with transaction.atomic():
        session = _locked(session)
        if session.is_cancelled:
            raise ValidationError("This session has been cancelled.")
        if session.has_started():
            raise ValidationError(STARTED)
        if Booking.objects.filter(session=session).live_for_email(email).exists():
            raise ValidationError({"email": ALREADY_BOOKED})
        if places_left(session) > 0:
            status, order = Booking.Status.BOOKED, None
        else:
            last = Booking.objects.filter(session=session).aggregate(last=Max("waiting_order"))["last"] or 0
            status, order = Booking.Status.WAITING, last + 1
        booking = Booking(
            session=session,
            name=name.strip(),
            email=email,
            role=role,
            organisation=organisation,
            organisation_name="" if organisation else organisation_name.strip(),
            access_needs=access_needs.strip(),
            status=status,
            waiting_order=order,
        )
        booking.full_clean()
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError:
            # Only another booking for this email, committed between our check and our write, gets here.
            raise ValidationError({"email": ALREADY_BOOKED}) from None
        kind = BookingChange.Kind.BOOKED if status == Booking.Status.BOOKED else BookingChange.Kind.WAITING
        _record(booking, kind, by=by)
        transaction.on_commit(lambda: emails.send_confirmation(booking))
    return booking


def cancel(*, booking: Booking, by=None, reason: str = "") -> list[Booking]:
    """Cancel a booking or leave the waiting list; a place it frees goes to the first person waiting.

    A booked place cannot be given up once the session has started (the coordinator records who came
    instead); leaving the waiting list is always possible. Returns the people given a place."""
    with transaction.atomic():
        session = _locked(booking.session)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status == Booking.Status.CANCELLED:
            raise ValidationError("This booking has already been cancelled.")
        if booking.status != Booking.Status.WAITING and session.has_started():
            raise ValidationError("This session has started, so the booking can no longer be cancelled.")
        freed = booking.status == Booking.Status.BOOKED
        _set_cancelled(booking)
        _record(booking, BookingChange.Kind.CANCELLED, by=by, reason=reason)
        if not freed:
            return []
        return _fill_places(session, by=by, reason=f"A place freed when {booking.name} cancelled")


def remove(*, booking: Booking, by, reason: str) -> list[Booking]:
    """A coordinator takes someone off a session (booked or waiting), saying why; a freed place is given on."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why you are removing this booking"})
    with transaction.atomic():
        session = _locked(booking.session)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status not in (Booking.Status.BOOKED, Booking.Status.WAITING):
            raise ValidationError("Only a booking that is booked or waiting can be removed.")
        freed = booking.status == Booking.Status.BOOKED
        _set_cancelled(booking)
        _record(booking, BookingChange.Kind.REMOVED, by=by, reason=reason)
        if not freed:
            return []
        return _fill_places(session, by=by, reason=f"A place freed when {booking.name} was removed")


def cancel_session(*, session: CourseSession, by, reason: str) -> list[Booking]:
    """Cancel a whole session before it starts, saying why: everyone booked or waiting has their booking cancelled,
    with the reason kept, and is emailed once the cancellation is saved. Returns the bookings cancelled."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the session is cancelled"})
    with transaction.atomic():
        session = _locked(session)
        if session.is_cancelled:
            raise ValidationError("This session has already been cancelled.")
        if session.has_started():
            raise ValidationError("This session has started, so it can no longer be cancelled.")
        session.cancelled_at = timezone.now()
        session._history_user = by
        session.save(update_fields=["cancelled_at", "updated_at"])
        live = Booking.objects.select_for_update().filter(session=session)
        told = [*live.holding_place().order_by("pk"), *live.filter(status=Booking.Status.WAITING).order_by("pk")]
        waiting = {b.pk for b in told if b.status == Booking.Status.WAITING}
        for booking in told:
            _set_cancelled(booking)
            _record(booking, BookingChange.Kind.CANCELLED, by=by, reason=f"The session was cancelled: {reason}")

        def tell():
            for booking in told:
                emails.send_session_cancelled(booking, reason=reason, was_waiting=booking.pk in waiting)

        transaction.on_commit(tell)
    return told


def _set_cancelled(booking: Booking) -> None:
    booking.status = Booking.Status.CANCELLED
    booking.waiting_order = None
    booking.save(update_fields=["status", "waiting_order", "updated_at"])


def move_in_waiting_list(*, booking: Booking, position: int, by, reason: str) -> None:
    """Put someone waiting at `position` (1 is first) in the list, saying why; everyone else keeps their order."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why you are changing the order"})
    with transaction.atomic():
        session = _locked(booking.session)
        waiting = list(Booking.objects.filter(session=session).waiting_in_order())
        moving = next((each for each in waiting if each.pk == booking.pk), None)
        if moving is None:
            raise ValidationError("Only someone on the waiting list can be moved in it.")
        if not 1 <= position <= len(waiting):
            raise ValidationError({"position": f"Enter a position from 1 to {len(waiting)}"})
        waiting.remove(moving)
        waiting.insert(position - 1, moving)
        for order, each in enumerate(waiting, start=1):
            if each.waiting_order != order:
                Booking.objects.filter(pk=each.pk).update(waiting_order=order)
        _record(moving, BookingChange.Kind.MOVED, by=by, reason=f"To position {position}: {reason}")


def record_attendance(*, booking: Booking, attended: bool, by) -> Booking:
    """Mark someone with a place as attended or not come; possible only once the session has started."""
    with transaction.atomic():
        session = _locked(booking.session)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if not session.has_started():
            raise ValidationError({"attended": "Attendance can be recorded once the session has started."})
        if not booking.holds_place:
            raise ValidationError({"attended": "Only someone who had a place can be marked as attended or not."})
        status = Booking.Status.ATTENDED if attended else Booking.Status.NO_SHOW
        if booking.status != status:
            booking.status = status
            booking.save(update_fields=["status", "updated_at"])
            _record(booking, status, by=by)
    return booking


def save_course(*, course: Course | None = None, by=None, **fields) -> Course:
    """Create or change a course; its own validators decide what is allowed."""
    course = course or Course()
    for name, value in fields.items():
        setattr(course, name, value)
    course.full_clean()
    course.save()
    return course


def session_problems(*, kind: str, course, title: str, starts_at, ends_at, capacity) -> dict[str, str]:
    """What is wrong with a session's details, field by field."""
    problems = {}
    if kind == CourseSession.Kind.TRAINING and course is None:
        problems["course"] = "Choose the course this session runs"
    if kind == CourseSession.Kind.NETWORK_EVENT and not (title or "").strip():
        problems["title"] = "Enter a title for the network event"
    if capacity is not None and capacity < 1:
        problems["capacity"] = "Enter at least 1 place"
    if starts_at and ends_at and ends_at <= starts_at:
        problems["ends_at"] = "The end must be after the start"
    return problems


def save_session(*, session: CourseSession | None = None, by=None, **fields) -> tuple[CourseSession, list[Booking]]:
    """Create or change a session. A larger capacity gives the new places to those waiting, in order; a
    smaller one is refused below the places already taken. Returns the session and anyone given a place."""
    problems = session_problems(
        kind=fields.get("kind", session.kind if session else CourseSession.Kind.TRAINING),
        course=fields.get("course", session.course if session else None),
        title=fields.get("title", session.title if session else ""),
        starts_at=fields.get("starts_at", session.starts_at if session else None),
        ends_at=fields.get("ends_at", session.ends_at if session else None),
        capacity=fields.get("capacity"),
    )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        if session is not None:
            session = _locked(session)
            taken = places_taken(session)
            if "capacity" in fields and fields["capacity"] < taken:
                raise ValidationError(
                    {"capacity": f"{taken} places are taken: remove bookings first, or keep at least {taken} places"}
                )
        session = session or CourseSession()
        for name, value in fields.items():
            setattr(session, name, value)
        if session.kind == CourseSession.Kind.NETWORK_EVENT:
            session.course = fields.get("course")
        session.full_clean()
        session.save()
        promoted = _fill_places(session, by=by, reason="More places were made available")
    return session, promoted


def give_feedback(*, booking: Booking, useful: int, confident: int, comment: str = "") -> SessionFeedback:
    """An attendee's feedback, once: only someone recorded as attended may give it."""
    with transaction.atomic():
        if booking.status != Booking.Status.ATTENDED:
            raise ValidationError("Feedback is asked only of people who came to the session.")
        if SessionFeedback.objects.filter(booking=booking).exists():
            raise ValidationError("You have already given feedback on this session. Thank you.")
        feedback = SessionFeedback(booking=booking, useful=useful, confident=confident, comment=comment.strip())
        feedback.full_clean()
        feedback.save()
    return feedback
