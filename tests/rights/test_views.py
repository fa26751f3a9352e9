"""The coordinators' pages: find a person's data, download it, check and erase it, and the record of each request."""

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engaging.learning.models import Booking
from engaging.rights.models import DataRequest
from engaging.voice.models import Story
from tests.learning.conftest import book, make_session
from tests.rights.conftest import EMAIL, NAME

FIND = "/your-data/requests/find/"
DOWNLOAD = "/your-data/requests/download/"
ERASE = "/your-data/requests/erase/"
INDEX = "/your-data/requests/"


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.coordinator)
    return client


def test_a_coordinator_finds_her_data_grouped_by_kind_with_counts(coordinator, person, namesake):
    response = coordinator.post(FIND, {"email": EMAIL, "name": NAME})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h2 class="govuk-heading-m" id="bookings">Training bookings' in page
    assert "3, 1 matched by name only" in page  # two bookings by email and the namesake's by name
    assert f'value="story:{person.story.pk}"' in page and f'value="booking:{namesake.pk}"' in page
    # Her own bookings matched by email: nothing to tick.
    assert f'value="booking:{person.booking.pk}"' not in page
    assert "Step-free access, please" in page


def test_an_email_alone_offers_to_search_by_the_name_it_gives(coordinator, person):
    page = coordinator.post(FIND, {"email": EMAIL}).content.decode()
    assert f"Search for {NAME} too" in page


def test_the_download_is_a_zip_and_the_request_is_recorded_without_personal_data(coordinator, world, person):
    response = coordinator.post(DOWNLOAD, {"email": EMAIL, "name": NAME, "include": [f"story:{person.story.pk}"]})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    data_request = DataRequest.objects.get()
    assert f"subject-access-{data_request.reference}.zip" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "Waiting for months." in archive.read("summary.html").decode()
    assert data_request.kind == "access" and data_request.found["stories"] == 1
    assert data_request.handled_by == world.coordinator and data_request.searched_by == "email and name"
    listing = coordinator.get(INDEX).content.decode()
    assert data_request.reference in listing and EMAIL not in listing
    detail = coordinator.get(data_request.get_absolute_url()).content.decode()
    assert "Stories they told" in detail and NAME not in detail and EMAIL not in detail


def test_erasing_asks_to_check_first_and_changes_nothing_until_confirmed(coordinator, person):
    form = {"email": EMAIL, "name": NAME, "include": [f"story:{person.story.pk}"]}
    page = coordinator.post(ERASE, form).content.decode()
    assert "Check before you erase" in page and "You cannot undo this" in page
    assert f'name="include" value="story:{person.story.pk}"' in page
    assert Booking.objects.filter(email=EMAIL).count() == 1 and not DataRequest.objects.exists()

    response = coordinator.post(ERASE, {**form, "confirm": "yes"})
    data_request = DataRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == data_request.get_absolute_url()
    assert not Booking.objects.filter(email__iexact=EMAIL).exists()
    assert Story.everything.get(pk=person.story.pk).text == ""
    followed = coordinator.get(response["Location"]).content.decode()
    assert f"Erasure request {data_request.reference} is done." in followed


def test_nothing_ticked_of_possible_matches_only_is_refused(coordinator, person):
    response = coordinator.post(DOWNLOAD, {"name": NAME})
    assert response.status_code == 400 and "Tick at least one possible match to download" in response.content.decode()
    response = coordinator.post(ERASE, {"name": NAME, "confirm": "yes"})
    assert response.status_code == 400 and "Tick at least one possible match to erase" in response.content.decode()
    assert not DataRequest.objects.exists() and Story.everything.get(pk=person.story.pk).told_by == NAME


def test_a_coordinator_is_told_they_cannot_erase_themselves(coordinator, world):
    form = {"email": world.coordinator.email, "confirm": "yes"}
    page = coordinator.post(ERASE, form).content.decode()
    assert "You cannot erase your own account" in page and 'value="yes"' not in page
    world.coordinator.refresh_from_db()
    assert world.coordinator.is_active and not DataRequest.objects.exists()


@pytest.mark.parametrize(
    "form, message",
    [
        ({}, "Enter their email address or their full name"),
        ({"email": "not an email"}, "Enter an email address in the correct format"),
        ({"email": EMAIL, "received_on_day": "31", "received_on_month": "2", "received_on_year": "2026"}, "real date"),
        ({"email": EMAIL, "received_on": "2100-01-01"}, "must be today or in the past"),
        ({"email": "x" * 250 + "@example.org"}, "at most 254 characters"),
    ],
)
@pytest.mark.parametrize("url", [FIND, DOWNLOAD, ERASE])
def test_bad_input_is_explained_naming_the_field_and_nothing_changes(coordinator, person, url, form, message):
    response = coordinator.post(url, {**form, "confirm": "yes"})
    page = response.content.decode()
    assert response.status_code in (200, 400) and message in page and "govuk-error-summary" in page
    assert not DataRequest.objects.exists() and Booking.objects.filter(email=EMAIL).exists()


def test_an_unknown_person_is_told_the_hub_holds_nothing(coordinator, person):
    for url in (FIND, DOWNLOAD, ERASE):
        page = coordinator.post(url, {"email": "nobody@example.org"}).content.decode()
        assert "The hub holds nothing under these details" in page
    assert not DataRequest.objects.exists()


def test_an_unknown_reference_is_not_found(coordinator, db):
    assert coordinator.get("/your-data/requests/SAR-2026-9999/").status_code == 404


@pytest.mark.parametrize("persona", ["officer_council", "board_member"])
def test_only_coordinators_may_use_any_of_it(client, world, person, persona):
    client.force_login(getattr(world, persona))
    assert client.get(INDEX).status_code == 403
    assert client.get(FIND).status_code == 403
    for url in (FIND, DOWNLOAD, ERASE):
        assert client.post(url, {"email": EMAIL, "confirm": "yes"}).status_code == 403
    assert Booking.objects.filter(email=EMAIL).exists() and not DataRequest.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, person):
    for url in (INDEX, FIND):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
    response = client.post(ERASE, {"email": EMAIL, "confirm": "yes"})
    assert response.status_code == 302 and Booking.objects.filter(email=EMAIL).exists()


def test_the_wrong_method_is_refused(coordinator, db):
    assert coordinator.post(INDEX).status_code == 405
    assert coordinator.get(DOWNLOAD).status_code == 405
    assert coordinator.get(ERASE).status_code == 405


def test_the_results_page_reads_the_same_number_of_queries_however_many_bookings(coordinator, person):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coordinator.post(FIND, {"email": EMAIL, "name": NAME}).status_code == 200
        return len(captured)

    before = queries()
    for days in (40, 50, 60):
        book(make_session(days=days), name=NAME, email=EMAIL)
    assert queries() == before


def test_the_list_of_requests_reads_a_few_queries_however_many(coordinator, world, django_assert_max_num_queries):
    for _ in range(30):
        DataRequest.objects.create(kind="access", received_on=timezone.localdate(), handled_by=world.coordinator)
    with django_assert_max_num_queries(8):
        page = coordinator.get(INDEX).content.decode()
    assert page.count('href="/your-data/requests/SAR-') == 30
