"""The emails sent to people who book: confirmation (with the session as an .ics file), a place given from the
waiting list, a reminder, the session cancelled, and the request for feedback afterwards. Each says in plain words
what happens next and carries the signed link that lets them act without an account."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from engaging.core.addresses import absolute_url
from engaging.learning import ical, links


def _send(booking, subject: str, template: str, *, attach_calendar: bool = False, **extra) -> None:
    context = {
        "booking": booking,
        "session": booking.session,
        "starts": timezone.localtime(booking.session.starts_at),
        "ends": timezone.localtime(booking.session.ends_at),
        "manage_url": links.manage_url(booking),
        "service": settings.SERVICE_NAME,
        **extra,
    }
    message = EmailMessage(
        subject=f"{subject}: {booking.session.name}",
        body=render_to_string(template, context),
        to=[booking.email],
    )
    if attach_calendar:
        message.attach("session.ics", ical.calendar_of([booking.session]), "text/calendar")
    message.send()


def send_confirmation(booking) -> None:
    """Booked or waiting: what they have, and the link to cancel or leave the list."""
    subject = "You are booked" if booking.status == booking.Status.BOOKED else "You are on the waiting list"
    _send(booking, subject, "learning/email_confirmation.txt", attach_calendar=booking.status == booking.Status.BOOKED)


def send_promoted(booking) -> None:
    _send(booking, "A place is yours", "learning/email_promoted.txt", attach_calendar=True)


def send_reminder(booking) -> None:
    _send(booking, "Reminder", "learning/email_reminder.txt", attach_calendar=True)


def send_session_cancelled(booking, *, reason: str, was_waiting: bool) -> None:
    _send(booking, "Cancelled", "learning/email_cancelled.txt", reason=reason, was_waiting=was_waiting,
          training_url=absolute_url(reverse("learning:index")))  # fmt: skip


def send_feedback_request(booking) -> None:
    _send(
        booking,
        "How was it?",
        "learning/email_feedback.txt",
        feedback_url=links.feedback_url(booking),
        certificate_url=links.certificate_url(booking),
    )
