"""The page that imports survey results: small files while the person waits, large ones by the task worker."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from engaging.accounts.access import internal_only, require, roles_for
from engaging.core.spreadsheets import MAX_PROBLEMS_SHOWN, Problem
from engaging.surveys.forms import SurveyImportForm
from engaging.surveys.importing import import_survey
from engaging.surveys.models import ImportChunk, ImportJob
from engaging.surveys.tasks import run_survey_import

CHUNK = 1024 * 1024
CRUMBS = [("Home", "/"), ("Surveys and indicators", "/surveys/")]


def _queue(*, upload, user, survey_name: str, organisation) -> ImportJob:
    """Keep the file in chunks for the task worker, which imports it once this request's changes are saved."""
    job = ImportJob.objects.create(
        user=user,
        survey_name=survey_name,
        organisation=organisation,
        filename=(upload.name or "")[:255],
        size=upload.size,
    )
    ImportChunk.objects.bulk_create(
        [ImportChunk(job=job, number=n, data=piece) for n, piece in enumerate(upload.chunks(CHUNK))], batch_size=8
    )
    transaction.on_commit(lambda: run_survey_import.enqueue(job.pk))
    return job


def _upload_path(upload) -> str | None:
    """Where Django kept a large upload on disk; None for one it holds in memory."""
    return getattr(upload, "temporary_file_path", lambda: None)()


@internal_only
@require_http_methods(["GET", "POST"])
def import_results(request):
    """Upload a file of respondents: every row is checked, and nothing is imported unless all are right."""
    require(request.user, "surveys.import_survey")
    posted = request.method == "POST"
    form = SurveyImportForm(request.POST if posted else None, request.FILES if posted else None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = data["survey"]
        name = survey.name if survey else data["name"]
        organisation = survey.organisation if survey else data["organisation"]
        upload = data["file"]
        if upload.size > settings.SURVEY_IMPORT_MAX_BYTES:
            form.add_error("file", f"The file must be smaller than {settings.SURVEY_IMPORT_MAX_BYTES // 2**20:,} MB")
        elif upload.size > settings.IMPORT_BACKGROUND_BYTES:
            job = _queue(upload=upload, user=request.user, survey_name=name, organisation=organisation)
            return redirect("surveys:import_job", pk=job.pk)
        else:
            result = _import_now(upload, name, organisation, request.user)
            if result.ok:
                messages.success(request, result.summary())
                for note in result.notes:
                    messages.info(request, note)
                return redirect("surveys:index")
            result.refuse_on(form)
    return render(
        request,
        "surveys/import.html",
        {
            "form": form,
            "result": result,
            "minimum": settings.SURVEY_MIN_RESPONDENTS,
            "max_megabytes": settings.SURVEY_IMPORT_MAX_BYTES // 2**20,
            "shown_limit": MAX_PROBLEMS_SHOWN,
            "crumbs": [*CRUMBS, ("Import survey results", None)],
        },
    )


def _import_now(upload, name, organisation, user):
    import os
    import tempfile

    path = _upload_path(upload)
    if path:
        return import_survey(
            path=path, filename=upload.name or "", survey_name=name, organisation=organisation, user=user
        )
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in (upload.name or "") else ""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "upload" + suffix)
        with open(path, "wb") as out:
            for piece in upload.chunks(CHUNK):
                out.write(piece)
        return import_survey(
            path=path, filename=upload.name or "", survey_name=name, organisation=organisation, user=user
        )


@internal_only
@require_GET
def import_job(request, pk: int):
    """Where a large import has got to; refreshes itself while it runs."""
    job = get_object_or_404(ImportJob, pk=pk)
    if job.user_id != request.user.pk and not roles_for(request.user).coordinator:
        raise Http404("No such import")
    problems = [Problem(p["row"], p["column"], p["message"]) for p in job.problems]
    context = {
        "job": job,
        "file_problems": [p for p in problems if p.row is None],
        "row_problems": [p for p in problems if p.row is not None],
        "hidden_count": job.problem_count - len(problems),
        "shown_limit": MAX_PROBLEMS_SHOWN,
        "status_url": reverse("surveys:import_job", args=[pk]),
        "crumbs": [*CRUMBS, ("Import survey results", reverse("surveys:import")), (str(job), None)],
    }
    template = "surveys/_import_job_status.html" if request.htmx else "surveys/import_job.html"
    return render(request, template, context)
