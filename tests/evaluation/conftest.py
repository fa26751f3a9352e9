"""Records for the evaluation tests: finished activities, feedback links, feedback and responses."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache

from engaging.evaluation.models import Evaluation, FeedbackLink, ParticipantFeedback
from engaging.register.models import Status
from tests.factories import ActivityFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The rate limit lives in the cache, which outlives a test: start each test with none used."""
    cache.clear()
    yield
    cache.clear()


def finished_activity(
    world, *, lead=None, status=Status.FED_BACK, methods=(), groups=None, areas=None, priorities=None, **fields
):
    """An activity that has run: it can be evaluated and can take feedback."""
    today = date.today()
    fields.setdefault("start_date", today - timedelta(days=60))
    fields.setdefault("end_date", today - timedelta(days=50))
    activity = ActivityFactory(
        lead_organisation=lead or world.council,
        status=status,
        groups=groups if groups is not None else [world.young_people, world.carers],
        areas=areas if areas is not None else [world.locality],
        priorities=priorities if priorities is not None else [world.priority],
        **fields,
    )
    if methods:
        activity.methods.set(methods)
    return activity


def evaluate(activity, **fields) -> Evaluation:
    fields.setdefault("lessons", "Evening sessions suited working carers better than daytime ones.")
    fields.setdefault("evaluated_on", date.today())
    return Evaluation.objects.create(activity=activity, **fields)


def rate(activity, *ratings: tuple[int, int, int], comment: str = "") -> None:
    """Feedback from one participant per (listened to, easy to take part, know what happens next)."""
    ParticipantFeedback.objects.bulk_create(
        ParticipantFeedback(
            activity=activity, listened_to=a, easy_to_take_part=b, know_what_happens_next=c, comment=comment
        )
        for a, b, c in ratings
    )


@pytest.fixture
def fed_back(world):
    """A council activity that has run and reported back, with 40 target and 30 taking part."""
    return finished_activity(world, title="Carers' evening drop-ins", participants_target=40, participants_actual=30)


@pytest.fixture
def link(fed_back):
    return FeedbackLink.objects.create(activity=fed_back)
