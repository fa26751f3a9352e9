"""Ways to take part in an activity, the planning form's dates and public choice, and cancelling with a confirmation."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from engaging.core.date_parts import date_problem
from engaging.evaluation.models import FeedbackLink
from engaging.register.forms import ActivityForm
from engaging.register.models import Activity, Status
from engaging.register.taking_part import NEEDS_A_WAY, phone_digits, phone_href, way_problems
from tests.factories import ActivityFactory
from tests.register.test_pages import form_data

NO_WAYS = {"take_part_email": "", "take_part_place": "", "take_part_times": ""}


# The rule and its checks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "is_public, status, needed",
    [
        (True, Status.PLANNED, True),
        (True, Status.OPEN, True),
        (True, Status.CLOSED, False),
        (True, Status.CANCELLED, False),
        (False, Status.PLANNED, False),
    ],
)
def test_a_way_is_needed_only_while_residents_can_see_and_join_the_activity(is_public, status, needed):
    problems = way_problems({}, is_public=is_public, status=status)
    assert (problems == {"take_part_url": NEEDS_A_WAY}) is needed
    assert way_problems({"take_part_phone": "01632 960 123"}, is_public=is_public, status=status) == {}


def test_a_place_needs_its_times_and_times_need_a_place():
    assert set(way_problems({"take_part_place": "Dudley Library"}, is_public=False, status="planned")) == {
        "take_part_times"
    }
    assert set(way_problems({"take_part_times": "Mondays"}, is_public=False, status="planned")) == {"take_part_place"}


@pytest.mark.parametrize(
    "typed, digits",
    [
        ("01632 960 123", "01632960123"),
        ("01632960123", "01632960123"),
        ("020 7946 0123", "02079460123"),
        ("+44 (0)20 7946 0123", "02079460123"),
        ("+44 1632 960123", "01632960123"),
        ("(01632) 960-123", "01632960123"),
        ("0121 496 0101", "01214960101"),
        ("12345", None),
        ("01632 960", None),
        ("call me", None),
        ("+33 1 23 45 67 89", None),
        ("00 33 1 23 45 67 89", None),
    ],
)
def test_uk_phone_numbers_are_read_whatever_the_spacing(typed, digits):
    assert phone_digits(typed) == digits


def test_a_phone_link_dials_from_anywhere():
    assert phone_href("01632 960 123") == "tel:+441632960123"


def test_the_model_refuses_an_insecure_link_and_a_public_activity_with_no_way(world):
    activity = ActivityFactory.build(lead_organisation=world.council, take_part_url="http://example.org/survey")
    with pytest.raises(ValidationError) as caught:
        activity.full_clean()
    assert "https://" in caught.value.message_dict["take_part_url"][0]
    activity.take_part_url, activity.take_part_email = "", ""
    with pytest.raises(ValidationError) as caught:
        activity.full_clean()
    assert caught.value.message_dict["take_part_url"] == [NEEDS_A_WAY]


# The planning form ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, month, year, message, parts",
    [
        ("", "3", "2026", "The start date must include a day", ("day",)),
        ("", "", "2026", "The start date must include a day and month", ("day", "month")),
        ("31", "2", "2026", "The start date must be a real date", ("day",)),
        ("1", "13", "2026", "The start date must be a real date", ("month",)),
        ("x", "3", "2026", "The start date must be a real date", ("day",)),
        ("1", "3", "26", "Year must include 4 numbers", ("year",)),
        ("1", "3", "1800", "The start date must be between 1900 and 2199", ("year",)),
    ],
)
def test_date_problems_name_the_date_and_the_part(day, month, year, message, parts):
    assert date_problem("the start date", day, month, year) == (message, parts)


def test_a_real_date_has_no_problem():
    assert date_problem("the start date", " 29 ", "2", "2028") is None


def test_a_new_activity_is_not_public_until_the_officer_says(client, world):
    form = ActivityForm(user=world.officer_healthwatch)
    assert form["is_public"].value() is None
    assert Activity._meta.get_field("is_public").default is False
    client.force_login(world.officer_healthwatch)
    page = client.get("/register/new/").content.decode()
    assert 'name="is_public" type="radio" value="True">' in page
    assert 'name="is_public" type="radio" value="False">' in page
    assert "checked" not in page[page.index('id="id_is_public_0"') - 200 : page.index('id="id_is_public_1"') + 200]
    response = client.post("/register/new/", form_data(world, is_public=None))
    assert "Choose whether to show this activity on the public pages" in response.content.decode()
    assert 'href="#id_is_public_0"' in response.content.decode()
    assert not Activity.objects.exists()


def test_the_form_shows_day_month_and_year_boxes_with_the_saved_date(client, world, council_activity):
    client.force_login(world.officer_council)
    page = client.get(f"/register/{council_activity.pk}/edit/").content.decode()
    start = council_activity.start_date
    assert 'class="govuk-date-input"' in page and 'type="date"' not in page
    assert f'id="id_start_date_day" name="start_date_day" type="text" inputmode="numeric" value="{start.day}"' in page
    assert f'name="start_date_year" type="text" inputmode="numeric" value="{start.year}"' in page
    # The saved choice to show it publicly is kept when editing.
    assert 'value="True" checked' in page


def test_a_wrong_date_part_is_highlighted_and_linked(client, world):
    client.force_login(world.officer_healthwatch)
    page = client.post("/register/new/", form_data(world, start_date_month="13")).content.decode()
    assert '<a href="#id_start_date_month">The start date must be a real date</a>' in page
    month_box = page[page.index('id="id_start_date_month"') - 120 : page.index('id="id_start_date_month"')]
    assert "govuk-input--error" in month_box
    day_box = page[page.index('id="id_start_date_day"') - 120 : page.index('id="id_start_date_day"')]
    assert "govuk-input--error" not in day_box


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (NO_WAYS, "take_part_url", "Give at least one way to take part"),
        ({"take_part_url": "http://example.org/survey"}, "take_part_url", "starts with https://"),
        ({"take_part_email": "not an address"}, "take_part_email", "Enter an email address for taking part"),
        ({"take_part_phone": "555-CALL"}, "take_part_phone", "Enter a UK phone number"),
        ({"take_part_times": ""}, "take_part_times", "Enter the days and times people can come"),
    ],
)
def test_the_form_checks_the_ways_to_take_part(client, world, changes, field, message):
    client.force_login(world.officer_healthwatch)
    page = client.post("/register/new/", form_data(world, **changes)).content.decode()
    assert message in page
    assert f'href="#id_{field}"' in page
    assert not Activity.objects.exists()


def test_a_private_activity_needs_no_way_and_a_public_one_saves_its_ways(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, is_public="False", title="Private", **NO_WAYS))
    assert response.status_code == 302
    assert Activity.objects.get(title="Private").is_public is False
    ways = {
        "take_part_url": "example.org/survey",  # typed without https://, which is assumed
        "take_part_email": "carers@example.org",
        "take_part_phone": "01632 960 123",
    }
    response = client.post("/register/new/", form_data(world, title="Public", **ways))
    assert response.status_code == 302
    saved = Activity.objects.get(title="Public")
    assert saved.is_public is True
    assert (saved.take_part_url, saved.take_part_email, saved.take_part_phone) == (
        "https://example.org/survey",
        "carers@example.org",
        "01632 960 123",
    )
    assert saved.start_date == date.today() + timedelta(days=20)


# Pages ---------------------------------------------------------------------------------------


def _with_every_way(activity):
    activity.take_part_url = "https://example.org/survey"
    activity.take_part_email = "carers@example.org"
    activity.take_part_phone = "01632 960 123"
    activity.take_part_place = "Brierley Hill Library, Moor Street"
    activity.take_part_times = "Tuesdays 10am to 12 noon"
    activity.how_to_take_part = "Bring a friend if you like."
    activity.save()
    return activity


def test_the_public_page_shows_how_to_take_part_with_links_that_work(client, council_activity):
    _with_every_way(council_activity)
    page = client.get(f"/get-involved/{council_activity.pk}/").content.decode()
    block = page[page.index('id="how-to-take-part"') :]
    assert '<a class="govuk-link et-ways__link" href="https://example.org/survey" rel="noopener">' in block
    assert 'href="mailto:carers@example.org"' in block
    assert 'href="tel:+441632960123">01632 960 123</a>' in block
    assert "Brierley Hill Library, Moor Street<br>Tuesdays 10am to 12 noon" in block
    assert "Bring a friend if you like." in block
    # The ways lead; the free text follows them.
    assert block.index("mailto:") < block.index("Bring a friend")
    assert "sam.officer@example.org" not in page  # the internal contact stays internal


def test_the_internal_page_shows_the_same_ways(client, world, council_activity):
    _with_every_way(council_activity)
    client.force_login(world.board_member)
    page = client.get(f"/register/{council_activity.pk}/").content.decode()
    assert 'href="tel:+441632960123"' in page and 'href="mailto:carers@example.org"' in page


def test_a_closed_public_activity_links_to_its_feedback_form(client, world, council_activity):
    council_activity.status = Status.CLOSED
    council_activity.save()
    page = client.get(f"/get-involved/{council_activity.pk}/").content.decode()
    assert "This activity has closed" in page and "Tell us what you thought" not in page
    link = FeedbackLink.objects.create(activity=council_activity)
    page = client.get(f"/get-involved/{council_activity.pk}/").content.decode()
    assert f'href="/f/{link.code}/"' in page and "Tell us what you thought" in page
    assert 'id="how-to-take-part"' not in page
    link.is_open = False
    link.save()
    assert "Tell us what you thought" not in client.get(f"/get-involved/{council_activity.pk}/").content.decode()


def test_an_open_activity_does_not_offer_feedback_yet(client, council_activity):
    FeedbackLink.objects.create(activity=council_activity)
    page = client.get(f"/get-involved/{council_activity.pk}/").content.decode()
    assert "Tell us what you thought" not in page and 'id="how-to-take-part"' in page


# Cancelling ---------------------------------------------------------------------------------


def test_cancelling_asks_first_and_a_look_changes_nothing(client, world, council_activity):
    client.force_login(world.officer_council)
    detail = client.get(f"/register/{council_activity.pk}/").content.decode()
    assert f'href="/register/{council_activity.pk}/cancel/"' in detail
    assert 'value="cancelled"' not in detail  # no one-click cancel button any more
    page = client.get(f"/register/{council_activity.pk}/cancel/").content.decode()
    assert "Are you sure you want to cancel this activity?" in page
    assert "You cannot undo this" in page and "Yes, cancel the activity" in page and "No, go back" in page
    council_activity.refresh_from_db()
    assert council_activity.status == Status.PLANNED


def test_confirming_cancels_and_the_history_records_who(client, world, council_activity):
    client.force_login(world.officer_council)
    response = client.post(f"/register/{council_activity.pk}/cancel/")
    assert response.status_code == 302 and response["Location"] == f"/register/{council_activity.pk}/"
    council_activity.refresh_from_db()
    assert council_activity.status == Status.CANCELLED
    record = council_activity.history.first()
    assert record.status == Status.CANCELLED and record.history_user == world.officer_council
    # Cancelled is final: asking again is turned away with a message, not an error page.
    again = client.get(f"/register/{council_activity.pk}/cancel/", follow=True)
    assert "cannot be cancelled" in again.content.decode()


@pytest.mark.parametrize("persona, status", [("officer_healthwatch", 403), ("board_member", 403)])
def test_outsiders_cannot_cancel(client, world, council_activity, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(f"/register/{council_activity.pk}/cancel/").status_code == status
    assert client.post(f"/register/{council_activity.pk}/cancel/").status_code == status
    council_activity.refresh_from_db()
    assert council_activity.status == Status.PLANNED


def test_cancel_refuses_other_methods_bad_ids_and_visitors(client, world, council_activity):
    assert client.get(f"/register/{council_activity.pk}/cancel/").status_code == 302  # to sign in
    client.force_login(world.coordinator)
    assert client.put(f"/register/{council_activity.pk}/cancel/").status_code == 405
    assert client.get("/register/999999/cancel/").status_code == 404
    assert client.post(f"/register/{council_activity.pk}/cancel/").status_code == 302
