"""Saving an activity (services.save_activity) holds every rule of the register, whichever page or API calls it."""

import pytest
from django.core.exceptions import ValidationError

from engaging.plain.publishing import records_for
from engaging.register import services
from engaging.register.models import Activity
from tests.factories import ActivityFactory


def test_a_new_activity_cannot_have_its_lead_as_a_partner(world):
    activity = ActivityFactory.build(lead_organisation=world.council)
    with pytest.raises(ValidationError) as raised:
        services.save_activity(activity=activity, relations={"partner_organisations": [world.council]})
    assert raised.value.message_dict == {"partner_organisations": [services.LEAD_IS_PARTNER]}
    assert Activity.objects.count() == 0


def test_moving_the_lead_to_a_partner_is_refused_against_the_stored_partners(world):
    activity = ActivityFactory(lead_organisation=world.council)
    activity.partner_organisations.set([world.healthwatch])
    activity.lead_organisation = world.healthwatch
    with pytest.raises(ValidationError):
        services.save_activity(activity=activity, relations={})
    activity.refresh_from_db()
    assert activity.lead_organisation == world.council


def test_the_form_and_the_api_say_the_same_as_the_service(client, world):
    from tests.register.test_pages import form_data

    client.force_login(world.coordinator)
    response = client.post("/register/new/", form_data(world, partner_organisations=[world.healthwatch.pk]))
    assert services.LEAD_IS_PARTNER in response.content.decode()
    assert Activity.objects.count() == 0


HARD = "Stakeholders will co-produce a place-based framework with the ICB to ameliorate services going forward."


def test_public_text_that_misses_the_target_needs_a_reason_whoever_saves_it(world):
    activity = ActivityFactory.build(lead_organisation=world.council, is_public=True, summary=HARD)
    with pytest.raises(ValidationError) as raised:
        services.save_activity(activity=activity, relations={})
    assert list(raised.value.message_dict) == ["summary"]
    assert Activity.objects.count() == 0


def test_the_reason_given_is_kept_with_what_the_text_missed(world):
    activity = ActivityFactory.build(lead_organisation=world.council, is_public=True, summary=HARD)
    services.save_activity(
        activity=activity, relations={}, user=world.coordinator, publish_anyway={"summary": " Their  words "}
    )
    (kept,) = records_for(activity)
    assert (kept.field, kept.reason, kept.recorded_by) == ("summary", "Their words", world.coordinator)


def test_only_text_published_afresh_is_checked(world):
    activity = ActivityFactory(lead_organisation=world.council, is_public=False, summary=HARD)
    activity.title = "A new title"
    services.save_activity(activity=activity, relations={})  # not public: nothing to check
    activity.is_public = True
    with pytest.raises(ValidationError):
        services.save_activity(activity=activity, relations={})  # made public: its text is published afresh
    services.save_activity(activity=activity, relations={}, publish_anyway={"summary": "Agreed wording"})
    activity.title = "Another title"
    services.save_activity(activity=activity, relations={})  # public, text unchanged: nothing new to check
    assert records_for(activity).count() == 1
