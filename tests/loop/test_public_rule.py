"""The one rule for what residents may read in "You said, we did", tested on its own."""

import pytest

from engaging.loop.models import LoopClosure, Response, public_feedback_activities
from engaging.register.models import Status
from tests.factories import ActivityFactory
from tests.loop.factories import FindingFactory, LoopClosureFactory, ResponseFactory


def response_to(*, activity_changes=None, finding_changes=None, response_changes=None, archive=()):
    activity = ActivityFactory(**{"status": Status.CLOSED, **(activity_changes or {})})
    finding = FindingFactory(activity=activity, **(finding_changes or {}))
    response = ResponseFactory(findings=[finding], **(response_changes or {}))
    for record in {"activity": activity, "finding": finding, "response": response}.items():
        if record[0] in archive:
            record[1].archive()
    return response


def is_public(response) -> bool:
    return Response.everything.public().filter(pk=response.pk).exists()


@pytest.mark.django_db
def test_a_public_response_to_a_public_finding_of_a_public_activity_is_public():
    assert is_public(response_to())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kwargs",
    [
        {"response_changes": {"is_public": False}},
        {"finding_changes": {"is_public": False}},
        {"activity_changes": {"is_public": False}},
        {"activity_changes": {"status": Status.CANCELLED}},
        {"archive": ("response",)},
        {"archive": ("finding",)},
        {"archive": ("activity",)},
    ],
    ids=[
        "private response",
        "private finding",
        "private activity",
        "cancelled activity",
        "archived response",
        "archived finding",
        "archived activity",
    ],
)
def test_anything_private_archived_or_cancelled_keeps_it_inside_the_partnership(kwargs):
    assert not is_public(response_to(**kwargs))


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.PLANNED, Status.OPEN, Status.REPORTED, Status.FED_BACK, Status.EVALUATED])
def test_any_status_but_cancelled_is_fine(status):
    assert is_public(response_to(activity_changes={"status": status}))


@pytest.mark.django_db
def test_one_public_finding_among_private_ones_is_enough():
    response = response_to(finding_changes={"is_public": False})
    response.findings.add(FindingFactory(activity=ActivityFactory(status=Status.REPORTED)))
    assert is_public(response)
    assert Response.objects.public().count() == 1  # counted once, however many findings


@pytest.mark.django_db
def test_loop_closures_are_public_for_activities_residents_may_read_about():
    shown = LoopClosureFactory(activity=ActivityFactory(status=Status.CLOSED))
    LoopClosureFactory(activity=ActivityFactory(is_public=False))
    LoopClosureFactory(activity=ActivityFactory(status=Status.CANCELLED))
    archived = ActivityFactory()
    LoopClosureFactory(activity=archived)
    archived.archive()
    assert list(LoopClosure.objects.public()) == [shown]
    assert list(public_feedback_activities()) == [shown.activity]
