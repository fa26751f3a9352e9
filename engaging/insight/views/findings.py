"""Recording findings: one at a time from an activity's page, or many at once from a spreadsheet."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engaging.accounts.access import internal_only
from engaging.core.forms import add_errors
from engaging.core.record_versions import save_unless_stale
from engaging.core.spreadsheet_files import csv_lines, xlsx_bytes
from engaging.core.spreadsheets import MAX_PROBLEMS_SHOWN, in_request_or_worker
from engaging.insight import services, spreadsheets
from engaging.insight.forms import FindingForm
from engaging.insight.models import Finding
from engaging.insight.tasks import run_findings_import_job
from engaging.insight.views.access import (
    HOME,
    activity_for_findings,
    finding_crumbs,
    finding_for_editing,
)
from engaging.register.views.spreadsheets import CSV_TYPE, XLSX_TYPE, _attachment, job_context, queue_import


def activity_crumbs(activity, last: str) -> list:
    return [HOME, ("Register", "/register/"), (activity.title, activity.get_absolute_url()), (last, None)]


def _save(request, form, finding):
    try:
        return services.save_finding(finding=form.save(commit=False), relations=form.relations(), user=request.user)
    except ValidationError as error:
        add_errors(form, error)
        return None


@internal_only
@require_http_methods(["GET", "POST"])
def finding_create(request, pk: int):
    activity = activity_for_findings(request.user, pk)
    form = FindingForm(request.POST if request.method == "POST" else None, activity=activity)
    form.instance.activity = activity
    if request.method == "POST" and form.is_valid():
        finding = _save(request, form, form.instance)
        if finding is not None:
            messages.success(request, f"Finding {finding.pk} has been recorded.")
            if "another" in request.POST:
                return redirect("insight:add", pk=activity.pk)
            return redirect(activity)
    return render(
        request,
        "insight/finding_form.html",
        {
            "form": form,
            "activity": activity,
            "title": "Record a finding",
            "crumbs": activity_crumbs(activity, "Record a finding"),
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def finding_edit(request, pk: int):
    finding = finding_for_editing(request.user, pk)
    form = FindingForm(request.POST if request.method == "POST" else None, instance=finding, activity=finding.activity)
    if request.method == "POST" and form.is_valid():
        if save_unless_stale(form, finding, lambda: _save(request, form, finding)) is not None:
            messages.success(request, "Your changes have been saved.")
            return redirect(finding)
    return render(
        request,
        "insight/finding_form.html",
        {
            "form": form,
            "activity": finding.activity,
            "finding": finding,
            "title": f"Edit finding {finding.pk}",
            "crumbs": finding_crumbs(finding, "Edit"),
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def finding_archive(request, pk: int):
    finding = finding_for_editing(request.user, pk)
    if not request.user.has_perm("insight.archive_finding", finding):
        raise PermissionDenied
    if request.method == "POST":
        services.archive_finding(finding=finding)
        messages.success(request, f"Finding {finding.pk} has been archived. A coordinator can restore it.")
        return redirect(finding.activity)
    return render(
        request,
        "insight/archive_confirm.html",
        {"finding": finding, "crumbs": finding_crumbs(finding, "Archive")},
    )


@internal_only
@require_POST
def finding_restore(request, pk: int):
    if not request.user.has_perm("insight.restore_finding"):
        raise PermissionDenied
    finding = get_object_or_404(Finding.everything.archived(), pk=pk, activity__archived_at__isnull=True)
    services.restore_finding(finding=finding)
    messages.success(request, f"Finding {finding.pk} has been restored.")
    return redirect(finding)


# ---- Importing many ------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="A CSV UTF-8 (.csv) or Excel (.xlsx) file.",
        error_messages={"empty": "The file is empty", "invalid": "Choose a CSV or Excel file to import"},
    )
    pasted = forms.CharField(
        label="Or paste the cells",
        required=False,
        max_length=spreadsheets.MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text="Copy the cells from your spreadsheet, with the row of column names, and paste them here.",
        error_messages={"max_length": "Paste fewer rows at a time, or upload the file instead"},
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not (cleaned.get("pasted") or "").strip():
            self.add_error("file", "Choose a CSV or Excel file to import, or paste the cells")
        return cleaned

    def contents(self) -> tuple[bytes, str]:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(spreadsheets.MAX_BYTES + 1), upload.name or ""
        # Cells copied from a spreadsheet arrive separated by tabs, which the CSV reader recognises.
        return self.cleaned_data["pasted"].encode("utf-8"), "pasted.csv"


@internal_only
@require_http_methods(["GET", "POST"])
def finding_import(request, pk: int):
    """Check every row, and record the findings only when all of them are right."""
    activity = activity_for_findings(request.user, pk)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    result = None
    if request.method == "POST" and form.is_valid():
        data, filename = form.contents()
        result = in_request_or_worker(
            data,
            filename,
            limits=spreadsheets.limits(),
            run=lambda seconds: spreadsheets.import_findings(
                data=data, filename=filename, activity=activity, user=request.user, seconds=seconds
            ),
        )
        if result is None:
            job = queue_import(
                user=request.user, data=data, filename=filename, activity=activity, task=run_findings_import_job
            )
            return redirect("insight:import_job", pk=activity.pk, job=job.pk)
        if result.ok:
            count = result.created
            messages.success(request, f"{count:,} finding{'' if count == 1 else 's'} imported.")
            for note in result.notes:
                messages.info(request, note)
            return redirect(activity)
        field = "file" if form.cleaned_data.get("file") else "pasted"
        result.refuse_on(form, field, again="try again")
    return render(
        request,
        "insight/import.html",
        {
            "form": form,
            "activity": activity,
            "result": result,
            "columns": spreadsheets.COLUMNS,
            "kinds": list(Finding.Kind.values),
            "representativeness": list(Finding.Representativeness.values),
            "may_add_themes": request.user.has_perm("insight.manage_themes"),
            "max_rows": spreadsheets.MAX_ROWS,
            "max_megabytes": spreadsheets.MAX_BYTES // (1024 * 1024),
            "shown_limit": MAX_PROBLEMS_SHOWN,
            "crumbs": activity_crumbs(activity, "Import findings"),
        },
    )


@internal_only
@require_GET
def import_template(request, pk: int, fmt: str):
    """The column names and one example row; the Excel template also lists the values each column accepts."""
    activity = activity_for_findings(request.user, pk)
    rows = spreadsheets.template_rows(activity)
    if fmt == "csv":
        response = HttpResponse("".join(csv_lines(rows)), content_type=CSV_TYPE)
    elif fmt == "xlsx":
        content = xlsx_bytes([("Findings", rows), ("Allowed values", spreadsheets.allowed_values_rows())])
        response = HttpResponse(content, content_type=XLSX_TYPE)
    else:
        raise Http404("There is a template for CSV and for Excel only.")
    return _attachment(response, "findings-import-template", fmt)


@internal_only
@require_GET
def import_job(request, pk: int, job: int):
    """Where a large import of findings has got to; refreshes itself while it runs."""
    activity = activity_for_findings(request.user, pk)
    context = job_context(request, job, activity=activity)
    context.update(
        {
            "status_url": reverse("insight:import_job", args=[activity.pk, job]),
            "done_url": activity.get_absolute_url(),
            "done_text": "Go to the activity",
            "again_url": reverse("insight:import", args=[activity.pk]),
            "crumbs": [
                HOME,
                ("Register", "/register/"),
                (activity.title, activity.get_absolute_url()),
                ("Import findings", reverse("insight:import", args=[activity.pk])),
                (str(context["job"]), None),
            ],
        }
    )
    template = "register/_import_job_status.html" if request.htmx else "register/import_job.html"
    return render(request, template, context)
