"""An activity's cost is never negative, whichever way it arrives: the planning form, the API or the import.

The rule lives on the model's field (engaging/register/models.py, COST_LIMITS), so each path refuses the
same amounts, and the service that saves an activity refuses them too.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from engaging.register import services, spreadsheets
from engaging.register.models import Activity
from tests.api.conftest import ApiClient, assert_error_shape, valid_body
from tests.factories import ActivityFactory
from tests.register.spreadsheet_helpers import csv_file, good_row
from tests.register.test_pages import form_data


def test_the_planning_form_refuses_a_negative_cost(client, world):
    client.force_login(world.officer_healthwatch)
    response = client.post("/register/new/", form_data(world, cost="-5.00"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The cost cannot be negative" in page and 'href="#id_cost"' in page
    assert Activity.objects.count() == 0


def test_editing_an_activity_refuses_a_negative_cost(client, world):
    activity = ActivityFactory(lead_organisation=world.healthwatch, cost=Decimal("10.00"))
    client.force_login(world.officer_healthwatch)
    response = client.post(f"/register/{activity.pk}/edit/", form_data(world, cost="-0.01"))
    assert "The cost cannot be negative" in response.content.decode()
    activity.refresh_from_db()
    assert activity.cost == Decimal("10.00")


def test_a_cost_of_nothing_is_fine(client, world):
    client.force_login(world.officer_healthwatch)
    client.post("/register/new/", form_data(world, cost="0"))
    assert Activity.objects.get().cost == Decimal("0.00")


def test_the_api_refuses_a_negative_cost(world):
    from engaging.accounts.models import ApiToken

    api = ApiClient(ApiToken.issue(user=world.officer_council, name="t")[1])
    assert_error_shape(api.post("activities", valid_body(world, cost="-1.00")), 400, field="cost")
    assert Activity.objects.count() == 0


def test_the_import_refuses_a_negative_cost(world):
    data = csv_file([good_row(world, cost="-1")])
    result = spreadsheets.import_activities(data=data, filename="activities.csv", user=world.coordinator)
    assert [str(problem) for problem in result.problems] == ["Row 2, cost: the cost cannot be negative"]
    assert Activity.objects.count() == 0


def test_the_service_refuses_a_negative_cost_however_it_is_called(world):
    activity = ActivityFactory.build(lead_organisation=world.council, cost=Decimal("-3"))
    with pytest.raises(ValidationError) as raised:
        services.save_activity(activity=activity, relations={}, user=world.coordinator)
    assert raised.value.message_dict == {"cost": ["The cost cannot be negative"]}
    assert Activity.objects.count() == 0
