"""The task worker applies the schedule every day: a run queues the next for RETENTION_HOUR tomorrow."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from engaging.privacy import tasks
from engaging.privacy.models import RetentionRun

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_tasks():
    with override_settings(TASKS=DATABASE_TASKS):
        yield


def waiting():
    return DBTaskResult.objects.filter(task_path=tasks.apply_retention_daily.module_path, status="READY")


def test_starting_queues_one_run_now_and_starting_again_does_nothing(database_tasks):
    out = io.StringIO()
    call_command("apply_retention", "--start-daily", stdout=out)
    assert "Queued the daily retention run" in out.getvalue()
    assert waiting().count() == 1
    assert abs(waiting().get().run_after - timezone.now()) < timedelta(minutes=1)
    call_command("apply_retention", "--start-daily", stdout=out)
    assert "already queued" in out.getvalue()
    assert waiting().count() == 1


@override_settings(RETENTION_HOUR=4)
def test_a_daily_run_applies_the_schedule_and_queues_tomorrows(database_tasks):
    result = tasks.apply_retention_daily.call()
    run = RetentionRun.objects.get()
    assert run.trigger == RetentionRun.Trigger.WORKER and not run.dry_run
    assert result == {"run": run.pk, "counts": run.counts}
    queued = waiting().get()
    local = timezone.localtime(queued.run_after)
    assert local.date() == timezone.localdate() + timedelta(days=1) and local.hour == 4
    assert tasks.next_queued() == queued.run_after


def test_the_your_data_page_says_when_the_next_run_is(client, world, database_tasks):
    tasks.start_daily(at=timezone.now() + timedelta(hours=5))
    client.force_login(world.coordinator)
    page = client.get("/your-data/").content.decode()
    assert "The next nightly run is due at" in page
    assert "No nightly run is waiting" not in page
