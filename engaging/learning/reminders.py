"""Emails sent on a timetable: reminders before a session, and the feedback request after it.

Each booking is claimed before its email is sent (its `reminded_at` or `feedback_asked_at` is set only where it
was still empty), so running the command twice, even at the same moment, never sends one person the same email
twice.
"""

from datetime import timedelta

from django.utils import timezone

from engaging.learning import emails
from engaging.learning.models import Booking


def due_reminders(days: int, now=None):
    """People with a place on a session starting within `days` days, not yet reminded."""
    now = now or timezone.now()
    return Booking.objects.filter(
        status=Booking.Status.BOOKED,
        reminded_at__isnull=True,
        session__cancelled_at__isnull=True,
        session__starts_at__gt=now,
        session__starts_at__lte=now + timedelta(days=days),
    ).select_related("session__course")


def due_feedback_requests(now=None, *, within_days: int = 30):
    """People recorded as having attended a session that has ended (in the last `within_days` days), not yet asked
    for feedback. Nobody who did not come is ever asked."""
    now = now or timezone.now()
    return Booking.objects.filter(
        status=Booking.Status.ATTENDED,
        feedback_asked_at__isnull=True,
        session__ends_at__lte=now,
        session__ends_at__gt=now - timedelta(days=within_days),
    ).select_related("session__course")


def _claim_and_send(bookings, field: str, send) -> int:
    sent = 0
    for booking in bookings:
        claimed = Booking.objects.filter(pk=booking.pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()})
        if claimed:
            send(booking)
            sent += 1
    return sent


def send_reminders(days: int) -> int:
    return _claim_and_send(list(due_reminders(days)), "reminded_at", emails.send_reminder)


def send_feedback_requests() -> int:
    return _claim_and_send(list(due_feedback_requests()), "feedback_asked_at", emails.send_feedback_request)
