"""The coordinators' pages: courses, sessions, each session's bookings and waiting list, and its register."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from engaging.accounts.access import permission_required
from engaging.core.forms import add_errors
from engaging.core.kept import kept_view, page_of
from engaging.learning import services
from engaging.learning.forms import CancelSessionForm, CourseForm, MoveForm, RemoveForm, SessionForm
from engaging.learning.models import Booking, BookingChange, Course, CourseSession

HOME = ("Home", "/")
MANAGE = ("Training calendar", "/training/manage/")
PAGE_SIZE = 25

coordinators_only = permission_required("learning.manage_training")


def next_start(request):
    """When the next session starts: until then, what has started and what is to come stay as they are. Kept
    pages that split sessions by the time of day depend on it (read on every request, one row)."""
    return CourseSession.objects.upcoming().values_list("starts_at", flat=True).first()


def _session(pk: int) -> CourseSession:
    return get_object_or_404(CourseSession.objects.select_related("course"), pk=pk)


def _places(sessions) -> list:
    sessions = list(sessions)
    for session in sessions:
        session.places_left = max(0, session.capacity - session.places_taken)
    return sessions


@coordinators_only
@kept_view(params=("page",), more=next_start)
def index(request):
    """Sessions to come and those past (a page at a time), with places taken and people waiting; the courses."""
    now = timezone.now()
    annotated = CourseSession.objects.with_places_taken().select_related("course")
    past = page_of(Paginator(annotated.filter(starts_at__lte=now).order_by("-starts_at", "-pk"), PAGE_SIZE), request)
    return render(
        request,
        "learning/manage.html",
        {
            "upcoming": _places(annotated.filter(starts_at__gt=now).order_by("starts_at", "pk")[:200]),
            "past": _places(past.object_list),
            "page_obj": past,
            "courses": list(Course.objects.all()),
            "crumbs": [HOME, ("Training calendar", None)],
        },
    )


def _course_page(request, form, course=None):
    title = f"Edit “{course.title}”" if course else "Add a course"
    return render(
        request,
        "learning/course_form.html",
        {"form": form, "course": course, "title": title, "crumbs": [HOME, MANAGE, (title, None)]},
    )


@coordinators_only
@require_http_methods(["GET", "POST"])
def course_create(request):
    form = CourseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        course = services.save_course(by=request.user, **form.cleaned_data)
        messages.success(request, f"“{course.title}” has been added.")
        return redirect("training:manage")
    return _course_page(request, form)


@coordinators_only
@require_http_methods(["GET", "POST"])
def course_edit(request, pk: int):
    course = get_object_or_404(Course, pk=pk)
    form = CourseForm(request.POST if request.method == "POST" else None, instance=course)
    if request.method == "POST" and form.is_valid():
        services.save_course(course=course, by=request.user, **form.cleaned_data)
        messages.success(request, "Your changes have been saved.")
        return redirect("training:manage")
    return _course_page(request, form, course)


def _session_page(request, form, session=None):
    title = f"Edit {session.name}" if session else "Add a session"
    crumbs = [HOME, MANAGE]
    if session:
        crumbs.append((str(session), f"/training/manage/sessions/{session.pk}/"))
    crumbs.append(("Edit" if session else "Add a session", None))
    return render(
        request,
        "learning/session_form.html",
        {"form": form, "session": session, "title": title, "crumbs": crumbs},
    )


@coordinators_only
@require_http_methods(["GET", "POST"])
def session_create(request):
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session, _ = services.save_session(by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{session} has been added.")
            return redirect("training:session_bookings", session.pk)
    return _session_page(request, form)


@coordinators_only
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int):
    """Change a session; a larger capacity gives its new places to those waiting, in order, at once."""
    session = _session(pk)
    form = SessionForm(request.POST if request.method == "POST" else None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            session, promoted = services.save_session(session=session, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_errors(form, error)
        else:
            given = f" {len(promoted)} people waiting were given a place and told." if promoted else ""
            messages.success(request, f"Your changes have been saved.{given}")
            return redirect("training:session_bookings", session.pk)
    return _session_page(request, form, session)


@coordinators_only
def session_bookings(request, pk: int):
    """Everyone booked or waiting (with their place in line), who cancelled, and what happened, with who and why."""
    session = _session(pk)
    bookings = list(Booking.objects.filter(session=session).select_related("organisation").order_by("created_at", "pk"))
    waiting = [b for b in bookings if b.status == Booking.Status.WAITING]
    waiting.sort(key=lambda b: (b.waiting_order or 0, b.created_at, b.pk))
    for position, booking in enumerate(waiting, start=1):
        booking.position = position
    changes = list(
        BookingChange.objects.filter(booking__session=session)
        .select_related("booking", "by")
        .order_by("-at", "-pk")[:100]
    )
    return render(
        request,
        "learning/session_bookings.html",
        {
            "session": session,
            "places": [b for b in bookings if b.holds_place],
            "waiting": waiting,
            "cancelled": [b for b in bookings if b.status == Booking.Status.CANCELLED],
            "places_left": services.places_left(session),
            "started": session.has_started(),
            "changes": changes,
            "crumbs": [HOME, MANAGE, (str(session), None)],
        },
    )


@coordinators_only
@require_http_methods(["GET", "POST"])
def register(request, pk: int):
    """The register, on a phone: tick who came once the session has started."""
    session = _session(pk)
    started = session.has_started()
    errors = []
    if request.method == "POST":
        if not started:
            errors.append("The register opens when the session starts.")
        else:
            booking = (
                Booking.objects.filter(session=session, pk=request.POST.get("booking", "")).first()
                if request.POST.get("booking", "").isdigit()
                else None
            )
            attended = request.POST.get("attended")
            if booking is None or attended not in ("yes", "no"):
                errors.append("Choose someone on the register and whether they came.")
            else:
                try:
                    services.record_attendance(booking=booking, attended=attended == "yes", by=request.user)
                except ValidationError as error:
                    errors.extend(error.messages)
                else:
                    word = "came" if attended == "yes" else "did not come"
                    messages.success(request, f"{booking.name} {word}.")
                    return redirect(f"{request.path}#booking-{booking.pk}")
    places = list(
        Booking.objects.filter(session=session).holding_place().select_related("organisation").order_by("name", "pk")
    )
    return render(
        request,
        "learning/register.html",
        {
            "session": session,
            "places": places,
            "started": started,
            "errors": errors,
            "counts": {
                "attended": sum(b.status == Booking.Status.ATTENDED for b in places),
                "no_show": sum(b.status == Booking.Status.NO_SHOW for b in places),
                "unmarked": sum(b.status == Booking.Status.BOOKED for b in places),
            },
            "crumbs": [HOME, MANAGE, (str(session), f"/training/manage/sessions/{session.pk}/"), ("Register", None)],
        },
        status=400 if errors else 200,
    )


@coordinators_only
@require_http_methods(["GET", "POST"])
def cancel_session(request, pk: int):
    """Cancel a whole session before it starts, saying why; everyone booked or waiting is told by email."""
    session = _session(pk)
    form = CancelSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            told = services.cancel_session(session=session, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            people = f"{len(told)} {'person' if len(told) == 1 else 'people'} booked or waiting"
            messages.success(request, f"{session.name} is cancelled. {people} have been emailed." if told
                             else f"{session.name} is cancelled. Nobody had booked.")  # fmt: skip
            return redirect("training:session_bookings", session.pk)
    booked = Booking.objects.filter(session=session)
    return render(
        request,
        "learning/cancel_session.html",
        {
            "form": form,
            "session": session,
            "booked": booked.holding_place().count(),
            "waiting": booked.filter(status=Booking.Status.WAITING).count(),
            "started": session.has_started(),
            "crumbs": [HOME, MANAGE, (str(session), f"/training/manage/sessions/{session.pk}/"), ("Cancel", None)],
        },
    )


def _booking(pk: int) -> Booking:
    return get_object_or_404(Booking.objects.select_related("session__course"), pk=pk)


@coordinators_only
@require_http_methods(["GET", "POST"])
def remove(request, pk: int):
    """Take someone off a session, saying why; their place goes to the first person waiting."""
    booking = _booking(pk)
    form = RemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            promoted = services.remove(booking=booking, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            given = f" {promoted[0].name} was given the place and told." if promoted else ""
            messages.success(request, f"{booking.name} has been removed.{given}")
            return redirect("training:session_bookings", booking.session_id)
    return _booking_form(request, "learning/remove.html", form, booking, "Remove")


@coordinators_only
@require_http_methods(["GET", "POST"])
def move(request, pk: int):
    """Change someone's place in the waiting list, saying why."""
    booking = _booking(pk)
    form = MoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_in_waiting_list(booking=booking, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"{booking.name} is now number {form.cleaned_data['position']} in the waiting list."
            )
            return redirect("training:session_bookings", booking.session_id)
    return _booking_form(request, "learning/move.html", form, booking, "Move in the waiting list")


def _booking_form(request, template: str, form, booking: Booking, action: str):
    session = booking.session
    return render(
        request,
        template,
        {
            "form": form,
            "booking": booking,
            "session": session,
            "crumbs": [HOME, MANAGE, (str(session), f"/training/manage/sessions/{session.pk}/"), (action, None)],
        },
    )
