"""Factories for the domain, so tests say only what matters to them."""

from datetime import date, timedelta

import factory

from engaging.accounts.models import Membership, Organisation, User
from engaging.lists.models import Area, Group, Method, Priority
from engaging.register.models import Activity, EngagementLevel, EngagementType


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COUNCIL
    on_board = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "engage-test")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.OFFICER


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Group {n}")
    category = Group.Category.OTHER


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Priority {n}")


class MethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Method
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Method {n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Area {n}")
    kind = Area.Kind.BOROUGH
    parent = None


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Activity {n}")
    summary = "A chance to tell us what you think."
    purpose = "Informs the commissioning decision."
    lead_organisation = factory.SubFactory(OrganisationFactory)
    type = EngagementType.CONSULTATION
    level = EngagementLevel.CONSULT
    start_date = factory.LazyFunction(lambda: date.today() + timedelta(days=14))
    end_date = factory.LazyAttribute(lambda a: a.start_date + timedelta(days=7))
    is_public = True
    take_part_email = "haveyoursay@example.org"
    contact_name = "Sam Officer"
    contact_email = "sam.officer@example.org"
    cost = 120
    notes = "Internal note: budget from the engagement fund."

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
