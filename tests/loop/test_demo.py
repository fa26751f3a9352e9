"""The demo's feedback loop: responses at every status, and activities told in time, late and not at all."""

from datetime import date

import pytest
from django.db import transaction

from engaging.demo import loop as loop_demo
from engaging.demo.loader import DemoBuilder
from engaging.loop import closure
from engaging.loop.models import LoopClosure, Response

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def builder(django_db_setup, django_db_blocker):
    """Build the demo once for this module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        builder = DemoBuilder()
        builder.build()
        yield builder
        transaction.set_rollback(True)


def test_the_demo_has_responses_at_every_status(builder):
    assert set(Response.objects.values_list("status", flat=True)) == set(Response.Status.values)
    for response in Response.objects.filter(status=Response.Status.NOT_POSSIBLE):
        assert response.reason.strip()
    spanning = [r for r in Response.objects.all() if r.findings.values("activity").distinct().count() > 1]
    assert spanning, "one response answers findings of more than one activity"
    assert Response.objects.public().exists()


def test_the_demo_has_activities_told_in_time_late_and_overdue(builder):
    today = date.today()
    finished = closure.finished_activities()
    counts = {which: closure.in_state(finished, which, today=today).count() for which in closure.STATE_LABELS}
    assert counts[closure.ON_TIME] and counts[closure.LATE] and counts[closure.OVERDUE], counts
    assert counts[closure.WAITING], counts


def test_a_second_run_creates_nothing(builder):
    before = (Response.everything.count(), LoopClosure.objects.count())
    again = DemoBuilder()
    again.build()
    assert not again.result.anything_created, again.result.created
    assert (Response.everything.count(), LoopClosure.objects.count()) == before


def test_the_loop_demo_runs_on_its_own_again_without_creating(builder):
    created = sum(builder.result.created.values())
    loop_demo.load(builder)
    assert sum(builder.result.created.values()) == created


def test_the_public_pages_show_the_demo(client, builder):
    page = client.get("/you-said-we-did/").content.decode()
    assert "The walk-in centre now stays open until 10pm" in page
    assert client.get("/feedback-loop/").status_code == 302
