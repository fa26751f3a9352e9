from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from engaging.accounts.access import internal_only, roles_for
from engaging.core.choices import KeptChoices
from engaging.core.kept import kept_html, kept_view, render_page
from engaging.lists.models import Area
from engaging.register import services
from engaging.register.answering import who_answers
from engaging.register.filters import AreaChoiceField
from engaging.register.forms import JoinUpForm, JoinUpResponseForm
from engaging.register.models import Activity, JoinUp
from engaging.register.overlaps import Plan, fatigue_table, month_starts
from engaging.register.views.access import activity_for_editing, activity_for_reading
from engaging.register.views.activities import finished_plan, overlaps_for_data

JOINING = ("Joining up", "/joining-up/")


@internal_only
@require_POST
def form_overlaps(request):
    """The overlap panel for an activity form that has not been saved yet (HTMX).

    Only the plan in the form decides the panel, so it is kept for that plan: typing a title or a
    summary asks again for a panel already worked out.
    """
    activity_id = request.POST.get("activity_id", "")
    known = activity_id.isascii() and activity_id.isdigit() and len(activity_id) < 19

    def checked() -> dict:
        activity = Activity.objects.filter(pk=int(activity_id)).only("pk", "status").first() if known else None
        return {
            "overlaps": overlaps_for_data(request.POST, activity),
            "finished": finished_plan(request.POST, activity),
            "checked": True,
            "compact": True,
        }

    plan = Plan.from_data(request.POST, int(activity_id) if known else None)
    return HttpResponse(kept_html(request, "overlap-check", "register/_overlaps.html", checked, plan, params=()))


@internal_only
@require_http_methods(["GET", "POST"])
def propose(request, pk: int, other_pk: int):
    activity = activity_for_editing(request.user, pk)
    if not request.user.has_perm("register.propose_joinup", activity):
        raise PermissionDenied
    other = activity_for_reading(other_pk)
    form = JoinUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_joinup(
                from_activity=activity, to_activity=other, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            answerers = who_answers(other)
            to = (
                f"the coordinators, for {other.lead_organisation}"
                if answerers.by_coordinators
                else other.lead_organisation
            )
            messages.success(request, f"Your proposal to join up has been sent to {to}.")
        return redirect(activity)
    return render(
        request,
        "register/joinup_propose.html",
        {
            "form": form,
            "activity": activity,
            "other": other,
            "answerers": who_answers(other),
            "crumbs": [
                ("Home", "/"),
                ("Register", "/register/"),
                (activity.title, activity.get_absolute_url()),
                ("Propose joining up", None),
            ],
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def respond(request, pk: int):
    joinup = get_object_or_404(
        JoinUp.objects.select_related(
            "from_activity__lead_organisation", "to_activity__lead_organisation", "proposed_by"
        ),
        pk=pk,
    )
    if not request.user.has_perm("register.respond_joinup", joinup):
        raise PermissionDenied
    form = JoinUpResponseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.respond_to_joinup(
                joinup=joinup,
                user=request.user,
                agree=form.cleaned_data["decision"] == "agree",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"You have {joinup.get_status_display().lower()} the join-up.")
        return redirect("joining:joinups")
    return render(
        request,
        "register/joinup_respond.html",
        {"form": form, "joinup": joinup, "crumbs": [("Home", "/"), JOINING, ("Answer a proposal", None)]},
    )


JOINUP_ROW = (
    "status",
    "from_activity__title",
    "from_activity__lead_organisation__name",
    "to_activity__title",
    "to_activity__lead_organisation__name",
)


@internal_only
@kept_view()
def joinups(request):
    roles = roles_for(request.user)
    # What each row shows, and what deciding who may answer reads; not the activities' long texts.
    queryset = JoinUp.objects.select_related("from_activity__lead_organisation", "to_activity__lead_organisation")
    queryset = queryset.only(*JOINUP_ROW)
    if not (roles.coordinator or roles.board_member):
        queryset = queryset.filter(
            Q(from_activity__lead_organisation__in=roles.organisations)
            | Q(to_activity__lead_organisation__in=roles.organisations)
        )
    rows = [
        (j, j.status == JoinUp.Status.PROPOSED and request.user.has_perm("register.respond_joinup", j))
        for j in queryset[:200]
    ]
    return render(
        request,
        "register/joinups.html",
        {"rows": rows, "crumbs": [("Home", "/"), JOINING, ("Join-up proposals", None)]},
    )


def _month_param(value: str | None, default: date) -> date | None:
    if not value:
        return default
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return None


@internal_only
def fatigue(request):
    today = date.today()
    index = today.year * 12 + today.month - 1 - 11  # the twelve months up to this one
    default_start = date(index // 12, index % 12 + 1, 1)
    start = _month_param(request.GET.get("from"), default_start)
    if start is None or not (1900 < start.year < 3000):
        return HttpResponseBadRequest("Give the first month as YYYY-MM, for example 2025-04.")
    chosen = request.GET.get("area", "")
    if chosen and not (chosen.isascii() and chosen.isdigit() and len(chosen) < 19):
        return HttpResponseBadRequest("Choose an area from the list.")

    def counted():
        areas = AreaChoiceField(queryset=Area.objects.all(), required=False, empty_label="Everywhere")
        KeptChoices().add(areas)
        try:
            area = areas.clean(chosen) if chosen else None
        except ValidationError:
            raise Http404("There is no such area.") from None
        months = month_starts(start, 12)
        table, threshold = fatigue_table(months=months, area=area)
        return {
            "table": table,
            "months": months,
            "threshold": threshold,
            "area": area,
            "area_options": mark_safe(areas.kept_list().render(str(area.pk) if area else "", areas.empty_label)),  # noqa: S308 - escaped when kept
            "start": start,
            "previous_start": date(start.year - 1, start.month, 1),
            "next_start": date(start.year + 1, start.month, 1),
        }

    return render_page(
        request,
        "register/fatigue.html",
        {
            "body": kept_html(request, "fatigue", "register/_fatigue_body.html", counted, params=FATIGUE_PARAMS),
            "crumbs": [("Home", "/"), ("Joining up", None)],
        },
        params=FATIGUE_PARAMS,
    )


FATIGUE_PARAMS = ("area", "from")
