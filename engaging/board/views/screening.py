"""Screening an agenda item, its Gunning checklist, its linked activities and its actions."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from engaging.accounts.access import internal_only
from engaging.board import services
from engaging.board.forms import ActionFilterForm, ActionForm, GunningForm, ScreeningForm
from engaging.board.models import Screening, ScreeningAction
from engaging.board.views.access import BOARD, action_for_changing, item_for, screening_of
from engaging.board.views.meetings import meeting_label
from engaging.core.forms import ModelChoiceField
from engaging.core.kept import kept_view
from engaging.core.record_versions import save_unless_created
from engaging.register.models import Activity

ACTIVITIES_SHOWN = 20
PAGE_SIZE = 25


def item_crumbs(item, last: str) -> list:
    return [
        ("Home", "/"),
        BOARD,
        (meeting_label(item.meeting), item.meeting.get_absolute_url()),
        (item.title, item.get_absolute_url()),
        (last, None),
    ]


@internal_only
@require_http_methods(["GET", "POST"])
@kept_view()
def screen(request, pk: int):
    """The one screening form. "Show findings" re-offers the insight for the groups chosen, saving nothing."""
    item = item_for(request.user, pk, "board.screen_item")
    screening = screening_of(item)
    form = ScreeningForm(request.POST if request.method == "POST" else None, instance=screening, agenda_item=item)
    refreshing = request.method == "POST" and "refresh" in request.POST
    if (
        request.method == "POST"
        and not refreshing
        and form.is_valid()
        and save_unless_created(
            form,
            item,
            Screening.objects.filter(agenda_item=item),
            lambda: services.screen_agenda_item(agenda_item=item, answers=form.answers(), user=request.user),
        )
    ):
        messages.success(request, "The item has been screened. The recommendation and its reasons are below.")
        return redirect(f"{item.get_absolute_url()}#recommendation")
    if refreshing:
        form.errors.clear()  # only offering findings: the answers are not checked yet
    return render(
        request,
        "board/screen.html",
        {
            "form": form,
            "item": item,
            "screening": screening,
            "refreshing": refreshing,
            "crumbs": item_crumbs(item, "Screening"),
        },
    )


@internal_only
@require_POST
def gunning(request, pk: int):
    item = item_for(request.user, pk, "board.screen_item")
    screening = screening_of(item)
    if screening is None:
        raise PermissionDenied
    form = GunningForm(request.POST, instance=screening)
    form.is_valid()  # four check boxes: any combination is valid
    try:
        services.record_gunning(screening=screening, values=form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The Gunning checklist has been saved.")
    return redirect(f"{item.get_absolute_url()}#gunning")


class LinkForm(forms.Form):
    activity = ModelChoiceField(
        queryset=Activity.objects.all(), error_messages={"invalid_choice": "Choose an activity from the register"}
    )
    action = forms.ChoiceField(choices=[("link", "link"), ("unlink", "unlink")])


@internal_only
@require_http_methods(["GET", "POST"])
def item_activities(request, pk: int):
    """Link activities from the register to the item, or unlink them. Search by words in the title."""
    item = item_for(request.user, pk, "board.link_activities")
    if request.method == "POST":
        form = LinkForm(request.POST)
        if form.is_valid():
            activity = form.cleaned_data["activity"]
            if form.cleaned_data["action"] == "link":
                services.link_activity(agenda_item=item, activity=activity)
                messages.success(request, f"“{activity.title}” is now linked to this item.")
            else:
                services.unlink_activity(agenda_item=item, activity=activity)
                messages.success(request, f"“{activity.title}” is no longer linked to this item.")
        else:
            messages.error(request, "Choose an activity from the register")
        return redirect(request.get_full_path())
    linked = list(item.activities.select_related("lead_organisation").order_by("start_date", "pk"))
    query = request.GET.get("q", "").strip()[:200]
    candidates = Activity.objects.exclude(pk__in=[a.pk for a in linked]).select_related("lead_organisation")
    if query:
        words = query.split()[:8]
        condition = Q()
        for word in words:
            condition &= Q(title__icontains=word) | Q(purpose__icontains=word)
        candidates = candidates.filter(condition).order_by("-start_date", "pk")
    else:
        candidates = candidates.filter(lead_organisation=item.lead_organisation).order_by("-start_date", "pk")
    return render(
        request,
        "board/item_activities.html",
        {
            "item": item,
            "linked": linked,
            "candidates": list(candidates[:ACTIVITIES_SHOWN]),
            "query": query,
            "crumbs": item_crumbs(item, "Linked activities"),
        },
    )


# Actions --------------------------------------------------------------------------------------


@internal_only
@require_http_methods(["GET", "POST"])
def action_create(request, pk: int):
    item = item_for(request.user, pk, "board.screen_item")
    screening = screening_of(item)
    if screening is None:
        messages.error(request, "Screen the item before adding actions.")
        return redirect(item)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial={"owner_organisation": item.lead_organisation},
    )
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.screening = screening
        action.save()
        messages.success(request, "The action has been added.")
        return redirect(f"{item.get_absolute_url()}#actions")
    return render(
        request,
        "board/action_form.html",
        {"form": form, "item": item, "title": "Add an action", "crumbs": item_crumbs(item, "Add an action")},
    )


@internal_only
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int):
    action = action_for_changing(request.user, pk)
    item = action.screening.agenda_item
    form = ActionForm(request.POST if request.method == "POST" else None, instance=action)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The action has been changed.")
        return redirect(f"{item.get_absolute_url()}#actions")
    return render(
        request,
        "board/action_form.html",
        {
            "form": form,
            "item": item,
            "action": action,
            "title": "Change an action",
            "crumbs": item_crumbs(item, "Change an action"),
        },
    )


@internal_only
@require_POST
def action_done(request, pk: int):
    action = action_for_changing(request.user, pk)
    answer = request.POST.get("done")
    if answer not in ("0", "1"):
        messages.error(request, "Choose whether the action is done or not done.")
    else:
        done = answer == "1"
        services.set_action_done(action=action, done=done)
        messages.success(request, f"“{action.description}” is marked as {'done' if done else 'not done'}.")
    back = request.POST.get("next", "")
    if back.startswith("/board/") and "//" not in back:
        return redirect(back)
    return redirect(f"{action.screening.agenda_item.get_absolute_url()}#actions")


@internal_only
@kept_view()
def action_list(request):
    """Screening actions across the boards, overdue ones flagged; filter by organisation, person and status."""
    form = ActionFilterForm(request.GET or None)
    actions = (
        ScreeningAction.objects.live()
        .select_related("owner", "owner_organisation", "screening__agenda_item__meeting__board")
        .order_by("due_on", "pk")
    )
    status = "open"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["organisation"]:
            actions = actions.filter(owner_organisation=data["organisation"])
        if data["owner"]:
            actions = actions.filter(owner=data["owner"])
        status = data["status"] or "open"
    elif form.is_bound:
        actions = actions.none()
    if status == "open":
        actions = actions.open()
    elif status == "overdue":
        actions = actions.overdue()
    elif status == "done":
        actions = actions.filter(done_on__isnull=False).order_by("-done_on", "-pk")
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    return render(
        request,
        "board/actions.html",
        {
            "form": form,
            "page_obj": page,
            "actions": rows,
            "status": status,
            "can_change": {a.pk for a in rows if request.user.has_perm("board.change_action", a)},
            "crumbs": [("Home", "/"), BOARD, ("Screening actions", None)],
        },
    )
