"""Factories for findings, responses and loop closures, for the feedback loop's tests."""

from datetime import date, timedelta

import factory

from engaging.insight.models import Finding
from engaging.loop.models import LoopClosure, Response
from engaging.register.models import Status
from tests.factories import ActivityFactory, OrganisationFactory


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    activity = factory.SubFactory(ActivityFactory)
    statement = factory.Sequence(lambda n: f"People told us the bus to the clinic is unreliable ({n}).")
    heard_on = factory.LazyFunction(lambda: date.today() - timedelta(days=60))
    is_public = True


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response
        skip_postgeneration_save = True

    action = factory.Sequence(lambda n: f"We asked for an early bus ({n}).")
    organisation = factory.SubFactory(OrganisationFactory)
    status = Response.Status.PLANNED
    decided_on = factory.LazyFunction(lambda: date.today() - timedelta(days=20))
    is_public = True

    @factory.post_generation
    def findings(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.findings.set(extracted)


class LoopClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoopClosure

    activity = factory.SubFactory(ActivityFactory)
    channel = LoopClosure.Channel.EMAIL
    told_on = factory.LazyFunction(date.today)
    people_reached = 40
    summary = "We wrote to all who took part. We told them what the council decided."


def finished_activity(*, closed_on: date | None, end_date: date | None = None, status=Status.CLOSED, **kwargs):
    """An activity that has finished, closing on `closed_on` (or, when that is None, ending on `end_date`)."""
    end = end_date or closed_on
    return ActivityFactory(
        start_date=end - timedelta(days=14), end_date=end, status=status, closed_on=closed_on, **kwargs
    )
