"""Reminders before a session and feedback requests after it: each sent once, feedback only to those who came."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from engaging.learning import services
from tests.learning.conftest import book, make_session, start

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("send_training_emails", *args, stdout=out)
    return out.getvalue()


def test_reminders_go_once_to_people_with_a_place_on_sessions_starting_soon(course):
    soon, later = make_session(course, days=1), make_session(course, days=10)
    booked, _ = book(soon, 1), book(later, 2)
    make_session(course, days=1, capacity=1)
    full = make_session(course, days=1.5, capacity=1)
    book(full, 3), book(full, 4)  # the second waits: no reminder for a place they do not have
    mail.outbox.clear()
    assert "Sent 2 reminders" in run("--days", "2")
    assert sorted(m.to[0] for m in mail.outbox) == [booked.email, "person3@example.org"]
    assert all(m.subject.startswith("Reminder") and m.attachments for m in mail.outbox)
    assert "Sent 0 reminders" in run("--days", "2")
    assert len(mail.outbox) == 2


def test_feedback_is_asked_once_and_only_of_those_who_came(world, course):
    session = make_session(course)
    came, missed = book(session, 1), book(session, 2)
    start(session, hours_ago=5)  # started five hours ago and lasted four
    services.record_attendance(booking=came, attended=True, by=world.coordinator)
    services.record_attendance(booking=missed, attended=False, by=world.coordinator)
    mail.outbox.clear()
    assert "1 feedback request" in run()
    (message,) = mail.outbox
    assert (
        message.to == [came.email]
        and "/training/feedback/" in message.body
        and "/training/certificate/" in message.body
    )
    run()
    assert len(mail.outbox) == 1
