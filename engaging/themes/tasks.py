"""Background work for theme analysis, run by the task worker (`manage.py db_worker`)."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from engaging.core.spreadsheets import STOPPED
from engaging.themes.models import Framework, TrainingRun


@task()
def retrain(run_id: int) -> str:
    """Train a framework's classifier from its confirmed comments, showing progress on the run, then reclassify.

    A run that is not waiting (already started by another worker) is left alone.
    """
    from engaging.themes import services, training

    claimed = TrainingRun.objects.filter(pk=run_id, state=TrainingRun.State.QUEUED).update(
        state=TrainingRun.State.RUNNING, step="Reading confirmed comments", progress=1
    )
    if not claimed:
        return "skipped"
    run = TrainingRun.objects.select_related("framework").get(pk=run_id)

    def progress(percent: int, step: str) -> None:
        TrainingRun.objects.filter(pk=run_id).update(progress=percent, step=step)

    coded = services.coded_from_confirmed(run.framework)
    if len(coded.texts) < training.MIN_COMMENTS or not coded.Y.any():
        TrainingRun.objects.filter(pk=run_id).update(
            state=TrainingRun.State.FAILED,
            finished_at=timezone.now(),
            message=f"Confirm at least {training.MIN_COMMENTS} comments, with themes, before training.",
        )
        return "too few"
    try:
        training.train(framework=run.framework, coded=coded, source=run.source, run=run, progress=progress)
    except Exception as error:  # the officer sees that it failed; the previous model stays in use
        TrainingRun.objects.filter(pk=run_id).update(
            state=TrainingRun.State.FAILED, finished_at=timezone.now(), message=str(error)[:1000]
        )
        raise
    progress(90, "Suggesting themes for unconfirmed comments")
    services.classify_comments(framework=run.framework, everything=True)
    progress(100, "Trained")
    return "trained"


@task()
def classify_new(framework_id: int) -> int:
    """Gather new comments from every source and suggest their themes."""
    from engaging.themes import services

    framework = Framework.objects.get(pk=framework_id)
    services.gather_comments(framework=framework)
    return services.classify_comments(framework=framework)


def request_retraining(*, framework: Framework, user) -> TrainingRun:
    """Queue a training from the confirmed comments; the task worker runs it and then reclassifies the rest."""
    run = TrainingRun.objects.create(framework=framework, source="confirmed comments", requested_by=user)
    transaction.on_commit(lambda: retrain.enqueue(run.pk))
    return run


@task()
def run_comment_import(import_id: int) -> str:
    """Check, add and classify a large file of comments, saying how far it has got; all rows or none."""
    from engaging.themes.importing import import_comments
    from engaging.themes.models import CommentImport

    claimed = CommentImport.objects.filter(pk=import_id, state=CommentImport.State.QUEUED).update(
        state=CommentImport.State.RUNNING, started_at=timezone.now(), progress=1, step="Checking the file"
    )
    if not claimed:
        return "skipped"
    job = CommentImport.objects.select_related("framework", "organisation").get(pk=import_id)

    def progress(percent: int, step: str) -> None:
        CommentImport.objects.filter(pk=import_id).update(progress=percent, step=step[:200], updated_at=timezone.now())

    try:
        result = import_comments(
            data=bytes(job.data),
            filename=job.filename,
            framework=job.framework,
            organisation=job.organisation,
            text_column=job.text_column,
            progress=progress,
        )
    except Exception:
        job.state = CommentImport.State.FAILED
        job.problems = [STOPPED]
        job.problem_count = 1
        raise
    else:
        job.state = CommentImport.State.DONE if result.ok else CommentImport.State.REFUSED
        job.created_count = result.created
        job.problem_count = result.problem_count
        job.problems = result.stored_problems()
        job.notes = list(result.notes)
    finally:
        job.data = b""
        job.progress = 100
        job.step = ""
        job.finished_at = timezone.now()
        job.save()
    return job.state
