"""Background work for the insight library, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from engaging.register.tasks import run_job


@task()
def run_findings_import_job(job_id: int) -> str:
    """Check and import a queued spreadsheet of one activity's findings, as the import page would."""
    from engaging.insight import spreadsheets

    return run_job(
        job_id,
        lambda job: spreadsheets.import_findings(
            data=bytes(job.data), filename=job.filename, activity=job.activity, user=job.user
        ),
    )
