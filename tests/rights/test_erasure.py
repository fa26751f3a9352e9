"""Erasure on request: nothing that names the person is left in any table, history and the kept pages included,
while what the hub counts stays, and nobody else's data is touched."""

import base64

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache as shared_cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from engaging.accounts.models import ApiToken, Membership
from engaging.core.models import ViewRecord
from engaging.learning.models import Booking, BookingChange
from engaging.questionnaires.models import HearBackContact
from engaging.register.models import Activity
from engaging.rights import services
from engaging.rights.erasing import CannotErase
from engaging.rights.finding import find_person
from engaging.rights.models import DataRequest
from engaging.voice.models import Story
from tests.rights.conftest import EMAIL, NAME, TRACES, all_possible

DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "hub_cache"}}


def traces_left(*words) -> list[str]:
    """Every table and column in the database holding any of `words`, whatever their capitals.

    Read straight from each table the database has (every model, history, many-to-many and the cache's own),
    so nothing the models do not describe is missed. The cache's values are base64 of a pickle: read decoded too.
    """
    wanted = [word.casefold() for word in words]
    left = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    texts = [str(value)]
                    if isinstance(value, bytes | memoryview):
                        texts = [bytes(value).decode("latin-1")]
                    elif table == "hub_cache" and column == "value":
                        texts.append(base64.b64decode(value).decode("latin-1"))
                    for text in texts:
                        left += [f"{table}.{column}: {word}" for word in wanted if word in text.casefold()]
    return left


@pytest.fixture
def database_cache(settings):
    settings.CACHES = DATABASE_CACHE
    call_command("createcachetable", verbosity=0)
    yield
    shared_cache.clear()


def erase_everything(coordinator):
    found = find_person(email=EMAIL, name=NAME)
    return services.erase(found.chosen(all_possible(found)), by=coordinator, received_on=found_date())


def found_date():
    return timezone.localdate()


def test_after_erasure_no_table_holds_her_email_name_or_username(
    world, person, database_cache, django_capture_on_commit_callbacks
):
    shared_cache.set("a-kept-page", f"<p>Contact {NAME} at {EMAIL}</p>")
    assert len(traces_left(*TRACES)) > 20  # the test would see her: she is in many tables before
    assert any(trace.startswith("hub_cache.value") for trace in traces_left(*TRACES))

    with django_capture_on_commit_callbacks(execute=True):
        erase_everything(world.coordinator)

    assert traces_left(*TRACES) == []


def test_erasure_signs_her_out_everywhere(world, person):
    hers, theirs = Client(), Client()
    hers.force_login(person.user)
    theirs.force_login(world.coordinator)
    assert hers.get("/register/").status_code == 200
    erase_everything(world.coordinator)
    assert hers.get("/register/").status_code == 302
    assert theirs.get("/register/").status_code == 200
    # Her session is gone, not only refused: it held her account's id.
    signed_in = [session.get_decoded().get("_auth_user_id") for session in Session.objects.all()]
    assert str(person.user.pk) not in signed_in and str(world.coordinator.pk) in signed_in


def test_erasure_keeps_what_the_hub_counts_and_gives_her_place_on(world, person):
    erase_everything(world.coordinator)
    booking = Booking.objects.get(pk=person.booking.pk)
    assert booking.status == Booking.Status.CANCELLED
    assert booking.session_id == person.booking.session_id and booking.role == person.booking.role
    assert booking.access_needs == ""
    attended = Booking.objects.get(pk=person.attended.pk)
    assert attended.status == Booking.Status.ATTENDED and attended.feedback.useful == 4
    assert attended.feedback.comment == ""
    # The place she freed went to the person waiting, whose record of it no longer names her.
    promoted = Booking.objects.get(pk=person.waiting.pk)
    assert promoted.status == Booking.Status.BOOKED
    assert "someone" in BookingChange.objects.filter(booking=promoted).last().reason
    # Her contact request is gone; her story is still counted, without its words, with consent withdrawn.
    assert not HearBackContact.objects.filter(pk=person.contact.pk).exists()
    story = Story.everything.select_related("consent").get(pk=person.story.pk)
    assert story.text == "" and story.told_by == "" and story.consent.withdrawn_at is not None
    # Her account is switched off and anonymised; its roles and tokens are gone; her changes still count.
    user = type(person.user).objects.get(pk=person.user.pk)
    assert not user.is_active and not user.has_usable_password() and user.username == f"erased-{user.pk}"
    assert not Membership.objects.filter(user=user).exists() and not ApiToken.objects.filter(user=user).exists()
    assert person.changed.history.filter(history_user=user).count() == 1
    assert ViewRecord.objects.filter(viewer=user).count() == 1
    # Her address is taken out of the activity's notes, and the rest of them kept.
    notes = Activity.everything.get(pk=person.activity.pk).notes
    assert notes == "Venue booked by [email address removed]; ask her about parking."


def test_someone_else_with_the_same_name_is_not_erased_unless_ticked(world, person, namesake):
    found = find_person(email=EMAIL, name=NAME)
    services.erase(found.chosen([]), by=world.coordinator, received_on=found_date())
    namesake.refresh_from_db()
    assert namesake.name == NAME.lower() and namesake.email == "other.philippa@example.net"
    # Her story matched by name only and was not ticked: it stays as it was.
    assert Story.everything.get(pk=person.story.pk).told_by == NAME


def test_the_record_of_an_erasure_holds_counts_and_no_personal_data(world, person):
    data_request = erase_everything(world.coordinator)
    assert data_request.kind == DataRequest.Kind.ERASURE and data_request.handled_by == world.coordinator
    assert data_request.reference.startswith("ERA-")
    assert data_request.erased["bookings"] == 2 and data_request.erased["account"] == 1
    assert data_request.found["changes"] == 1 and "changes" not in data_request.erased
    stored = " ".join(str(value) for value in DataRequest.objects.filter(pk=data_request.pk).values().first().values())
    assert not any(trace in stored.casefold() for trace in TRACES)


def test_a_coordinator_cannot_erase_their_own_account_and_nothing_changes(world):
    found = find_person(email=world.coordinator.email)
    with pytest.raises(CannotErase):
        services.erase(found, by=world.coordinator, received_on=found_date())
    world.coordinator.refresh_from_db()
    assert world.coordinator.is_active and DataRequest.objects.count() == 0
