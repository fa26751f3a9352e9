"""Courses, sessions and bookings for the training tests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from engaging.learning import services
from engaging.learning.models import Booking, Course, CourseSession
from tests.api.conftest import as_, tokens  # noqa: F401  (the API tests' fixtures, one client per persona)


def make_course(title: str = "Understanding Engagement", **fields) -> Course:
    fields.setdefault("summary", "What engagement is, and how to choose the right kind for the decision.")
    return Course.objects.create(title=title, **fields)


def make_session(course=None, *, days: float = 14, hours: float = 3, capacity: int = 5, **fields) -> CourseSession:
    """A session starting `days` from now (negative: in the past), lasting `hours`."""
    starts = timezone.now() + timedelta(days=days)
    if fields.get("kind") != CourseSession.Kind.NETWORK_EVENT and course is None:
        course = Course.objects.first() or make_course()
    fields.setdefault("venue", "Council House, Dudley")
    return CourseSession.objects.create(
        course=course, starts_at=starts, ends_at=starts + timedelta(hours=hours), capacity=capacity, **fields
    )


def book(session, n: int | str = 1, **fields) -> Booking:
    """Book through the service, as a page would, before the session starts."""
    fields.setdefault("name", f"Person {n}")
    fields.setdefault("email", f"person{n}@example.org")
    fields.setdefault("role", Booking.Role.VOLUNTEER)
    fields.setdefault("organisation_name", "Netherton Community Centre")
    return services.book(session=session, **fields)


def start(session, *, hours_ago: float = 1) -> None:
    """Move a session so it started `hours_ago` (and has not ended)."""
    starts = timezone.now() - timedelta(hours=hours_ago)
    CourseSession.objects.filter(pk=session.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=4))
    session.refresh_from_db()


@pytest.fixture
def course(db):
    return make_course()


@pytest.fixture
def session(course):
    return make_session(course, capacity=2)
