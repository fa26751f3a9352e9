"""A coordinator cancels a whole session before it starts: everyone booked or waiting is told why, once."""

import pytest

from engaging.learning import services
from engaging.learning.models import Booking, BookingChange, CourseSession
from tests.learning.conftest import book, start

pytestmark = pytest.mark.django_db


def test_a_coordinator_cancels_a_session_and_everyone_booked_or_waiting_is_emailed(
    client, world, session, mailoutbox, django_capture_on_commit_callbacks
):
    first, second, third = book(session, 1), book(session, 2), book(session, 3)  # two places, one waiting
    gone = book(session, 4)
    services.cancel(booking=gone)  # already cancelled: not told again
    mailoutbox.clear()
    client.force_login(world.coordinator)
    page = client.get(f"/training/manage/sessions/{session.pk}/").content.decode()
    assert f'href="/training/manage/sessions/{session.pk}/cancel/"' in page
    form = client.get(f"/training/manage/sessions/{session.pk}/cancel/").content.decode()
    assert "2 people have a place and 1 is waiting." in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/training/manage/sessions/{session.pk}/cancel/", {"reason": "The trainer is ill."}, follow=True
        )
    assert "is cancelled. 3 people booked or waiting have been emailed." in response.content.decode()
    session.refresh_from_db()
    assert session.is_cancelled
    assert {b.pk: b.status for b in Booking.objects.filter(session=session)} == {
        first.pk: "cancelled", second.pk: "cancelled", third.pk: "cancelled", gone.pk: "cancelled"
    }  # fmt: skip
    assert sorted(m.to[0] for m in mailoutbox) == ["person1@example.org", "person2@example.org", "person3@example.org"]
    waiting_mail = next(m for m in mailoutbox if m.to == ["person3@example.org"])
    assert "your place on the waiting list has been cancelled" in waiting_mail.body
    assert "Why: The trainer is ill." in waiting_mail.body and "/training/" in waiting_mail.body
    assert "your booking has been cancelled" in mailoutbox[0].body
    reasons = set(BookingChange.objects.filter(booking=first).values_list("reason", flat=True))
    assert "The session was cancelled: The trainer is ill." in reasons
    # It leaves the public list, and cannot be cancelled twice.
    assert session not in CourseSession.objects.public()
    cancelled = client.get(f"/training/manage/sessions/{session.pk}/").content.decode()
    assert "Cancelled</strong>" in cancelled and f"/training/manage/sessions/{session.pk}/register/" not in cancelled
    assert client.get("/training/").content.decode().count(f"/training/sessions/{session.pk}/") == 0
    again = client.post(f"/training/manage/sessions/{session.pk}/cancel/", {"reason": "Again"})
    assert "This session was cancelled on" in again.content.decode()
    assert len(mailoutbox) == 3


def test_a_reason_is_needed_and_nothing_changes_without_one(client, world, session, mailoutbox):
    book(session, 1)
    mailoutbox.clear()
    client.force_login(world.coordinator)
    response = client.post(f"/training/manage/sessions/{session.pk}/cancel/", {"reason": "  "})
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_reason"' in page and "Say why the session is cancelled" in page
    session.refresh_from_db()
    assert not session.is_cancelled and Booking.objects.get().status == "booked" and not mailoutbox


def test_a_session_that_has_started_cannot_be_cancelled(client, world, session):
    book(session, 1)
    start(session)
    client.force_login(world.coordinator)
    assert (
        "can no longer be cancelled" in client.get(f"/training/manage/sessions/{session.pk}/cancel/").content.decode()
    )
    page = client.post(f"/training/manage/sessions/{session.pk}/cancel/", {"reason": "Too late"}).content.decode()
    assert "can no longer be cancelled" in page
    session.refresh_from_db()
    assert not session.is_cancelled and Booking.objects.get().status == "booked"


def test_only_coordinators_cancel_sessions(client, world, session):
    for persona in ("officer_council", "board_member"):
        client.force_login(getattr(world, persona))
        assert client.post(f"/training/manage/sessions/{session.pk}/cancel/", {"reason": "No"}).status_code == 403
    client.force_login(world.coordinator)
    assert client.get("/training/manage/sessions/999999/cancel/").status_code == 404
    session.refresh_from_db()
    assert not session.is_cancelled
