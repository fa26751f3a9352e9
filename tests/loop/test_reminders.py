"""The weekly reminder about overdue feedback: to the right people, once a week at most."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from engaging.loop.models import LoopReminder
from engaging.loop.tasks import send_loop_reminders
from tests.factories import MembershipFactory
from tests.loop.factories import LoopClosureFactory, finished_activity

TODAY = date.today()
LONG_AGO = TODAY - timedelta(days=100)


@pytest.fixture
def overdue(world):
    return finished_activity(
        closed_on=LONG_AGO, lead_organisation=world.council, title="Carers' survey", contact_email="lead@example.org"
    )


def run() -> int:
    return send_loop_reminders.enqueue().return_value


def test_the_contact_and_the_lead_organisations_officers_are_reminded_once(world, overdue):
    MembershipFactory(user__username="gone", user__is_active=False, organisation=world.council)
    assert run() == 1
    (message,) = mail.outbox
    assert sorted(message.to) == ["lead@example.org", "officer-council@example.org"]
    assert "Carers' survey" in message.subject
    assert "16 days ago" in message.body
    assert f"/feedback-loop/activities/{overdue.pk}/told/new/" in message.body
    reminder = LoopReminder.objects.get()
    assert (reminder.activity, reminder.recipients) == (overdue, 2)


def test_nobody_is_reminded_again_within_a_week(world, overdue):
    run()
    assert run() == 0
    LoopReminder.objects.update(sent_at=LoopReminder.objects.get().sent_at - timedelta(days=6, hours=23))
    assert run() == 0
    assert len(mail.outbox) == 1


def test_a_week_later_they_are_reminded_again(world, overdue):
    run()
    LoopReminder.objects.update(sent_at=LoopReminder.objects.get().sent_at - timedelta(days=7, minutes=1))
    assert run() == 1
    assert len(mail.outbox) == 2 and LoopReminder.objects.count() == 2


def test_only_overdue_activities_are_reminded_about(world, overdue):
    told = finished_activity(closed_on=LONG_AGO, lead_organisation=world.healthwatch)
    LoopClosureFactory(activity=told, told_on=LONG_AGO + timedelta(days=5))
    finished_activity(closed_on=TODAY - timedelta(days=84), lead_organisation=world.healthwatch)  # due today
    assert run() == 1
    assert mail.outbox[0].subject.endswith("“Carers' survey”")


def test_once_people_are_told_the_reminders_stop(world, overdue):
    run()
    LoopClosureFactory(activity=overdue, told_on=TODAY)
    LoopReminder.objects.update(sent_at=LoopReminder.objects.get().sent_at - timedelta(days=8))
    assert run() == 0


def test_an_activity_with_nobody_to_tell_is_skipped_and_not_recorded(world):
    from tests.factories import OrganisationFactory

    nobody = OrganisationFactory(name="A partner with no officers")
    finished_activity(closed_on=LONG_AGO, lead_organisation=nobody, contact_email="")
    assert run() == 0
    assert LoopReminder.objects.count() == 0


def test_the_day_can_be_given_to_catch_up(world, overdue):
    assert send_loop_reminders.enqueue(today=(LONG_AGO + timedelta(weeks=12)).isoformat()).return_value == 0
    assert send_loop_reminders.enqueue(today=(LONG_AGO + timedelta(weeks=12, days=1)).isoformat()).return_value == 1


def test_the_command_queues_the_task(world, overdue):
    out = StringIO()
    call_command("send_loop_reminders", stdout=out)
    assert "Queued" in out.getvalue()
    assert len(mail.outbox) == 1  # the test settings run tasks at once
