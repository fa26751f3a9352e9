from dataclasses import dataclass
from functools import cache

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, router
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods, require_POST

from engaging.accounts.access import internal_only
from engaging.core.forms import add_errors
from engaging.core.kept import kept_parts, kept_view, page_of, render_page
from engaging.core.record_versions import save_unless_stale
from engaging.plain.publishing import records_for
from engaging.register import services
from engaging.register.filters import ActivityFilter
from engaging.register.forms import ActivityForm, ParticipantCountsForm, StatusForm
from engaging.register.levels import LEVEL_MEANINGS, TYPE_MEANINGS
from engaging.register.models import Activity, EngagementLevel, EngagementType, JoinUp, Status
from engaging.register.overlaps import Plan, is_finished, ranked_overlaps
from engaging.register.templatetags.activity_tags import ROW_FIELDS
from engaging.register.views.access import activity_for_editing, activity_for_reading

PAGE_SIZE = 25
LIST_PARAMS = (*ActivityFilter.base_filters, "page")  # what the register list reads from its address
REGISTER = ("Register", "/register/")


def filtered_activities(request, base=None):
    queryset = Activity.objects.all() if base is None else base
    return ActivityFilter(request.GET or None, queryset=queryset)


@internal_only
def activity_list(request):
    def listed():
        activity_filter = filtered_activities(request)
        # Each lead organisation is read by id for the page's rows: joining every activity to its lead
        # to sort them would read the whole register for one page.
        listed = activity_filter.qs.only(*ROW_FIELDS).prefetch_related("lead_organisation")
        paginator = Paginator(listed, PAGE_SIZE)
        page = page_of(paginator, request)
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "filter": activity_filter,
            "page_obj": page,
            "activities": list(page.object_list),
            "query": query.urlencode(),
            "can_add": request.user.has_perm("register.add_activity"),
        }

    page = kept_parts(request, "register-list", LIST_PARTS, listed, params=LIST_PARAMS, words=("q",))
    crumbs = [("Home", "/"), ("Register", None)]
    return render_page(request, "register/list.html", {**page, "crumbs": crumbs}, params=LIST_PARAMS)


LIST_PARTS = {"title": "register/_list_title.html", "body": "register/_list_body.html"}


@internal_only
def activity_detail(request, pk: int):
    def shown() -> dict:
        activity = get_object_or_404(Activity.objects.select_related("lead_organisation"), pk=pk)
        links = linked_lists(activity)
        overlaps = ranked_overlaps(Plan.of(activity, links))
        joinups = list(
            JoinUp.objects.filter(Q(from_activity=activity) | Q(to_activity=activity))
            .select_related("from_activity__lead_organisation", "to_activity__lead_organisation")
            .only(*JOINUP_SHOWN)
        )
        joined_with = {j.to_activity_id for j in joinups} | {j.from_activity_id for j in joinups}
        answerable = {
            j.pk
            for j in joinups
            if j.status == JoinUp.Status.PROPOSED and request.user.has_perm("register.respond_joinup", j)
        }
        can_change = request.user.has_perm("register.change_activity", activity)
        return {
            "activity": activity,
            "links": links,
            "overlaps": overlaps,
            "finished": is_finished(status=activity.status, end_date=activity.end_date),
            "joinups": joinups,
            "joined_with": joined_with,
            "answerable": answerable,
            "can_change": can_change,
            "can_restore": request.user.has_perm("register.restore_activity"),
            "next_statuses": [(s, Status(s).label) for s in activity.next_statuses] if can_change else [],
            "participant_counts": activity.participant_counts.select_related("group"),
            "publish_anyway": publish_anyway_rows(activity),
            "crumbs": [("Home", "/"), REGISTER, (activity.title, None)],
        }

    # Every panel on the page is kept together until a record any of them shows changes.
    page = kept_parts(request, "activity", DETAIL_PARTS, shown, params=())
    return render_page(request, "register/detail.html", {"title": page["title"], "crumbs_html": page["crumbs"],
                                                          "body": page["body"]}, params=())  # fmt: skip


DETAIL_PARTS = {
    "title": "register/_detail_title.html",
    "crumbs": "register/_detail_crumbs.html",
    "body": "register/_detail_body.html",
}


# What the activity page shows of each join-up: the other activity's title and lead, never its whole record.
JOINUP_SHOWN = (
    "status",
    "message",
    "created_at",
    "from_activity__title",
    "from_activity__lead_organisation__name",
    "to_activity__title",
    "to_activity__lead_organisation__name",
)


@dataclass(frozen=True)
class Linked:
    """A list item linked to an activity, as its page shows it."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class LinkedLists:
    """An activity's live partners, methods, target groups, areas and priorities, each in its list's order."""

    partners: list[Linked]
    methods: list[Linked]
    groups: list[Linked]
    areas: list[Linked]
    priorities: list[Linked]

    def ids(self, kind: str) -> frozenset[int]:
        return frozenset(item.pk for item in getattr(self, kind))


# (kind, many-to-many field of Activity, what the item's list is ordered by)
LINKED = (
    ("partners", "partner_organisations", "name"),
    ("methods", "methods", "name"),
    ("groups", "groups", "name"),
    ("areas", "areas", "path"),
    ("priorities", "priorities", "name"),
)


@cache
def _linked_sql(alias: str) -> str:
    """The query behind `linked_lists`, written once from the models: only the activity changes.

    Building it with the ORM on every request (five querysets, their union and its ordering) cost
    more than running it.
    """
    quote = connections[alias].ops.quote_name
    selects = []
    for kind, name, order in LINKED:
        field = Activity._meta.get_field(name)
        link, item = field.remote_field.through._meta.db_table, field.related_model._meta.db_table
        item_column, activity_column = quote(field.m2m_reverse_name()), quote(field.m2m_column_name())
        selects.append(
            f"SELECT '{kind}' AS kind, item.id AS item_id, item.{quote(order)} AS sort_key, item.name AS name "
            f"FROM {quote(link)} link INNER JOIN {quote(item)} item ON item.id = link.{item_column} "
            f"WHERE link.{activity_column} = %s AND item.archived_at IS NULL"
        )
    return " UNION ALL ".join(selects) + " ORDER BY kind, sort_key, item_id"


def linked_lists(activity) -> LinkedLists:
    """What `activity` is linked to, read in one query: a prefetch for each list would take five.

    Archived items are left out, as the lists' own managers leave them out. Sorting is left to the
    database, so names come in the order its collation gives them, as anywhere else in the hub.
    """
    found: dict[str, list[Linked]] = {kind: [] for kind, *_ in LINKED}
    connection = connections[router.db_for_read(Activity)]
    with connection.cursor() as cursor:
        cursor.execute(_linked_sql(connection.alias), [activity.pk] * len(LINKED))
        for kind, pk, _, name in cursor.fetchall():
            found[kind].append(Linked(pk, name))
    return LinkedLists(**found)


def publish_anyway_rows(obj) -> list[dict]:
    """Each time text of `obj` was published although it missed the plain-English target, newest first."""
    rows = []
    for record in records_for(obj).select_related("recorded_by"):
        try:
            label = capfirst(obj._meta.get_field(record.field).verbose_name)
        except FieldDoesNotExist:
            label = capfirst(record.field.replace("_", " "))
        rows.append({"record": record, "label": label})
    return rows


def _form_page(request, form, activity=None):
    overlaps = finished = None
    if form.is_bound and "check" in request.POST:
        overlaps = overlaps_for_form(form, activity)
        finished = finished_plan(form.data, activity)
    title = f"Edit {activity.title}" if activity else "Plan an activity"
    crumbs = [("Home", "/"), REGISTER]
    if activity:
        crumbs.append((activity.title, activity.get_absolute_url()))
    crumbs.append(("Edit" if activity else "Plan an activity", None))
    return render(
        request,
        "register/form.html",
        {
            "form": form,
            "activity": activity,
            "title": title,
            "overlaps": overlaps,
            "finished": finished,
            "crumbs": crumbs,
            "type_meanings": [(EngagementType(k).label, v) for k, v in TYPE_MEANINGS.items()],
            "level_meanings": [(EngagementLevel(k).label, v) for k, v in LEVEL_MEANINGS.items()],
        },
    )


def overlaps_for_form(form, activity=None):
    """Overlaps for whatever the form holds so far, valid or not."""
    return overlaps_for_data(form.data, activity)


def overlaps_for_data(data, activity=None):
    """Overlaps for whatever a submitted activity form holds, valid or not; None until its dates are usable."""
    plan = Plan.from_data(data, activity.pk if activity else None)
    return None if plan is None else ranked_overlaps(plan)


def finished_plan(data, activity=None) -> bool:
    """Whether the activity in a submitted form is already over (by its status, or the end date typed)."""
    plan = Plan.from_data(data)
    return is_finished(status=activity.status if activity else None, end_date=plan.end_date if plan else None)


def _save(request, form) -> Activity | None:
    """Save a valid activity form through the service the API uses too, with the reason for any text
    published although it missed the target; None, with the service's problems on the form, if it refuses."""
    try:
        return services.save_activity(
            activity=form.save(commit=False),
            relations=form.relations(),
            user=request.user,
            publish_anyway=form.publish_anyway_reasons(),
        )
    except ValidationError as error:
        add_errors(form, error)
        return None


@internal_only
@require_http_methods(["GET", "POST"])
@kept_view()
def activity_create(request):
    if not request.user.has_perm("register.add_activity"):
        raise PermissionDenied
    form = ActivityForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and "check" not in request.POST and form.is_valid():
        activity = _save(request, form)
        if activity is not None:
            messages.success(request, f"“{activity.title}” has been added to the register.")
            return redirect(activity)
    return _form_page(request, form)


@internal_only
@require_http_methods(["GET", "POST"])
@kept_view()
def activity_edit(request, pk: int):
    activity = activity_for_editing(request.user, pk)
    form = ActivityForm(request.POST if request.method == "POST" else None, instance=activity, user=request.user)
    if (
        request.method == "POST"
        and "check" not in request.POST
        and form.is_valid()
        and save_unless_stale(form, activity, lambda: _save(request, form))
    ):
        messages.success(request, "Your changes have been saved.")
        return redirect(activity)
    return _form_page(request, form, activity)


@internal_only
@require_POST
def activity_status(request, pk: int):
    activity = activity_for_editing(request.user, pk)
    form = StatusForm(request.POST, activity=activity)
    if form.is_valid():
        try:
            services.change_status(activity=activity, new_status=form.cleaned_data["status"])
        except ValidationError as error:
            # Another part of the hub may hold the move back, such as "evaluated" needing an evaluation.
            messages.error(request, " ".join(error.message_dict.get("status", error.messages)))
        else:
            messages.success(request, f"The activity is now {activity.get_status_display().lower()}.")
    else:
        messages.error(request, form.errors["status"][0])
    return redirect(activity)


@internal_only
@require_http_methods(["GET", "POST"])
def activity_cancel(request, pk: int):
    """Cancelling cannot be undone, so it is asked for on a page of its own and confirmed with a POST."""
    activity = activity_for_editing(request.user, pk)
    if Status.CANCELLED not in activity.next_statuses:
        messages.error(request, f"An activity that is {activity.get_status_display().lower()} cannot be cancelled.")
        return redirect(activity)
    if request.method == "POST":
        services.change_status(activity=activity, new_status=Status.CANCELLED)
        messages.success(request, f"“{activity.title}” has been cancelled.")
        return redirect(activity)
    return render(
        request,
        "register/cancel_confirm.html",
        {
            "activity": activity,
            "crumbs": [("Home", "/"), REGISTER, (activity.title, activity.get_absolute_url()), ("Cancel", None)],
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def activity_participants(request, pk: int):
    activity = activity_for_editing(request.user, pk)
    form = ParticipantCountsForm(request.POST if request.method == "POST" else None, activity=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The participant numbers have been saved.")
        return redirect(activity)
    return render(
        request,
        "register/participants.html",
        {
            "form": form,
            "activity": activity,
            "crumbs": [("Home", "/"), REGISTER, (activity.title, activity.get_absolute_url()), ("Participants", None)],
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def activity_archive(request, pk: int):
    activity = activity_for_editing(request.user, pk)
    if request.method == "POST":
        activity.archive()
        messages.success(request, f"“{activity.title}” has been archived. A coordinator can restore it.")
        return redirect("register:list")
    return render(
        request,
        "register/archive_confirm.html",
        {
            "activity": activity,
            "crumbs": [("Home", "/"), REGISTER, (activity.title, activity.get_absolute_url()), ("Archive", None)],
        },
    )


@internal_only
@kept_view(params=("page",))
def archived_list(request):
    if not request.user.has_perm("register.restore_activity"):
        raise PermissionDenied
    archived = Activity.everything.archived().select_related("lead_organisation").order_by("-archived_at")
    page = page_of(Paginator(archived, PAGE_SIZE), request)
    return render(
        request,
        "register/archived.html",
        {"page_obj": page, "crumbs": [("Home", "/"), REGISTER, ("Archived activities", None)]},
    )


@internal_only
@require_POST
def activity_restore(request, pk: int):
    if not request.user.has_perm("register.restore_activity"):
        raise PermissionDenied
    activity = get_object_or_404(Activity.everything.archived(), pk=pk)
    activity.restore()
    messages.success(request, f"“{activity.title}” has been restored.")
    return redirect(activity)


@internal_only
@kept_view()
def activity_history(request, pk: int):
    activity = activity_for_reading(pk)
    records = list(activity.history.select_related("history_user").order_by("-history_date", "-history_id")[:200])
    changes = []
    for newer, older in zip(records, [*records[1:], None] if records else [], strict=True):
        if older is None:
            changes.append((newer, []))
            continue
        delta = newer.diff_against(older, foreign_keys_are_objs=False)
        changes.append((newer, delta.changes))
    return render(
        request,
        "register/history.html",
        {
            "activity": activity,
            "changes": changes,
            "field_labels": {f.name: f.verbose_name for f in Activity._meta.get_fields() if hasattr(f, "verbose_name")},
            "crumbs": [("Home", "/"), REGISTER, (activity.title, activity.get_absolute_url()), ("History", None)],
        },
    )


def detail_url(activity) -> str:
    return reverse("register:detail", args=[activity.pk])
