"""The training API: courses and sessions for coordinators, bookings for anyone on public sessions, the bookings
list for coordinators only, cancelling, attendance and the training report."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from engaging.learning import services
from engaging.learning.models import Booking, CourseSession
from tests.api.conftest import assert_error_shape
from tests.learning.conftest import book, make_session, start

pytestmark = pytest.mark.django_db


def session_body(of, **changes) -> dict:
    starts = timezone.now() + timedelta(days=10)
    body = {
        "course": of.pk,
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=3)).isoformat(),
        "venue": "Council House",
        "capacity": 12,
        "is_public": True,
    }
    body.update(changes)
    return body


def person(n=1, **changes) -> dict:
    return {
        "name": f"Person {n}",
        "email": f"p{n}@example.org",
        "role": "volunteer",
        "organisation_name": "Lye Community Project",
        **changes,
    }


@pytest.mark.parametrize(
    ("persona", "status"), [("coordinator", 201), ("officer_council", 403), ("board_member", 403), (None, 401)]
)
def test_only_coordinators_add_courses(world, as_, persona, status):
    response = as_(persona).post("courses", {"title": "Working with Data", "summary": "Counting people fairly."})
    assert response.status_code == status
    if status == 201:
        assert response.json()["title"] == "Working with Data"


def test_a_course_title_used_twice_is_refused_naming_the_title(world, as_, course):
    assert_error_shape(
        as_("coordinator").post("courses", {"title": course.title, "summary": "Again"}), 400, field="title"
    )


@pytest.mark.parametrize(("persona", "status"), [("coordinator", 201), ("officer_council", 403), (None, 401)])
def test_only_coordinators_add_sessions(world, as_, course, persona, status):
    assert as_(persona).post("course-sessions", session_body(course)).status_code == status


def test_a_bad_session_names_each_bad_field(world, as_, course):
    starts = timezone.now() + timedelta(days=3)
    response = as_("coordinator").post(
        "course-sessions",
        session_body(
            course, capacity=0, starts_at=starts.isoformat(), ends_at=(starts - timedelta(hours=1)).isoformat()
        ),
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"capacity", "ends_at"}
    response = as_("coordinator").post("course-sessions", session_body(course, course=999999, starts_at="soon"))
    assert response.status_code == 400 and {e["field"] for e in response.json()["errors"]} >= {"starts_at"}
    response = as_("coordinator").post("course-sessions", session_body(course, course=999999))
    assert {e["field"] for e in response.json()["errors"]} == {"course"}
    assert not CourseSession.objects.exists()


def test_a_network_event_has_topics_and_no_course(world, as_):
    starts = timezone.now() + timedelta(days=30)
    response = as_("coordinator").post(
        "course-sessions",
        {
            "kind": "network_event",
            "title": "Spring network",
            "topics": ["Localism", "Social media"],
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(),
            "capacity": 40,
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["topics"] == ["Localism", "Social media"] and response.json()["course"] is None


def test_anyone_books_a_public_session_and_is_told_booked_or_waiting(world, as_, session):
    anonymous = as_(None)
    first = anonymous.post(
        f"course-sessions/{session.pk}/bookings", person(1, organisation=world.council.pk, organisation_name="")
    )
    assert first.status_code == 201 and first.json()["status"] == "booked"
    anonymous.post(f"course-sessions/{session.pk}/bookings", person(2))
    third = anonymous.post(f"course-sessions/{session.pk}/bookings", person(3))
    assert third.json() == {"id": third.json()["id"], "status": "waiting"}
    assert Booking.objects.get(pk=first.json()["id"]).organisation == world.council


def test_a_second_booking_for_one_email_is_refused_naming_the_email(world, as_, session):
    as_(None).post(f"course-sessions/{session.pk}/bookings", person(1))
    response = as_(None).post(f"course-sessions/{session.pk}/bookings", person(2, email="P1@EXAMPLE.org"))
    assert_error_shape(response, 400, field="email")
    assert Booking.objects.count() == 1


def test_bad_bookings_name_each_bad_field(world, as_, session):
    response = as_(None).post(
        f"course-sessions/{session.pk}/bookings",
        {"name": "", "email": "not-an-email", "role": "boss", "organisation": 0},
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"name", "email", "role", "organisation"}
    response = as_(None).post(f"course-sessions/{session.pk}/bookings", person(1, organisation=999999))
    assert_error_shape(response, 400, field="organisation")


def test_booking_a_started_session_is_refused(world, as_, session):
    start(session)
    assert_error_shape(as_(None).post(f"course-sessions/{session.pk}/bookings", person()), 400)


def test_partners_only_sessions_cannot_be_booked_anonymously(world, as_, course):
    private = make_session(course, is_public=False)
    assert_error_shape(as_(None).post(f"course-sessions/{private.pk}/bookings", person()), 404)
    assert as_("officer_council").post(f"course-sessions/{private.pk}/bookings", person()).status_code == 201


@override_settings(BOOKING_RATE_LIMIT=10)
def test_anonymous_bookings_are_limited_per_address(world, as_, course):
    session = make_session(course, capacity=50)
    for n in range(10):
        assert as_(None).post(f"course-sessions/{session.pk}/bookings", person(n)).status_code == 201
    refused = as_(None).post(f"course-sessions/{session.pk}/bookings", person(11))
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert Booking.objects.count() == 10


@pytest.mark.parametrize(
    ("persona", "status"), [("coordinator", 200), ("officer_council", 403), ("board_member", 403), (None, 401)]
)
def test_only_coordinators_see_who_booked(world, as_, session, persona, status):
    book(session, 1), book(session, 2), book(session, 3)
    response = as_(persona).get(f"course-sessions/{session.pk}/bookings")
    assert response.status_code == status
    if status == 200:
        rows = response.json()
        assert [(r["email"], r["status"], r["waiting_position"]) for r in rows] == [
            ("person1@example.org", "booked", None),
            ("person2@example.org", "booked", None),
            ("person3@example.org", "waiting", 1),
        ]
        assert rows[0]["organisation_name"] == "Netherton Community Centre" and rows[0]["role"] == "volunteer"


def test_the_bookings_list_takes_a_few_queries_however_many_booked(world, as_, course, django_assert_max_num_queries):
    session = make_session(course, capacity=3)
    for n in range(12):
        book(session, n, organisation=world.council if n % 2 else None)
    client = as_("coordinator")
    with django_assert_max_num_queries(12):
        assert len(client.get(f"course-sessions/{session.pk}/bookings").json()) == 12


def test_cancelling_promotes_the_first_person_waiting(world, as_, session):
    first, _, waiting = book(session, 1), book(session, 2), book(session, 3)
    assert as_("officer_council").post(f"bookings/{first.pk}/cancel", {}).status_code == 403
    response = as_("coordinator").post(f"bookings/{first.pk}/cancel", {"reason": "Rang to say they are ill"})
    assert response.json() == {"id": first.pk, "status": "cancelled"}
    assert Booking.objects.get(pk=waiting.pk).status == "booked"
    assert_error_shape(as_("coordinator").post(f"bookings/{first.pk}/cancel", {}), 400)
    assert_error_shape(as_("coordinator").post("bookings/999999/cancel", {}), 404)


def test_attendance_is_refused_before_the_start_and_recorded_after(world, as_, session):
    booking = book(session, 1)
    assert_error_shape(
        as_("coordinator").post(f"bookings/{booking.pk}/attendance", {"attended": True}), 400, field="attended"
    )
    start(session)
    assert as_("officer_council").post(f"bookings/{booking.pk}/attendance", {"attended": True}).status_code == 403
    assert_error_shape(
        as_("coordinator").post(f"bookings/{booking.pk}/attendance", {"attended": "yes"}), 400, field="attended"
    )
    response = as_("coordinator").post(f"bookings/{booking.pk}/attendance", {"attended": True})
    assert response.json()["status"] == "attended"


def test_the_training_report_counts_distinct_people_and_places_in_the_period(world, as_, course):
    early = make_session(course, capacity=10)
    later = make_session(course, capacity=10)
    for session, people in ((early, ["a@x.org", "b@x.org", "elected@x.org"]), (later, ["A@X.org", "c@x.org"])):
        for n, email in enumerate(people):
            role = "elected_member" if email.startswith("elected") else "officer"
            book(session, n, email=email, role=role, organisation=world.council if n == 0 else None)
    start(early, hours_ago=24 * 40)
    start(later, hours_ago=2)
    for booking in Booking.objects.all():
        services.record_attendance(booking=booking, attended=booking.email != "c@x.org", by=world.coordinator)
    report = as_("officer_council").get("training/report").json()
    assert (report["people_trained"], report["places_attended"]) == (3, 4)
    assert report["estimated_saving"] == 4 * report["cost_per_place"] and "£" in report["assumption"]
    assert {r["role"]: r["people"] for r in report["by_role"]}["elected_member"] == 1
    assert report["by_course"] == [{"course": course.title, "course_id": course.pk, "people": 3, "places": 4}]
    recent = (timezone.localdate() - timedelta(days=7)).isoformat()
    narrow = as_("coordinator").get("training/report", **{"from": recent}).json()
    assert (narrow["people_trained"], narrow["places_attended"]) == (1, 1)
    assert_error_shape(as_("coordinator").get("training/report", **{"from": "2025-13-01"}), 400, field="from")
    assert_error_shape(
        as_("coordinator").get("training/report", **{"from": "2025-05-01", "to": "2025-04-01"}), 400, field="to"
    )
    assert_error_shape(as_(None).get("training/report"), 401)


def test_anyone_lists_public_sessions_with_places_left(world, as_, session, course):
    make_session(course, is_public=False)
    book(session, 1)
    items = as_(None).get("course-sessions").json()["items"]
    assert [(i["id"], i["places_left"]) for i in items] == [(session.pk, 1)]
    assert len(as_("officer_council").get("course-sessions").json()["items"]) == 2


def test_the_dashboards_summary_agrees_with_the_full_report_in_two_queries(world, course, django_assert_num_queries):
    from engaging.learning.figures import training_figures, training_summary

    first, second = make_session(course, capacity=10), make_session(course, capacity=10)
    book(first, 0, email="P0@x.org", role="officer"), book(first, 1, role="elected_member")
    book(second, 0, email="p0@X.org", role="officer"), book(second, 2, role="elected_member")
    book(second, 3, role="volunteer")
    start(first), start(second)
    for booking in Booking.objects.all():
        services.record_attendance(booking=booking, attended=booking.role != "volunteer", by=world.coordinator)
    full = training_figures()
    with django_assert_num_queries(2):
        summary = training_summary()
    assert (
        (summary.people_trained, summary.places_attended, summary.elected_members, summary.no_shows)
        == (
            full.people_trained,
            full.places_attended,
            full.elected_members,
            full.no_shows,
        )
        == (3, 4, 2, 1)
    )


def test_the_local_account_counts_the_years_training(world, course):
    from engaging.reports.local_account import gather

    session = make_session(course, capacity=5)
    book(session, 1, role="elected_member")
    start(session)
    services.record_attendance(booking=Booking.objects.get(), attended=True, by=world.coordinator)
    training = gather(session.starts_at.year).training
    assert (training.people_trained, training.places_attended, training.elected_members) == (1, 1, 1)
    assert training.estimated_saving == training.cost_per_place


def test_more_places_through_the_api_go_to_those_waiting(world, as_, session):
    people = [book(session, n) for n in range(4)]
    assert as_("officer_council").patch(f"course-sessions/{session.pk}", {"capacity": 3}).status_code == 403
    assert_error_shape(
        as_("coordinator").patch(f"course-sessions/{session.pk}", {"capacity": 1}), 400, field="capacity"
    )
    response = as_("coordinator").patch(f"course-sessions/{session.pk}", {"capacity": 3})
    assert response.status_code == 200 and response.json()["places_left"] == 0
    assert [Booking.objects.get(pk=p.pk).status for p in people] == ["booked", "booked", "booked", "waiting"]
    assert_error_shape(as_("coordinator").patch("course-sessions/999999", {"capacity": 3}), 404)
