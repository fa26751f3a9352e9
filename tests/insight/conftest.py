"""Findings on the `world`'s activities, for the insight library's tests."""

from datetime import date, timedelta

import pytest

from tests.api.conftest import as_, tokens  # noqa: F401 - the API tests' clients, one per persona
from tests.factories import ActivityFactory
from tests.insight.factories import FindingFactory, ThemeFactory


@pytest.fixture
def council_activity(world):
    """The council's survey, running since the start of 2025 (before the dates the tests and the import
    template's example give): a finding cannot be heard before its activity started."""
    return ActivityFactory(
        title="Young carers' wellbeing survey",
        lead_organisation=world.council,
        start_date=date(2025, 1, 1),
        end_date=date.today() + timedelta(days=10),
        groups=[world.young_people, world.carers],
        areas=[world.locality],
        priorities=[world.priority],
    )


@pytest.fixture
def themes(db):
    return {
        "access": ThemeFactory(name="Access to GP appointments"),
        "waiting": ThemeFactory(name="Waiting times"),
        "transport": ThemeFactory(name="Transport"),
    }


@pytest.fixture
def council_finding(world, council_activity, themes):
    """A current finding of the council's activity."""
    return FindingFactory(
        activity=council_activity,
        statement="Young carers said they need someone to talk to after school.",
        themes=[themes["access"]],
        groups=[world.carers],
        areas=[world.locality],
        priorities=[world.priority],
    )


@pytest.fixture
def healthwatch_finding(world, healthwatch_activity, themes):
    return FindingFactory(
        activity=healthwatch_activity,
        statement="People waited more than four hours at the walk-in centre.",
        themes=[themes["waiting"]],
        groups=[world.young_people],
        areas=[world.ward],
        heard_on=date.today() - timedelta(days=60),
    )


@pytest.fixture
def finished_activity(world):
    """A council activity that has closed, like most activities with findings."""
    return ActivityFactory(
        title="Urgent care consultation",
        lead_organisation=world.council,
        start_date=date.today() - timedelta(days=90),
        end_date=date.today() - timedelta(days=60),
        status="closed",
        groups=[world.older_people],
        areas=[world.borough],
    )
