"""Background work for reports, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from engaging.core.addresses import using_root
from engaging.reports.generation import generate_all


@task()
def generate_local_account(account_id: int, site: str = "") -> str:
    """Write a Local Account's PDF, Word and Easy Read files; the account records each step for its status page.

    `site` is the address of the request that asked for them, for the links they print when SITE_URL is not set.
    """
    with using_root(site):
        return generate_all(account_id=account_id)
