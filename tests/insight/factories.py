"""Factories for findings and themes, so tests say only what matters to them."""

from datetime import date, timedelta

import factory

from engaging.insight.models import Finding, Theme
from tests.factories import ActivityFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Theme {n}")


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding
        skip_postgeneration_save = True

    activity = factory.SubFactory(ActivityFactory)
    statement = factory.Sequence(lambda n: f"People said something worth keeping, number {n}.")
    heard_on = factory.LazyFunction(lambda: date.today() - timedelta(days=30))

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.set(extracted)

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.areas.set(extracted)

    @factory.post_generation
    def priorities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.priorities.set(extracted)
