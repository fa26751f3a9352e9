"""Finding sessions and bookings for a page or the API: 404 for what does not exist or is not the visitor's."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from engaging.accounts.access import roles_for
from engaging.learning import links
from engaging.learning.models import Booking, CourseSession


def session_for_visitor(user, pk: int) -> CourseSession:
    """A session this visitor may see: public ones for anyone, partners-only ones for people with a role."""
    sessions = CourseSession.objects.select_related("course")
    if not roles_for(user).internal:
        sessions = sessions.public()
    return get_object_or_404(sessions, pk=pk)


def booking_for_token(token: str, purpose: str) -> Booking:
    """The booking a signed link was made for; 404 for a link that was altered or made for something else."""
    pk = links.booking_id(token, purpose)
    if pk is None:
        raise Http404("This link is not valid")
    return get_object_or_404(Booking.objects.select_related("session__course", "organisation"), pk=pk)
