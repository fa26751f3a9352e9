"""The daily retention run, by the task worker (`manage.py db_worker`).

`start_daily()` (run by `manage.py apply_retention --start-daily`, once, when the hub is set up) queues the
first run now; each run queues the next for the same hour the following day (RETENTION_HOUR), so the chain
keeps itself going for as long as a worker runs. Queuing again while a run is waiting does nothing.
"""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from engaging.privacy import retention
from engaging.privacy.models import RetentionRun

logger = logging.getLogger(__name__)


def next_run_time(now: datetime | None = None) -> datetime:
    """RETENTION_HOUR o'clock (local time) tomorrow."""
    now = timezone.localtime(now or timezone.now())
    tomorrow = now.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time(settings.RETENTION_HOUR)))


def _waiting():
    """The queued daily runs not yet started (the database backend only; None where it cannot be asked)."""
    backend = apply_retention_daily.get_backend()
    if not backend.supports_defer:
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=apply_retention_daily.module_path, status="READY")


def next_queued() -> datetime | None:
    """When the next daily run is queued for, or None if none is queued."""
    waiting = _waiting()
    if waiting is None:
        return None
    return waiting.order_by("run_after").values_list("run_after", flat=True).first()


def start_daily(*, at: datetime | None = None) -> bool:
    """Queue the daily run (now, unless `at`), unless one is queued already. Returns whether it queued one."""
    waiting = _waiting()
    if waiting is None:
        raise RuntimeError("The task backend cannot run tasks later: set TASKS_BACKEND to the database backend.")
    if waiting.exists():
        return False
    apply_retention_daily.using(run_after=at or timezone.now()).enqueue()
    return True


@task()
def apply_retention_daily() -> dict:
    """Apply the retention schedule, then queue tomorrow's run. Returns the counts only: nothing about anyone."""
    try:
        run = retention.apply_schedule(trigger=RetentionRun.Trigger.WORKER)
    finally:
        # Tomorrow's run is queued even if this one failed, so one bad day does not end the chain.
        backend = apply_retention_daily.get_backend()
        if backend.supports_defer:
            apply_retention_daily.using(run_after=next_run_time()).enqueue()
    return {"run": run.pk, "counts": run.counts}
