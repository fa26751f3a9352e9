"""Uploading a file of comments: small files checked and added while the officer waits, large ones by the worker."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from engaging.accounts.access import internal_only, roles_for
from engaging.accounts.models import Organisation
from engaging.core.kept import kept_view
from engaging.core.spreadsheet_files import csv_lines, xlsx_bytes
from engaging.core.spreadsheets import MAX_PROBLEMS_SHOWN, Problem, in_request_or_worker
from engaging.themes import frameworks, importing
from engaging.themes.forms import CommentImportForm
from engaging.themes.models import CommentImport, Framework
from engaging.themes.tasks import run_comment_import
from engaging.themes.views import HOME, THEMES, _require_coder

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
IMPORT = ("Import comments", "/themes/import/")
# An import the worker has said nothing about for this long has probably stopped.
STALLED = timedelta(minutes=10)
TEMPLATE_ROWS = [
    ["text", "date", "area"],
    ["The nurse explained everything and I felt listened to.", "2025-03-14", ""],
]


def _organisations(user) -> list[Organisation]:
    """Whose comments a person may import: an officer's own organisations; any organisation for a coordinator."""
    roles = roles_for(user)
    organisations = Organisation.objects.order_by("name")
    if not roles.coordinator:
        organisations = organisations.filter(pk__in=roles.officer_of)
    return list(organisations)


def _frameworks() -> list[Framework]:
    frameworks.install_builtin()
    return list(Framework.objects.order_by("-built_in", "name"))


@internal_only
@require_http_methods(["GET", "POST"])
@kept_view(params=("framework",))
def import_comments(request):
    """Upload comments: every row is checked, and they are added (and given suggestions) only if all are right."""
    _require_coder(request.user)
    posted = request.method == "POST"
    form = CommentImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        frameworks=_frameworks(),
        organisations=_organisations(request.user),
        initial={"framework": request.GET.get("framework")} if request.GET.get("framework") else None,
    )
    result = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        # One byte over the limit is enough to know the file is too large, without reading all of it.
        data, filename = upload.read(settings.IMPORT_MAX_BYTES + 1), upload.name or ""
        framework, organisation = form.chosen_framework(), form.chosen_organisation()
        column = form.cleaned_data["text_column"]
        result = in_request_or_worker(
            data,
            filename,
            limits=importing.limits(),
            run=lambda seconds: importing.import_comments(
                data=data,
                filename=filename,
                framework=framework,
                organisation=organisation,
                text_column=column,
                seconds=seconds,
            ),
        )
        if result is None:
            job = CommentImport.objects.create(
                user=request.user,
                framework=framework,
                organisation=organisation,
                filename=filename[:255],
                text_column=column[:200],
                data=data,
                size=len(data),
            )
            transaction.on_commit(lambda: run_comment_import.enqueue(job.pk))
            return redirect("themes:import_job", pk=job.pk)
        if result.ok:
            count = result.created
            messages.success(
                request,
                f"{count:,} comment{'' if count == 1 else 's'} imported into {framework.name}, "
                "each with suggested themes and a sentiment to confirm.",
            )
            for note in result.notes:
                messages.info(request, note)
            return redirect(f"{reverse('themes:index')}?framework={framework.key}")
        result.refuse_on(form)
    return render(
        request,
        "themes/import.html",
        {
            "form": form,
            "result": result,
            "max_rows": settings.IMPORT_MAX_ROWS,
            "web_rows": settings.THEMES_IMPORT_WEB_ROWS,
            "max_megabytes": max(settings.IMPORT_MAX_BYTES // (1024 * 1024), 1),
            "shown_limit": MAX_PROBLEMS_SHOWN,
            "recent": CommentImport.objects.filter(user=request.user).select_related("framework").defer("data")[:5],
            "crumbs": [HOME, THEMES, ("Import comments", None)],
        },
    )


@internal_only
@require_GET
def import_template(request, fmt: str):
    """The column names and one example row, as CSV or Excel."""
    _require_coder(request.user)
    if fmt == "csv":
        response = HttpResponse("".join(csv_lines(TEMPLATE_ROWS)), content_type=CSV_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes([("Comments", TEMPLATE_ROWS)]), content_type=XLSX_TYPE)
    else:
        raise Http404("There is a template for CSV and for Excel only.")
    response["Content-Disposition"] = (
        f'attachment; filename="comments-import-template-{timezone.localdate():%Y-%m-%d}.{fmt}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@internal_only
@require_GET
def import_job(request, pk: int):
    """Where a large import has got to; the page refreshes its status by itself while it runs."""
    job = get_object_or_404(CommentImport.objects.select_related("framework").defer("data"), pk=pk)
    if job.user_id != request.user.pk and not roles_for(request.user).coordinator:
        raise Http404("No such import")
    problems = [Problem(p["row"], p["column"], p["message"]) for p in job.problems]
    context = {
        "job": job,
        "file_problems": [p for p in problems if p.row is None],
        "row_problems": [p for p in problems if p.row is not None],
        "hidden_count": job.problem_count - len(problems),
        "shown_limit": MAX_PROBLEMS_SHOWN,
        # A worker stopped part-way (restarted, or out of memory) leaves the import running for ever: say so.
        "stalled": job.state == CommentImport.State.RUNNING and job.updated_at < timezone.now() - STALLED,
        "status_url": reverse("themes:import_job", args=[pk]),
        "crumbs": [HOME, THEMES, IMPORT, (str(job), None)],
    }
    template = "themes/_import_job_status.html" if request.htmx else "themes/import_job.html"
    return render(request, template, context)
