"""A finished council activity with what people said, shared by the feedback loop's tests."""

from datetime import date, timedelta

import pytest

from engaging.register.models import Status
from tests.factories import ActivityFactory
from tests.loop.factories import FindingFactory


@pytest.fixture
def finished(world):
    """The council's survey, closed 100 days ago, with two public findings and one private one."""
    closed = date.today() - timedelta(days=100)
    activity = ActivityFactory(
        title="Young carers' wellbeing survey",
        lead_organisation=world.council,
        start_date=closed - timedelta(days=30),
        end_date=closed,
        status=Status.CLOSED,
        closed_on=closed,
        groups=[world.young_people, world.carers],
        areas=[world.locality],
        priorities=[world.priority],
    )
    activity.public_findings = [
        FindingFactory(activity=activity, statement="Young carers said they miss school when the bus is late."),
        FindingFactory(activity=activity, statement="Several said nobody at school knew they were carers."),
    ]
    activity.private_finding = FindingFactory(
        activity=activity, statement="One carer named a teacher who helped.", is_public=False
    )
    return activity


@pytest.fixture
def other_finding(world):
    """A finding of a Healthwatch activity, for responses that span activities."""
    activity = ActivityFactory(
        title="Walk-in centre questionnaire",
        lead_organisation=world.healthwatch,
        start_date=date.today() - timedelta(days=60),
        end_date=date.today() - timedelta(days=50),
        status=Status.CLOSED,
        areas=[world.other_ward],
    )
    return FindingFactory(activity=activity, statement="People could not get to the walk-in centre after work.")
