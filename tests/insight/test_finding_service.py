"""Saving a finding (services.save_finding) holds the finding's rules, whichever page or API calls it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from engaging.insight import services
from engaging.insight.models import Finding
from tests.factories import ActivityFactory


@pytest.fixture
def activity(world):
    return ActivityFactory(lead_organisation=world.council, start_date=date(2025, 3, 1), end_date=date(2025, 3, 2))


@pytest.mark.parametrize(
    "heard_on, review_by, field",
    [
        (date.today() + timedelta(days=1), None, "heard_on"),
        (date(2025, 2, 28), None, "heard_on"),  # before the activity started
        (date(2025, 3, 1), date(2025, 2, 1), "review_by"),
        (date(2025, 3, 1), date(2300, 1, 1), "review_by"),
    ],
)
def test_the_service_refuses_dates_the_finding_form_and_the_api_refuse(activity, heard_on, review_by, field):
    finding = Finding(activity=activity, statement="The bus stops too early.", heard_on=heard_on, review_by=review_by)
    with pytest.raises(ValidationError) as raised:
        services.save_finding(finding=finding, relations={})
    assert list(raised.value.message_dict) == [field]
    assert not Finding.everything.exists()


def test_the_service_refuses_more_people_than_the_form_and_the_api_allow(activity):
    finding = Finding(activity=activity, statement="Too many.", heard_on=date(2025, 3, 1), people_count=10_000_001)
    with pytest.raises(ValidationError) as raised:
        services.save_finding(finding=finding, relations={})
    assert raised.value.message_dict == {"people_count": ["Enter a number of people no bigger than 10,000,000"]}


def test_a_finding_heard_in_time_is_saved_with_its_review_date(activity):
    finding = Finding(activity=activity, statement="Fine.", heard_on=date(2025, 3, 2))
    services.save_finding(finding=finding, relations={})
    assert Finding.objects.get().review_by == date(2027, 3, 2)
