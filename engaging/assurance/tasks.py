"""Background work for assurance, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from engaging.assurance import stored


@task()
def refresh_figures() -> int:
    """Work out again the stored figures a committed change is waiting for; queued by refreshing.queue_refresh."""
    return stored.refresh()
