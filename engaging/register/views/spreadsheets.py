"""Download the register as a spreadsheet, and import activities from one."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from engaging.accounts.access import internal_only, roles_for
from engaging.core.spreadsheet_files import csv_lines, xlsx_bytes
from engaging.core.spreadsheets import MAX_PROBLEMS_SHOWN, Problem, in_request_or_worker
from engaging.register import spreadsheets
from engaging.register.filters import ActivityFilter
from engaging.register.models import Activity, ImportJob
from engaging.register.tasks import run_import_job

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def _attachment(response, stem: str, extension: str):
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _filtered(request):
    """The activities the list page would show for the same query string."""
    return ActivityFilter(request.GET or None, queryset=Activity.objects.all()).qs


@internal_only
@require_GET
def export_csv(request):
    """The filtered register as CSV, streamed so a large register never sits in memory."""
    lines = csv_lines(_with_header(_filtered(request)))
    return _attachment(StreamingHttpResponse(lines, content_type=CSV_TYPE), "engagement-register", "csv")


def _with_header(queryset):
    yield spreadsheets.HEADER
    yield from spreadsheets.export_rows(queryset)


@internal_only
@require_GET
def export_xlsx(request):
    """The filtered register as an Excel workbook with the same columns as the import template."""
    content = xlsx_bytes([("Activities", _with_header(_filtered(request)))])
    return _attachment(HttpResponse(content, content_type=XLSX_TYPE), "engagement-register", "xlsx")


def _may_import(request) -> None:
    if not request.user.has_perm("register.import_activity"):
        raise PermissionDenied


@internal_only
@require_GET
def import_template(request, fmt):
    """An empty sheet to fill in: the column names and one example row; the workbook also lists allowed values."""
    _may_import(request)
    rows = spreadsheets.template_rows(request.user)
    if fmt == "csv":
        response = HttpResponse("".join(csv_lines(rows)), content_type=CSV_TYPE)
    elif fmt == "xlsx":
        content = xlsx_bytes([("Activities", rows), ("Allowed values", spreadsheets.allowed_values_rows())])
        response = HttpResponse(content, content_type=XLSX_TYPE)
    else:
        raise Http404("There is a template for CSV and for Excel only.")
    return _attachment(response, "activities-import-template", fmt)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV UTF-8 (.csv) or Excel (.xlsx) file.",
        error_messages={
            "required": "Choose a CSV or Excel file to import",
            "empty": "The file is empty",
            "invalid": "Choose a CSV or Excel file to import",
            "missing": "Choose a CSV or Excel file to import",
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def import_activities(request):
    """Upload a file: every row is checked, and activities are created only when all rows are right."""
    _may_import(request)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # One byte over the limit is enough to know the file is too large, without reading all of it.
        data, filename = upload.read(settings.IMPORT_MAX_BYTES + 1), upload.name or ""
        result = in_request_or_worker(
            data,
            filename,
            limits=spreadsheets.limits(),
            run=lambda seconds: spreadsheets.import_activities(
                data=data, filename=filename, user=request.user, seconds=seconds
            ),
        )
        if result is None:
            job = queue_import(user=request.user, data=data, filename=filename, task=run_import_job)
            return redirect("register:import_job", pk=job.pk)
        if result.ok:
            count = result.created
            messages.success(request, f"{count:,} {'activity' if count == 1 else 'activities'} imported.")
            for note in result.notes:
                messages.info(request, note)
            return redirect("register:list")
        result.refuse_on(form)
    return render(
        request,
        "register/import.html",
        {
            "form": form,
            "result": result,
            "columns": spreadsheets.COLUMNS,
            "max_rows": settings.IMPORT_MAX_ROWS,
            "max_megabytes": max(settings.IMPORT_MAX_BYTES // (1024 * 1024), 1),
            "shown_limit": MAX_PROBLEMS_SHOWN,
            "crumbs": [("Home", "/"), ("Register", "/register/"), ("Import activities", None)],
        },
    )


def queue_import(*, user, data: bytes, filename: str, task, activity=None) -> ImportJob:
    """Keep the file for the task worker, which checks and imports it once this request's changes are saved."""
    job = ImportJob.objects.create(user=user, activity=activity, filename=filename[:255], data=data, size=len(data))
    transaction.on_commit(lambda: task.enqueue(job.pk))
    return job


def job_context(request, pk: int, **found) -> dict:
    """Where an import the worker runs has got to, for the page and for the part of it that refreshes."""
    job = get_object_or_404(ImportJob.objects.defer("data"), pk=pk, **found)
    if job.user_id != request.user.pk and not roles_for(request.user).coordinator:
        raise Http404("No such import")
    problems = [Problem(p["row"], p["column"], p["message"]) for p in job.problems]
    return {
        "job": job,
        "file_problems": [p for p in problems if p.row is None],
        "row_problems": [p for p in problems if p.row is not None],
        "hidden_count": job.problem_count - len(problems),
    }


@internal_only
@require_GET
def import_job(request, pk: int):
    """Where a large import has got to; refreshes itself while it runs."""
    context = job_context(request, pk, activity__isnull=True)
    context.update(
        {
            "status_url": reverse("register:import_job", args=[pk]),
            "done_url": reverse("register:list"),
            "done_text": "Go to the register",
            "again_url": reverse("register:import"),
            "crumbs": [
                ("Home", "/"),
                ("Register", "/register/"),
                ("Import activities", "/register/import/"),
                (str(context["job"]), None),
            ],
        }
    )
    template = "register/_import_job_status.html" if request.htmx else "register/import_job.html"
    return render(request, template, context)
