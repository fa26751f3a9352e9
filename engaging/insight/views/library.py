"""The library: searching findings, one finding's page and its history."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from engaging.accounts.access import internal_only
from engaging.core import cache
from engaging.core.kept import kept_parts, kept_view, render_page
from engaging.insight.filters import FindingFilter
from engaging.insight.models import Finding, FindingUse, Theme
from engaging.insight.search import search_findings, with_theme_names
from engaging.insight.views.access import HOME, finding_crumbs, finding_for_reading
from engaging.lists.models import Area, Group, Priority
from engaging.register.models import Activity

PAGE_SIZE = 20
ACTIVITY_LONG_TEXTS = ("summary", "purpose", "how_to_take_part", "notes")
LIBRARY_PARAMS = (*FindingFilter.base_filters, "page")  # what the library reads from its address


def _page_number(request) -> int:
    raw = request.GET.get("page", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 7 and int(raw) > 0 else 1


@internal_only
@require_GET
def library(request):
    """Search every finding; with no words, the newest first. Stale findings only when asked for."""

    def searched():
        # What the results show of each finding's activity; its long texts are left in the database. The
        # page's activities are read by id: joined to every finding, SQLite would start from the
        # organisations and sort the whole library for one page.
        activities = Activity.everything.select_related("lead_organisation").defer(*ACTIVITY_LONG_TEXTS)
        listed = Finding.objects.in_library().prefetch_related(Prefetch("activity", queryset=activities))
        finding_filter = FindingFilter(request.GET, queryset=listed)
        matches = finding_filter.qs
        words = finding_filter.words
        number = _page_number(request)
        result = search_findings(matches, words, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        if not result.findings and result.count and number > 1:  # past the last page: show the last one
            number = (result.count - 1) // PAGE_SIZE + 1
            result = search_findings(matches, words, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        if request.GET.get("page", str(number)) != str(number):
            cache.skip()  # a page not named as the library's own links name it
        with_theme_names(result.findings)
        return {
            "filter": finding_filter,
            "result": result,
            "findings": result.findings,
            "page_obj": Paginator(range(result.count), PAGE_SIZE).get_page(number),
            "words": words,
            "ignored_words": bool(words.strip()) and not result.searched,
            "can_manage_themes": request.user.has_perm("insight.manage_themes"),
        }

    page = kept_parts(
        request, "insight-library", {"title": "insight/_library_title.html", "body": "insight/_library_body.html"},
        searched, params=LIBRARY_PARAMS, words=("q",),
    )  # fmt: skip
    crumbs = [HOME, ("Insight library", None)]
    return render_page(request, "insight/library.html", {**page, "crumbs": crumbs}, params=LIBRARY_PARAMS)


@internal_only
@require_GET
@kept_view()
def finding_detail(request, pk: int):
    finding = finding_for_reading(request.user, pk)
    uses = list(
        FindingUse.objects.filter(finding=finding, activity__archived_at__isnull=True)
        .select_related("activity__lead_organisation", "used_by")
        .order_by("-used_at")
    )
    return render(
        request,
        "insight/finding.html",
        {
            "finding": finding,
            "activity": finding.activity,
            "uses": uses,
            "supersedes": Finding.objects.filter(superseded_by=finding).select_related("activity"),
            "can_change": not finding.is_archived and request.user.has_perm("insight.change_finding", finding),
            "can_restore": finding.is_archived and request.user.has_perm("insight.restore_finding"),
            "crumbs": finding_crumbs(finding),
        },
    )


# ---- History ---------------------------------------------------------------------------------------

LINKED = {
    "themes": (Theme, "theme"),
    "groups": (Group, "group"),
    "areas": (Area, "area"),
    "priorities": (Priority, "priority"),
}
CHOICE_LABELS = {
    "kind": dict(Finding.Kind.choices),
    "representativeness": dict(Finding.Representativeness.choices),
}


def _linked_ids(changes) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = {name: set() for name in LINKED}
    for _, delta in changes:
        for change in delta:
            if change.field in LINKED:
                column = LINKED[change.field][1]
                for value in (change.old or []) + (change.new or []):
                    if isinstance(value, dict) and value.get(column) is not None:
                        wanted[change.field].add(value[column])
    return wanted


def _readable(field: str, value, names: dict) -> str:
    """A change's value as a person reads it: names for linked records, labels for choices."""
    if field in LINKED:
        column = LINKED[field][1]
        items = [names[field].get(v.get(column), f"#{v.get(column)}") for v in value or [] if isinstance(v, dict)]
        return ", ".join(sorted(items)) or "None"
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field in CHOICE_LABELS:
        return str(CHOICE_LABELS[field].get(value, value))
    if field == "superseded_by":
        return f"Finding {value}"
    if hasattr(value, "strftime"):
        return f"{value.day} {value:%B %Y}"
    return str(value)


@internal_only
@require_GET
def finding_history(request, pk: int):
    finding = finding_for_reading(request.user, pk)
    records = list(finding.history.select_related("history_user").order_by("-history_date", "-history_id")[:200])
    changes = []
    for newer, older in zip(records, [*records[1:], None] if records else [], strict=True):
        delta = [] if older is None else newer.diff_against(older, foreign_keys_are_objs=False).changes
        changes.append((newer, delta))
    wanted = _linked_ids(changes)
    names = {
        field: dict(model.everything.filter(pk__in=wanted[field]).values_list("pk", "name"))
        for field, (model, _) in LINKED.items()
    }
    labels = {
        f.name: str(f.verbose_name).capitalize() for f in Finding._meta.get_fields() if hasattr(f, "verbose_name")
    }
    rows = [
        (
            record,
            [
                (labels.get(c.field, c.field), _readable(c.field, c.old, names), _readable(c.field, c.new, names))
                for c in delta
                if c.field not in ("updated_at",)
            ],
        )
        for record, delta in changes
    ]
    return render(
        request,
        "insight/history.html",
        {"finding": finding, "changes": rows, "crumbs": finding_crumbs(finding, "History")},
    )
