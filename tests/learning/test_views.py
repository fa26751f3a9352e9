"""The training pages: the public list and booking form, the pages a signed link opens, and the coordinators'."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from engaging.learning import links, services
from engaging.learning.models import Booking, BookingChange, CourseSession
from tests.learning.conftest import book, make_session, start

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Sam Jones",
    "email": "sam@example.org",
    "role": "volunteer",
    "organisation_name": "Lye Community Project",
}


def test_the_public_list_shows_upcoming_public_sessions_with_places_left_in_few_queries(
    client, course, django_assert_max_num_queries
):
    sessions = [make_session(course, days=n + 1, capacity=3) for n in range(6)]
    make_session(course, is_public=False, title="Hidden")
    make_session(course, days=-2)
    book(sessions[0], 1), book(sessions[0], 2)
    with django_assert_max_num_queries(8):
        response = client.get("/training/")
    html = response.content.decode()
    assert html.count('href="/training/sessions/') == 6
    assert "1 place left" in html and "3 places left" in html


def test_someone_books_without_an_account_and_gets_an_email_with_a_calendar_and_a_link(
    client, session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/training/sessions/{session.pk}/", FORM)
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"].startswith("/training/bookings/")
    assert booking.status == "booked" and booking.organisation_name == "Lye Community Project"
    (message,) = mail.outbox
    assert links.manage_url(booking).split("/training/")[1] in message.body
    assert message.attachments[0][0] == "session.ics"
    assert "Booking confirmed" in client.get(response["Location"]).content.decode()


def test_bad_booking_details_are_shown_on_the_form_and_nothing_is_booked(client, session):
    response = client.post(f"/training/sessions/{session.pk}/", {**FORM, "email": "nope", "role": "king"})
    html = response.content.decode()
    assert response.status_code == 200 and "Enter an email address like name@example.org" in html
    assert "govuk-error-summary" in html and 'href="#id_email"' in html
    assert not Booking.objects.exists()


def test_a_second_booking_for_the_same_email_is_refused_on_the_form(client, session):
    book(session, email="SAM@example.org")
    response = client.post(f"/training/sessions/{session.pk}/", FORM)
    assert "already has a booking" in response.content.decode()
    assert Booking.objects.count() == 1


@override_settings(BOOKING_RATE_LIMIT=2)
def test_booking_is_limited_per_address(client, course):
    session = make_session(course, capacity=10)
    for n in range(2):
        assert (
            client.post(f"/training/sessions/{session.pk}/", {**FORM, "email": f"p{n}@example.org"}).status_code == 302
        )
    assert client.post(f"/training/sessions/{session.pk}/", {**FORM, "email": "p9@example.org"}).status_code == 429
    assert Booking.objects.count() == 2


def test_a_started_session_takes_no_bookings_and_a_partners_only_one_is_hidden(client, session, course):
    start(session)
    assert "bookings have closed" in client.get(f"/training/sessions/{session.pk}/").content.decode()
    client.post(f"/training/sessions/{session.pk}/", FORM)
    assert not Booking.objects.exists()
    assert client.get(f"/training/sessions/{make_session(course, is_public=False).pk}/").status_code == 404


def test_the_signed_link_cancels_and_gives_the_place_on(client, session):
    first, _, waiting = book(session, 1), book(session, 2), book(session, 3)
    url = f"/training/bookings/{links.token_for(first, links.MANAGE)}/"
    assert "Cancel your place" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert Booking.objects.get(pk=first.pk).status == "cancelled"
    assert Booking.objects.get(pk=waiting.pk).status == "booked"
    waiting_url = f"/training/bookings/{links.token_for(waiting, links.MANAGE)}/"
    assert "booked" in client.get(waiting_url).content.decode()


def test_an_altered_or_borrowed_link_opens_nothing(client, session):
    booking = book(session)
    token = links.token_for(booking, links.MANAGE)
    assert client.get(f"/training/bookings/{token[:-2]}xx/").status_code == 404
    assert client.get(f"/training/bookings/{links.token_for(booking, links.FEEDBACK)}/").status_code == 404
    assert client.post(f"/training/bookings/{token[:-2]}xx/").status_code == 404
    assert Booking.objects.get().status == "booked"


@pytest.mark.parametrize(
    "path",
    [
        "/training/manage/",
        "/training/manage/courses/new/",
        "/training/manage/sessions/new/",
        "/training/manage/sessions/{pk}/",
        "/training/manage/sessions/{pk}/edit/",
        "/training/manage/sessions/{pk}/register/",
    ],
)
def test_only_coordinators_open_the_coordinators_pages(client, world, session, path):
    path = path.format(pk=session.pk)
    assert client.get(path).status_code == 302  # to sign in
    for persona, status in ((world.officer_council, 403), (world.board_member, 403), (world.coordinator, 200)):
        client.force_login(persona)
        assert client.get(path).status_code == status, persona


def test_a_missing_session_is_404(client, world):
    client.force_login(world.coordinator)
    assert client.get("/training/manage/sessions/999999/").status_code == 404
    assert client.get("/training/sessions/999999/").status_code == 404


def test_the_bookings_page_shows_waiting_positions_in_few_queries(
    client, world, session, django_assert_max_num_queries
):
    for n in range(8):
        book(session, n)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(14):
        html = client.get(f"/training/manage/sessions/{session.pk}/").content.decode()
    assert html.count("person") >= 8 and "Person 7" in html


def test_a_larger_capacity_on_the_edit_page_gives_places_to_those_waiting(client, world, session):
    # From 10 in the morning to 1, so that the session ends on the day it starts whatever the time of the run.
    starts = timezone.localtime(session.starts_at).replace(hour=10, minute=0, second=0, microsecond=0)
    CourseSession.objects.filter(pk=session.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=3))
    session.refresh_from_db()
    people = [book(session, n) for n in range(4)]
    client.force_login(world.coordinator)
    form = client.get(f"/training/manage/sessions/{session.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if k != "day" and v is not None}
    day = form.initial["day"]
    data.update(
        {"day_day": day.day, "day_month": day.month, "day_year": day.year, "capacity": 3, "course": session.course_id}
    )
    data["is_public"] = "on"
    response = client.post(f"/training/manage/sessions/{session.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert Booking.objects.get(pk=people[2].pk).status == "booked"
    assert Booking.objects.get(pk=people[3].pk).status == "waiting"


def test_removing_someone_needs_a_reason_and_promotes(client, world, session):
    first, _, waiting = book(session, 1), book(session, 2), book(session, 3)
    client.force_login(world.coordinator)
    refused = client.post(f"/training/manage/bookings/{first.pk}/remove/", {"reason": ""})
    assert "Say why you are removing this booking" in refused.content.decode()
    assert Booking.objects.get(pk=first.pk).status == "booked"
    assert client.post(f"/training/manage/bookings/{first.pk}/remove/", {"reason": "Duplicate"}).status_code == 302
    assert Booking.objects.get(pk=waiting.pk).status == "booked"
    assert BookingChange.objects.get(kind="removed").by == world.coordinator


def test_the_register_opens_only_once_the_session_has_started(client, world, session):
    booking = book(session)
    client.force_login(world.coordinator)
    url = f"/training/manage/sessions/{session.pk}/register/"
    assert "opens when the session starts" in client.get(url).content.decode()
    assert client.post(url, {"booking": booking.pk, "attended": "yes"}).status_code == 400
    start(session)
    assert client.post(url, {"booking": booking.pk, "attended": "yes"}).status_code == 302
    assert Booking.objects.get().status == "attended"
    assert client.post(url, {"booking": "x", "attended": "yes"}).status_code == 400


def test_feedback_and_a_certificate_only_for_those_who_came(client, world, session):
    came, missed = book(session, 1), book(session, 2)
    start(session)
    services.record_attendance(booking=came, attended=True, by=world.coordinator)
    services.record_attendance(booking=missed, attended=False, by=world.coordinator)
    came_url = f"/training/feedback/{links.token_for(came, links.FEEDBACK)}/"
    assert client.post(came_url, {"useful": "9", "confident": "3"}).status_code == 200
    assert client.post(came_url, {"useful": "5", "confident": "4", "comment": "Great"}).status_code == 302
    assert came.feedback.useful == 5
    missed_url = f"/training/feedback/{links.token_for(missed, links.FEEDBACK)}/"
    client.post(missed_url, {"useful": "5", "confident": "4"})
    assert not hasattr(Booking.objects.get(pk=missed.pk), "feedback") or not Booking.objects.get(pk=missed.pk).feedback
    pdf = client.get(f"/training/certificate/{links.token_for(came, links.CERTIFICATE)}/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(f"/training/certificate/{links.token_for(missed, links.CERTIFICATE)}/").status_code == 404


def test_the_public_feed_lists_public_sessions(client, session, course):
    make_session(course, is_public=False)
    response = client.get("/training/sessions.ics")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.count("BEGIN:VEVENT") == 1 and f"course-session-{session.pk}@" in body


def test_the_report_is_for_partners_only(client, world):
    assert client.get("/training/report/").status_code == 302
    client.force_login(world.officer_council)
    assert "People trained" in client.get("/training/report/").content.decode()
    assert (
        client.get("/training/report/", {"start_day": "40", "start_month": "1", "start_year": "2025"}).status_code
        == 400
    )


def test_the_menu_marks_the_coordinators_calendar_not_the_public_training_pages(client, world, session):
    """Coordinators' training pages are a section of their own, so "Public pages" is not shown as current."""
    client.force_login(world.coordinator)
    page = client.get("/training/manage/").content.decode()
    assert re.search(r'href="/training/manage/"\s+aria-current="true"', page)
    assert "et-more govuk-service-navigation__item--active" not in page
    public = client.get("/training/").content.decode()
    assert "et-more govuk-service-navigation__item--active" in public
    assert not re.search(r'href="/training/manage/"\s+aria-current="true"', public)
