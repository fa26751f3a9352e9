"""Saving an activity (services.save_activity) holds every rule of the register, whichever page or API calls it."""

import pytest
from django.core.exceptions import ValidationError

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
