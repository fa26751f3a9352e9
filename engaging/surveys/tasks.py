"""Background work for surveys, run by the task worker (`manage.py db_worker`)."""

import os
import tempfile

from django.utils import timezone
from django_tasks import task

from engaging.surveys.importing import import_survey
from engaging.surveys.models import ImportChunk, ImportJob

PROGRESS_SAVED = ("bytes_read", "rows_read", "updated_at")


def run_job(job: ImportJob) -> str:
    """Import a queued file: rebuild it on disk from its chunks, import it, then forget the file."""
    job.state = ImportJob.State.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["state", "started_at", "updated_at"])

    def progress(rows: int, position: int) -> None:
        job.rows_read, job.bytes_read = rows, position
        job.save(update_fields=PROGRESS_SAVED)

    suffix = "." + job.filename.rsplit(".", 1)[-1] if "." in job.filename else ""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "upload" + suffix.lower())
        with open(path, "wb") as out:
            for chunk in (
                ImportChunk.objects.filter(job=job)
                .order_by("number")
                .values_list("data", flat=True)
                .iterator(chunk_size=4)
            ):
                out.write(chunk)
        try:
            result = import_survey(
                path=path,
                filename=job.filename,
                survey_name=job.survey_name,
                organisation=job.organisation,
                user=job.user,
                progress=progress,
            )
        except Exception:
            job.state = ImportJob.State.FAILED
            raise
        else:
            job.state = ImportJob.State.DONE if result.ok else ImportJob.State.REFUSED
            job.imported = result.created
            job.problem_count = result.problem_count
            job.problems = result.stored_problems()
            job.notes = [result.summary(), *result.notes] if result.ok else list(result.notes)
        finally:
            ImportChunk.objects.filter(job=job).delete()
            job.finished_at = timezone.now()
            job.save()
    return job.state


@task()
def run_survey_import(job_id: int) -> str:
    """Check and import a queued survey file."""
    job = ImportJob.objects.select_related("organisation", "user").filter(pk=job_id).first()
    if job is None or job.state != ImportJob.State.QUEUED:
        return "gone"
    return run_job(job)
