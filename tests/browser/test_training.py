"""Training in a real browser: a volunteer books on a phone, a coordinator takes the register on a phone, and
every training page passes axe."""

import pytest
from playwright.sync_api import expect

from engaging.learning import links, services
from engaging.learning.models import Booking
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit
from tests.learning.conftest import book, make_course, make_session, start

pytestmark = [pytest.mark.browser, skip_without_chromium]

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def training(world):
    course = make_course(length="Half a day", outcomes="Plan a fair consultation")
    open_session = make_session(course, days=10, capacity=2)
    full = make_session(course, days=20, capacity=1)
    book(full, 1)
    make_session(kind="network_event", title="Spring network", topics="Localism\nSocial media", days=30, capacity=40)
    return course, open_session, full


def no_wider_than_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_volunteer_books_a_place_on_a_phone_and_cancels_it(new_page, world, training):
    _, open_session, _ = training
    page = new_page(viewport=PHONE)
    page.goto("/training/")
    no_wider_than_the_screen(page)
    page.get_by_role("link", name="Understanding Engagement").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Understanding Engagement")
    page.get_by_role("button", name="Book a place").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    screenshot(page, "training-booking-errors")
    page.get_by_label("Your name").fill("Jo Volunteer")
    page.get_by_label("Your email address").fill("jo@example.org")
    page.get_by_label("Your organisation, if it is not in the list").fill("Lye Community Project")
    page.get_by_label("Volunteer").check()
    page.get_by_label("Anything you need to take part (optional)").fill("A hearing loop")
    no_wider_than_the_screen(page)
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Booking confirmed")
    screenshot(page, "training-booking-confirmed")
    booking = Booking.objects.get(email="jo@example.org")
    assert (booking.status, booking.access_needs, booking.session) == ("booked", "A hearing loop", open_session)
    page.get_by_role("link", name="see or cancel your booking").click()
    page.get_by_role("button", name="Cancel my place").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your booking is cancelled")
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"


def test_a_coordinator_takes_the_register_on_a_phone(new_page, world, training):
    _, session, _ = training
    came, missed = book(session, 1), book(session, 2)
    start(session)
    page = new_page(user=world.coordinator, viewport=PHONE)
    page.goto(f"/training/manage/sessions/{session.pk}/")
    page.get_by_role("link", name="Take the register").click()
    no_wider_than_the_screen(page)
    page.locator(f"#booking-{came.pk}").get_by_role("button", name="Came").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{came.name} came")
    page.locator(f"#booking-{missed.pk}").get_by_role("button", name="Did not come").click()
    expect(page.locator("#register")).to_have_text("1 came, 1 did not, 0 not marked yet.")
    screenshot(page, "training-register")
    assert dict(Booking.objects.values_list("name", "status")) == {came.name: "attended", missed.name: "no_show"}


def test_every_training_page_passes_axe(new_page, world, training):
    course, open_session, full = training
    booked = book(open_session, 5)
    waiting = book(full, 6)
    past = make_session(course, days=3, capacity=3)
    came = book(past, 7)
    start(past, hours_ago=30)
    services.record_attendance(booking=Booking.objects.get(pk=came.pk), attended=True, by=world.coordinator)

    audit = Audit(new_page(viewport=PHONE))
    audit.visit("training and events", "/training/")
    audit.visit("course", f"/training/courses/{course.pk}/")
    audit.visit("session with places", f"/training/sessions/{open_session.pk}/")
    audit.submit("session, nothing entered", "Book a place", errors=True)
    audit.visit("full session", f"/training/sessions/{full.pk}/")
    audit.visit("started session", f"/training/sessions/{past.pk}/")
    audit.visit("confirmation", f"/training/bookings/{links.token_for(booked, links.MANAGE)}/confirmed/")
    audit.visit("own booking", f"/training/bookings/{links.token_for(booked, links.MANAGE)}/")
    audit.visit("own place in the waiting list", f"/training/bookings/{links.token_for(waiting, links.MANAGE)}/")
    audit.visit("feedback form", f"/training/feedback/{links.token_for(came, links.FEEDBACK)}/")
    audit.submit("feedback, nothing chosen", "Send feedback", errors=True)
    audit.visit("feedback, not attended", f"/training/feedback/{links.token_for(booked, links.FEEDBACK)}/")
    audit.visit("no certificate", f"/training/certificate/{links.token_for(booked, links.CERTIFICATE)}/", status=404)

    audit.page = new_page(user=world.coordinator)
    audit.visit("training calendar", "/training/manage/")
    audit.visit("add a course", "/training/manage/courses/new/")
    audit.submit("add a course, nothing entered", "Save the course", errors=True)
    audit.visit("edit a course", f"/training/manage/courses/{course.pk}/edit/")
    audit.visit("add a session", "/training/manage/sessions/new/")
    audit.submit("add a session, nothing entered", "Save the session", errors=True)
    audit.visit("edit a session", f"/training/manage/sessions/{open_session.pk}/edit/")
    audit.visit("bookings and waiting list", f"/training/manage/sessions/{full.pk}/")
    audit.visit("register before the start", f"/training/manage/sessions/{open_session.pk}/register/")
    audit.visit("register", f"/training/manage/sessions/{past.pk}/register/")
    audit.visit("remove someone", f"/training/manage/bookings/{booked.pk}/remove/")
    audit.submit("remove someone, no reason", "Remove the booking", errors=True)
    audit.visit("move in the waiting list", f"/training/manage/bookings/{waiting.pk}/move/")
    audit.submit("move, nothing entered", "Move", errors=True)
    audit.visit("cancel a session", f"/training/manage/sessions/{full.pk}/cancel/")
    audit.submit("cancel a session, no reason", "Cancel the session", errors=True)
    audit.visit("training report", "/training/report/")
    audit.visit(
        "training report, bad period",
        "/training/report/?start_day=40&start_month=1&start_year=2025",
        status=400,
        errors=True,
    )
    audit.assert_clean()
