"""Pages for anyone: training and events coming up, a session with its booking form, and the pages a signed
link opens (a booking, feedback, a certificate). No account is needed for any of them."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from engaging.core.forms import add_errors
from engaging.core.kept import kept_view
from engaging.learning import certificates, ical, links, services, throttle
from engaging.learning.access import booking_for_token, session_for_visitor
from engaging.learning.forms import BookingForm, FeedbackForm
from engaging.learning.models import Booking, Course, CourseSession, SessionFeedback
from engaging.learning.views.manage import next_start

HOME = ("Home", "/")
TRAINING = ("Training and events", "/training/")
FEED_PAST_DAYS = 90


@require_GET
@kept_view(more=next_start)
def index(request):
    """Public sessions that have not started, soonest first, each with its places left."""
    sessions = list(CourseSession.objects.public().upcoming().with_places_taken().select_related("course")[:200])
    for session in sessions:
        session.places_left = max(0, session.capacity - session.places_taken)
    return render(
        request,
        "learning/index.html",
        {
            "training": [s for s in sessions if s.kind == CourseSession.Kind.TRAINING],
            "events": [s for s in sessions if s.kind == CourseSession.Kind.NETWORK_EVENT],
            "courses": list(Course.objects.all()),
            "crumbs": [HOME, ("Training and events", None)],
        },
    )


@require_GET
def course(request, pk: int):
    course = get_object_or_404(Course, pk=pk)
    sessions = list(course.sessions.public().upcoming().with_places_taken())
    for session in sessions:
        session.places_left = max(0, session.capacity - session.places_taken)
    return render(
        request,
        "learning/course.html",
        {"course": course, "sessions": sessions, "crumbs": [HOME, TRAINING, (course.title, None)]},
    )


@require_http_methods(["GET", "POST"])
def session(request, pk: int):
    """A session and its booking form. Booking gives a place while one is free, or a place on the waiting list."""
    session = session_for_visitor(request.user, pk)
    form = BookingForm(request.POST if request.method == "POST" else None)
    limited = False
    if request.method == "POST" and form.is_valid():
        if throttle.over_limit(request):
            limited = True
            form.add_error(None, "Too many bookings have been made from this connection. Try again in an hour.")
        else:
            try:
                booking = services.book(session=session, **form.service_arguments())
            except ValidationError as error:
                add_errors(form, error)
            else:
                throttle.count_booking(request)
                return redirect("learning:confirmation", links.token_for(booking, links.MANAGE))
    left = services.places_left(session)
    response = render(
        request,
        "learning/session.html",
        {
            "session": session,
            "form": form,
            "places_left": left,
            "waiting": Booking.objects.filter(session=session, status=Booking.Status.WAITING).count(),
            "open": not session.has_started() and not session.is_cancelled,
            "crumbs": [HOME, TRAINING, (session.name, None)],
        },
    )
    if limited:
        response.status_code = 429
    return response


@require_GET
def confirmation(request, token: str):
    booking = booking_for_token(token, links.MANAGE)
    return render(
        request,
        "learning/confirmation.html",
        {
            "booking": booking,
            "session": booking.session,
            "manage_token": token,
            "crumbs": [HOME, TRAINING, ("Your booking", None)],
        },
    )


@require_http_methods(["GET", "POST"])
def booking(request, token: str):
    """Someone's own booking, opened from the link in their email: see it, cancel it or leave the waiting list."""
    booking = booking_for_token(token, links.MANAGE)
    errors = []
    if request.method == "POST":
        try:
            services.cancel(booking=booking, reason="Cancelled through the link in their email")
        except ValidationError as error:
            errors = error.messages
        else:
            was_waiting = booking.status == Booking.Status.WAITING
            messages.success(
                request,
                "You have left the waiting list."
                if was_waiting
                else "Your booking is cancelled. Thank you for letting us know.",
            )
            return redirect("learning:booking", token)
    position = None
    if booking.status == Booking.Status.WAITING:
        order = list(Booking.objects.filter(session=booking.session).waiting_in_order().values_list("pk", flat=True))
        position = order.index(booking.pk) + 1
    return render(
        request,
        "learning/booking.html",
        {
            "booking": booking,
            "session": booking.session,
            "position": position,
            "errors": errors,
            "can_cancel": booking.status == Booking.Status.WAITING
            or (booking.status == Booking.Status.BOOKED and not booking.session.has_started()),
            "crumbs": [HOME, TRAINING, ("Your booking", None)],
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def feedback(request, token: str):
    """The short feedback form sent to people who came, once they have come."""
    booking = booking_for_token(token, links.FEEDBACK)
    given = SessionFeedback.objects.filter(booking=booking).exists()
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not given and form.is_valid():
        try:
            services.give_feedback(booking=booking, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thank you: your feedback has been sent.")
            return redirect("learning:feedback", token)
    return render(
        request,
        "learning/feedback.html",
        {
            "booking": booking,
            "session": booking.session,
            "form": form,
            "given": given,
            "attended": booking.status == Booking.Status.ATTENDED,
            "certificate_url": links.certificate_url(booking, request),
            "crumbs": [HOME, TRAINING, ("Feedback", None)],
        },
    )


@require_GET
def certificate(request, token: str):
    """A certificate of attendance as a PDF, for someone recorded as having attended."""
    booking = booking_for_token(token, links.CERTIFICATE)
    if booking.status != Booking.Status.ATTENDED:
        return render(
            request,
            "learning/no_certificate.html",
            {"booking": booking, "crumbs": [HOME, TRAINING, ("Certificate", None)]},
            status=404,
        )
    response = HttpResponse(certificates.certificate_pdf(booking), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{booking.session.starts_at:%Y-%m-%d}.pdf"'
    return response


@require_GET
def feed(request):
    """Public sessions from the last few months and every one to come, as an iCalendar feed."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    sessions = CourseSession.objects.public().filter(starts_at__gte=since).select_related("course")[:1000]
    response = HttpResponse(ical.calendar_of(sessions, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="training-and-events.ics"'
    return response
