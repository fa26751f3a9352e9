"""The "Your data" page (what the hub keeps, why and for how long; for coordinators, the schedule's form and its
last runs) and the coordinators' record of who viewed stories and equality answers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from engaging.accounts.access import permission_required
from engaging.accounts.models import User
from engaging.core import cache
from engaging.core.kept import kept_view
from engaging.core.models import ViewRecord
from engaging.privacy import schedule, tasks
from engaging.privacy.forms import ScheduleForm, ViewsFilterForm, field_name
from engaging.privacy.models import RetentionRun
from engaging.privacy.viewing import KIND_LABELS, changes_to, describe

HOME = ("Home", "/")
YOUR_DATA = ("Your data", "/your-data/")
RUNS_SHOWN = 10
VIEWS_PER_PAGE = 50
# What the filters of who viewed what send: each date as its day, month and year, or whole.
VIEWS_PARAMS = ("person", "kind", "record", "page") + tuple(
    f"{name}{part}" for name in ("viewed_from", "viewed_to") for part in ("", "_day", "_month", "_year")
)


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


def _views_shown(request) -> tuple:
    """The filters, and the page of view records they ask for, read once per request. View records have no
    version (they are written as pages are read), so they are read outside what the page keeps, on every
    request, and the kept page is kept for the records shown and how many there are (`_views_key`)."""
    if not hasattr(request, "_views_shown"):
        form = ViewsFilterForm(request.GET or None)
        records = form.filtered(ViewRecord.objects.all()) if form.is_bound else ViewRecord.objects.all()
        page = Paginator(records.order_by("-viewed_at", "-pk"), VIEWS_PER_PAGE).get_page(request.GET.get("page"))
        request._views_shown = (form, page, list(page.object_list))
    return request._views_shown


def _views_key(request) -> tuple:
    _, page, shown = _views_shown(request)
    return page.paginator.count, [(r.pk, r.viewer_id, r.kind, r.object_id, r.viewed_at, r.path) for r in shown]


@permission_required("privacy.see_views")
@require_GET
@kept_view(params=VIEWS_PARAMS, words=("person",), more=_views_key)
def views_log(request):
    """Who viewed a story or equality answers, filtered by person, kind and dates, newest first, with the changes to
    the record when one record is chosen."""
    form, page, shown = _views_shown(request)
    asked = request.GET.get("page")
    if asked is not None and asked != str(page.number):
        cache.skip()  # a page not named as the page's own links name it: answered, and not kept
    viewers = User.objects.in_bulk({record.viewer_id for record in shown if record.viewer_id is not None})
    for record in shown:
        record.viewer = viewers.get(record.viewer_id)
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
