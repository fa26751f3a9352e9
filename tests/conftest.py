"""Named personas and a small partnership, shared by every test.

The personas: an officer of the council, an officer of Healthwatch, a coordinator,
a board member and a member of the public (anonymous).
"""

import os
from dataclasses import dataclass

import pytest

from engaging.accounts.models import Membership, Organisation
from tests.factories import (
    ActivityFactory,
    AreaFactory,
    GroupFactory,
    MembershipFactory,
    MethodFactory,
    OrganisationFactory,
    PriorityFactory,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def nothing_kept_from_another_test():
    """Each test starts with nothing kept: a test that empties the database between tests (transaction=True, the
    browser's) also empties the tables' versions, so what an earlier test kept must not be offered to it."""
    from django.core.cache import cache as shared_cache

    from engaging.core import cache

    shared_cache.clear()
    cache.recent.items.clear()
    cache.searched.items.clear()
    with cache._in_process_lock:
        cache._in_process.clear()


@dataclass
class World:
    council: Organisation
    healthwatch: Organisation
    board_org: Organisation
    officer_council: object
    officer_healthwatch: object
    coordinator: object
    board_member: object
    borough: object
    locality: object
    ward: object
    other_locality: object
    other_ward: object
    young_people: object
    carers: object
    older_people: object
    priority: object
    method: object


@pytest.fixture
def world(db):
    council = OrganisationFactory(name="Dudley Council", kind=Organisation.Kind.COUNCIL)
    healthwatch = OrganisationFactory(name="Healthwatch Dudley", kind=Organisation.Kind.HEALTHWATCH)
    board_org = OrganisationFactory(name="Health and Wellbeing Board Development Group", kind=Organisation.Kind.COUNCIL)
    borough = AreaFactory(name="Dudley borough", kind="borough")
    locality = AreaFactory(name="Brierley Hill", kind="locality", parent=borough)
    ward = AreaFactory(name="Brockmoor and Pensnett", kind="ward", parent=locality)
    other_locality = AreaFactory(name="Stourbridge", kind="locality", parent=borough)
    other_ward = AreaFactory(name="Wollaston and Stourbridge Town", kind="ward", parent=other_locality)
    return World(
        council=council,
        healthwatch=healthwatch,
        board_org=board_org,
        officer_council=MembershipFactory(user__username="officer-council", organisation=council).user,
        officer_healthwatch=MembershipFactory(user__username="officer-healthwatch", organisation=healthwatch).user,
        coordinator=MembershipFactory(
            user__username="coordinator", organisation=board_org, role=Membership.Role.COORDINATOR
        ).user,
        board_member=MembershipFactory(
            user__username="board-member", organisation=council, role=Membership.Role.BOARD_MEMBER
        ).user,
        borough=borough,
        locality=locality,
        ward=ward,
        other_locality=other_locality,
        other_ward=other_ward,
        young_people=GroupFactory(name="Young people", category="age_band"),
        carers=GroupFactory(name="Carers", category="carers"),
        older_people=GroupFactory(name="Older people", category="age_band"),
        priority=PriorityFactory(name="Mental health and wellbeing"),
        method=MethodFactory(name="Focus group"),
    )


@pytest.fixture
def council_activity(world):
    return ActivityFactory(
        title="Young carers' wellbeing survey",
        lead_organisation=world.council,
        groups=[world.young_people, world.carers],
        areas=[world.locality],
        priorities=[world.priority],
    )


@pytest.fixture
def healthwatch_activity(world):
    return ActivityFactory(
        title="Walk-in centre questionnaire",
        lead_organisation=world.healthwatch,
        groups=[world.young_people],
        areas=[world.ward],
    )
