"""The "Your data" page (what the hub keeps, why and for how long; for coordinators, the schedule's form and its
last runs) and the coordinators' record of who viewed stories and equality answers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from engaging.accounts.access import permission_required
from engaging.core.kept import kept_view, page_of
from engaging.core.models import ViewRecord
from engaging.privacy import schedule, tasks
from engaging.privacy.forms import ScheduleForm, ViewsFilterForm, field_name
from engaging.privacy.models import RetentionRun
from engaging.privacy.viewing import KIND_LABELS, changes_to, describe

HOME = ("Home", "/")
YOUR_DATA = ("Your data", "/your-data/")
RUNS_SHOWN = 10
VIEWS_PER_PAGE = 50


def _next_run(request):
    """When the next run is queued for, shown to those who may change the schedule: read from the task queue,
    which has no version, once per request and outside what the page keeps."""
    if not hasattr(request, "_next_retention_run"):
        may = request.user.has_perm("privacy.change_schedule")
        request._next_retention_run = tasks.next_queued() if may else None
    return request._next_retention_run


@require_http_methods(["GET", "POST"])
@kept_view(more=_next_run)
def your_data(request):
    """For everyone: what is kept, why, for how long and what happens then. For coordinators: change the days."""
    periods = schedule.periods()
    can_change = request.user.has_perm("privacy.change_schedule")
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    form = None
    if can_change:
        form = ScheduleForm(request.POST if request.method == "POST" else None, periods=periods)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                changed = schedule.set_days(days=form.days(), user=request.user)
            if changed:
                names = ", ".join(schedule.BY_KEY[key].name.lower() for key in changed)
                messages.success(request, f"The schedule is saved. Changed: {names}. The next run applies it.")
            else:
                messages.info(request, "Nothing changed: every kind is kept for the days it was already.")
            return redirect("privacy:your_data")
    context = {
        "periods": periods,
        "form": form,
        "rows": [(period, form[field_name(period.kind.key)]) for period in periods] if form else [],
        "crumbs": [HOME, (YOUR_DATA[0], None)],
    }
    if can_change:
        context["runs"] = list(RetentionRun.objects.all()[:RUNS_SHOWN])
        context["names"] = {kind.key: kind.name for kind in schedule.KINDS}
        context["next_run"] = _next_run(request)
        context["can_see_views"] = request.user.has_perm("privacy.see_views")
    return render(request, "privacy/your_data.html", context)


@permission_required("privacy.see_views")
@require_GET
def views_log(request):
    """Who viewed a story or equality answers, filtered by person, kind and dates, newest first, with the changes to
    the record when one record is chosen."""
    form = ViewsFilterForm(request.GET or None)
    records = ViewRecord.objects.select_related("viewer")
    if form.is_bound:
        records = form.filtered(records)
    page = page_of(Paginator(records.order_by("-viewed_at", "-pk"), VIEWS_PER_PAGE), request)
    shown = list(page.object_list)
    described = describe(shown)
    rows = [(record, KIND_LABELS.get(record.kind, record.kind), described.get((record.kind, record.object_id)))
            for record in shown]  # fmt: skip
    record_chosen = form.is_bound and form.is_valid() and form.cleaned_data["kind"] and form.cleaned_data["record"]
    chosen = None
    if record_chosen:
        kind, object_id = form.cleaned_data["kind"], form.cleaned_data["record"]
        chosen = {
            "label": KIND_LABELS.get(kind, kind),
            "viewed": describe([ViewRecord(kind=kind, object_id=object_id)]).get((kind, object_id)),
            "object_id": object_id,
            "changes": changes_to(kind, object_id),
        }
    return render(
        request,
        "privacy/views.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "chosen": chosen,
            "kept_for": schedule.plain_days(schedule.days_now()["views"]),
            "crumbs": [HOME, YOUR_DATA, ("Who viewed stories and equality answers", None)],
        },
    )
