"""Background work for reports, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task


@task()
def generate_local_account(account_id: int) -> str:
    """Write a Local Account's PDF, Word and Easy Read files; the account records each step for its status page."""
    from engaging.reports.services import generate_all

    return generate_all(account_id=account_id)
