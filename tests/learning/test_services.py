"""The booking rules: places, the waiting list, the one promotion rule, cancelling, removing and attendance."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from engaging.learning import services
from engaging.learning.models import Booking, BookingChange
from tests.learning.conftest import book, make_session, start

pytestmark = pytest.mark.django_db


def statuses(session) -> list[tuple[str, str]]:
    return list(Booking.objects.filter(session=session).order_by("pk").values_list("name", "status"))


def test_people_are_booked_while_places_remain_and_wait_after(session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            book(session, n)
    assert statuses(session) == [
        ("Person 0", "booked"),
        ("Person 1", "booked"),
        ("Person 2", "waiting"),
        ("Person 3", "waiting"),
    ]
    assert [b.waiting_order for b in Booking.objects.waiting_in_order()] == [1, 2]
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["You are booked"] * 2 + [
        "You are on the waiting list"
    ] * 2
    (name, content, kind) = mail.outbox[0].attachments[0]
    assert name == "session.ics" and kind == "text/calendar" and "BEGIN:VEVENT" in str(content)
    assert not mail.outbox[2].attachments, "someone waiting has no place to put in their calendar yet"


def test_one_booking_per_email_whatever_its_capitals(session):
    book(session, email="Sam.Jones@Example.org")
    with pytest.raises(ValidationError) as refused:
        book(session, 2, email="  sam.jones@example.ORG ")
    assert "already has a booking" in refused.value.message_dict["email"][0]
    assert Booking.objects.count() == 1


def test_the_database_refuses_a_second_live_booking_for_one_email_too(session):
    book(session, email="sam@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(session=session, name="Sam", email="SAM@example.org", role="other", status="booked")


def test_someone_who_cancelled_may_book_again(session):
    first = book(session, email="sam@example.org")
    services.cancel(booking=first)
    again = book(session, email="sam@example.org")
    assert again.status == "booked"


def test_a_cancelled_place_goes_to_the_first_person_waiting_and_they_are_told(
    session, django_capture_on_commit_callbacks
):
    first, _, waiting_1, waiting_2 = (book(session, n) for n in range(4))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel(booking=first)
    assert promoted == [waiting_1]
    assert statuses(session)[0] == ("Person 0", "cancelled")
    assert Booking.objects.get(pk=waiting_1.pk).status == "booked"
    assert Booking.objects.get(pk=waiting_2.pk).status == "waiting"
    assert [m.to for m in mail.outbox] == [[waiting_1.email]] and "A place is yours" in mail.outbox[0].subject
    change = BookingChange.objects.get(booking=waiting_1, kind="promoted")
    assert change.reason == "A place freed when Person 0 cancelled"


def test_leaving_the_waiting_list_frees_no_place(session):
    book(session, 0), book(session, 1)
    waiting = book(session, 2)
    assert services.cancel(booking=waiting) == []
    assert Booking.objects.filter(session=session, status="booked").count() == 2


def test_a_larger_capacity_books_those_waiting_in_order(session, world):
    people = [book(session, n) for n in range(5)]
    _, promoted = services.save_session(session=session, capacity=4, by=world.coordinator)
    assert promoted == people[2:4]
    assert BookingChange.objects.get(booking=people[2], kind="promoted").by == world.coordinator
    assert Booking.objects.get(pk=people[4].pk).status == "waiting"


def test_capacity_cannot_drop_below_the_places_taken(session, world):
    book(session, 0), book(session, 1)
    with pytest.raises(ValidationError) as refused:
        services.save_session(session=session, capacity=1, by=world.coordinator)
    assert "2 places are taken" in refused.value.message_dict["capacity"][0]


def test_a_coordinator_removing_someone_gives_their_place_on_and_says_why(session, world):
    booked, _, waiting = book(session, 0), book(session, 1), book(session, 2)
    with pytest.raises(ValidationError):
        services.remove(booking=booked, by=world.coordinator, reason=" ")
    assert services.remove(booking=booked, by=world.coordinator, reason="Booked twice under two emails") == [waiting]
    removal = BookingChange.objects.get(booking=booked, kind="removed")
    assert (removal.by, removal.reason) == (world.coordinator, "Booked twice under two emails")


def test_nobody_is_promoted_once_the_session_has_started(session, world):
    booked, _, waiting = book(session, 0), book(session, 1), book(session, 2)
    start(session)
    assert services.remove(booking=booked, by=world.coordinator, reason="Did not arrive") == []
    assert Booking.objects.get(pk=waiting.pk).status == "waiting"
    services.save_session(session=session, capacity=10, by=world.coordinator)
    assert Booking.objects.get(pk=waiting.pk).status == "waiting"


def test_bookings_close_when_the_session_starts(session):
    start(session, hours_ago=0.01)
    with pytest.raises(ValidationError, match="closed when it started"):
        book(session)
    assert not Booking.objects.exists()


def test_a_booked_place_cannot_be_cancelled_after_the_start_but_the_waiting_list_can_be_left(session):
    booked, _, waiting = book(session, 0), book(session, 1), book(session, 2)
    start(session)
    with pytest.raises(ValidationError, match="has started"):
        services.cancel(booking=booked)
    services.cancel(booking=waiting)
    assert Booking.objects.get(pk=waiting.pk).status == "cancelled"


def test_a_change_of_order_in_the_waiting_list_is_recorded_with_who_and_why(session, world):
    book(session, 0), book(session, 1)
    waiting = [book(session, n) for n in range(2, 5)]
    services.move_in_waiting_list(booking=waiting[2], position=1, by=world.coordinator, reason="Missed the last one")
    assert list(Booking.objects.waiting_in_order()) == [waiting[2], waiting[0], waiting[1]]
    moved = BookingChange.objects.get(kind="moved")
    assert (moved.booking, moved.by, moved.reason) == (
        waiting[2],
        world.coordinator,
        "To position 1: Missed the last one",
    )
    with pytest.raises(ValidationError):
        services.move_in_waiting_list(booking=waiting[0], position=9, by=world.coordinator, reason="x")
    # The next place goes to the person now first.
    services.cancel(booking=Booking.objects.filter(status="booked").first())
    assert Booking.objects.get(pk=waiting[2].pk).status == "booked"


def test_attendance_is_recorded_only_once_the_session_has_started_and_for_those_with_a_place(session, world):
    booked, _, waiting = book(session, 0), book(session, 1), book(session, 2)
    with pytest.raises(ValidationError, match="once the session has started"):
        services.record_attendance(booking=booked, attended=True, by=world.coordinator)
    start(session)
    assert services.record_attendance(booking=booked, attended=True, by=world.coordinator).status == "attended"
    assert services.record_attendance(booking=booked, attended=False, by=world.coordinator).status == "no_show"
    with pytest.raises(ValidationError):
        services.record_attendance(booking=waiting, attended=True, by=world.coordinator)


def test_feedback_only_from_people_who_attended_and_only_once(session, world):
    came, stayed_away = book(session, 0), book(session, 1)
    start(session)
    services.record_attendance(booking=came, attended=True, by=world.coordinator)
    services.record_attendance(booking=stayed_away, attended=False, by=world.coordinator)
    came.refresh_from_db(), stayed_away.refresh_from_db()
    services.give_feedback(booking=came, useful=5, confident=4, comment="Clear and practical")
    with pytest.raises(ValidationError, match="already"):
        services.give_feedback(booking=came, useful=1, confident=1)
    with pytest.raises(ValidationError, match="only of people who came"):
        services.give_feedback(booking=stayed_away, useful=3, confident=3)


def test_a_session_needs_an_end_after_its_start_and_a_place(course):
    from datetime import timedelta

    from django.utils import timezone

    starts = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        services.save_session(course=course, kind="training", starts_at=starts, ends_at=starts, capacity=0)
    assert set(refused.value.message_dict) == {"ends_at", "capacity"}


def test_a_network_event_needs_a_title_not_a_course(db):
    event = make_session(
        kind="network_event", title="Spring network: the Localism Act", topics="Localism\n\nSocial media"
    )
    assert event.name == "Spring network: the Localism Act" and event.topic_list == ["Localism", "Social media"]


def test_a_place_given_on_after_a_cancellation_by_link_is_recorded_as_automatic(session):
    first, _, waiting = book(session, 0), book(session, 1), book(session, 2)
    services.cancel(booking=first, reason="Cancelled through the link in their email")
    assert BookingChange.objects.get(booking=waiting, kind="promoted").who == "Automatically"
    assert BookingChange.objects.get(booking=first, kind="cancelled").who == "The person who booked"
