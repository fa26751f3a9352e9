"""The board's index, boards, meetings and agenda items."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from engaging.accounts.access import internal_only, permission_required
from engaging.board import screening as engine
from engaging.board.forms import AgendaItemForm, BoardForm, MeetingForm
from engaging.board.methods import methods_with_reasons
from engaging.board.models import Board, Meeting, ScreeningAction
from engaging.board.review import engagement_review
from engaging.board.services import seldom_heard_first, timing_for
from engaging.board.views.access import (
    BOARD,
    board_for_reading,
    item_for,
    item_for_reading,
    meeting_for_reading,
    screening_of,
)
from engaging.core.kept import kept_view

SHOWN_PER_BOARD = 3
WINDOW = timedelta(days=400)  # how far ahead and back the index looks for meetings
PAGE_SIZE = 25


def meetings_with_counts(queryset):
    """Meetings with how many live items each has, and how many of those are screened."""
    live = Q(items__archived_at__isnull=True)
    return queryset.select_related("board").annotate(
        item_count=Count("items", filter=live, distinct=True),
        screened_count=Count("items__screening", filter=live, distinct=True),
    )


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting.board.name}, {timezone.localtime(meeting.starts_at):%-d %B %Y}"


@internal_only
@kept_view()
def index(request):
    """Each board with its next and latest meetings, and the screening actions that are overdue."""
    now = timezone.now()
    boards = list(Board.objects.order_by("name"))
    meetings = meetings_with_counts(Meeting.objects.filter(board__archived_at__isnull=True))
    upcoming = meetings.filter(starts_at__gte=now, starts_at__lt=now + WINDOW).order_by("starts_at", "pk")
    recent = meetings.filter(starts_at__lt=now, starts_at__gte=now - WINDOW).order_by("-starts_at", "-pk")
    by_board = {board.pk: {"board": board, "upcoming": [], "recent": []} for board in boards}
    for key, queryset in (("upcoming", upcoming), ("recent", recent)):
        for meeting in queryset:
            shown = by_board[meeting.board_id][key]
            if len(shown) < SHOWN_PER_BOARD:
                shown.append(meeting)
    overdue = ScreeningAction.objects.live().overdue().count()
    return render(
        request,
        "board/index.html",
        {
            "boards": list(by_board.values()),
            "overdue": overdue,
            "can_manage_boards": request.user.has_perm("board.manage_boards"),
            "can_manage_meetings": request.user.has_perm("board.manage_meetings"),
            "can_manage_rules": request.user.has_perm("board.manage_rules"),
            "crumbs": [("Home", "/"), ("Board", None)],
        },
    )


# Boards ---------------------------------------------------------------------------------------


@internal_only
@kept_view()
def board_detail(request, pk: int):
    board = board_for_reading(pk)
    meetings = meetings_with_counts(board.meetings.order_by("-starts_at", "-pk"))
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "board/board_detail.html",
        {
            "board": board,
            "members": board.members.all(),
            "page_obj": page,
            "now": timezone.now(),
            "can_manage_boards": request.user.has_perm("board.manage_boards"),
            "can_manage_meetings": request.user.has_perm("board.manage_meetings"),
            "crumbs": [("Home", "/"), BOARD, (board.name, None)],
        },
    )


def _board_form_page(request, form, board=None):
    title = f"Edit {board.name}" if board else "Add a board"
    crumbs = [("Home", "/"), BOARD]
    if board:
        crumbs.append((board.name, f"/board/boards/{board.pk}/"))
    crumbs.append(("Edit" if board else "Add a board", None))
    return render(request, "board/board_form.html", {"form": form, "board": board, "title": title, "crumbs": crumbs})


@permission_required("board.manage_boards")
@require_http_methods(["GET", "POST"])
def board_create(request):
    form = BoardForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        board = form.save()
        messages.success(request, f"“{board.name}” has been added.")
        return redirect("board:board", board.pk)
    return _board_form_page(request, form)


@permission_required("board.manage_boards")
@require_http_methods(["GET", "POST"])
def board_edit(request, pk: int):
    board = board_for_reading(pk)
    form = BoardForm(request.POST if request.method == "POST" else None, instance=board)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your changes have been saved.")
        return redirect("board:board", board.pk)
    return _board_form_page(request, form, board)


# Meetings -------------------------------------------------------------------------------------


@internal_only
@kept_view()
def meeting_detail(request, pk: int):
    meeting = meeting_for_reading(pk)
    today = date.today()
    items = (
        meeting.items.select_related("lead_organisation", "screening")
        .annotate(
            activity_count=Count("activities", distinct=True),
            open_actions=Count("screening__actions", filter=Q(screening__actions__done_on__isnull=True), distinct=True),
            overdue_actions=Count(
                "screening__actions",
                filter=Q(screening__actions__done_on__isnull=True, screening__actions__due_on__lt=today),
                distinct=True,
            ),
        )
        .order_by("order", "pk")
    )
    return render(
        request,
        "board/meeting_detail.html",
        {
            "meeting": meeting,
            "items": list(items),
            "can_manage_meetings": request.user.has_perm("board.manage_meetings"),
            "crumbs": [
                ("Home", "/"),
                BOARD,
                (meeting.board.name, f"/board/boards/{meeting.board_id}/"),
                (f"{timezone.localtime(meeting.starts_at):%-d %B %Y}", None),
            ],
        },
    )


def _meeting_form_page(request, form, meeting=None):
    title = f"Edit the meeting on {timezone.localtime(meeting.starts_at):%-d %B %Y}" if meeting else "Add a meeting"
    crumbs = [("Home", "/"), BOARD]
    if meeting:
        crumbs.append((meeting_label(meeting), meeting.get_absolute_url()))
    crumbs.append(("Edit" if meeting else "Add a meeting", None))
    return render(
        request, "board/meeting_form.html", {"form": form, "meeting": meeting, "title": title, "crumbs": crumbs}
    )


@permission_required("board.manage_meetings")
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    initial = {}
    board_id = request.GET.get("board", "")
    if board_id.isascii() and board_id.isdigit() and len(board_id) < 19:
        initial["board"] = Board.objects.filter(pk=int(board_id)).first()
    form = MeetingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, "The meeting has been added.")
        return redirect(meeting)
    return _meeting_form_page(request, form)


@permission_required("board.manage_meetings")
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = meeting_for_reading(pk)
    form = MeetingForm(request.POST if request.method == "POST" else None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your changes have been saved.")
        return redirect(meeting)
    return _meeting_form_page(request, form, meeting)


# Agenda items ---------------------------------------------------------------------------------


@internal_only
@kept_view()
def item_detail(request, pk: int):
    item = item_for_reading(pk)
    screening = screening_of(item)
    context = {
        "item": item,
        "meeting": item.meeting,
        "screening": screening,
        "activities": list(item.activities.select_related("lead_organisation").order_by("start_date", "pk")),
        "can_manage_meetings": request.user.has_perm("board.manage_meetings"),
        "can_screen": request.user.has_perm("board.screen_item", item),
        "can_link": request.user.has_perm("board.link_activities", item),
        "crumbs": [
            ("Home", "/"),
            BOARD,
            (meeting_label(item.meeting), item.meeting.get_absolute_url()),
            (item.title, None),
        ],
    }
    if screening is not None:
        actions = list(screening.actions.select_related("owner", "owner_organisation").order_by("due_on", "pk"))
        groups = seldom_heard_first(screening.affected_groups.all())
        insight = list(screening.insight_reused.select_related("activity").order_by("-heard_on", "-pk"))
        context.update(
            {
                "groups": groups,
                "duties": list(screening.legal_duties.all()),
                "methods": methods_with_reasons(screening),
                "left_out": next((r.get("left_out") or [] for r in screening.reasons if "methods" in r), []),
                "explanation": engine.explain(
                    screening.recommended_type, screening.recommended_level, screening.reasons
                ),
                "answers_led": [r for r in screening.reasons if not DERIVED & set(r.get("decides") or [])],
                "timing": timing_for(item),
                "insight": insight,
                "actions": actions,
                "can_change_actions": {a.pk for a in actions if request.user.has_perm("board.change_action", a)},
                "review": engagement_review(
                    item, screening, linked=context["activities"], groups=groups, ticked=insight
                ),
                "earlier": screenings_over_time(screening),
                "today": date.today(),
            }
        )
    return render(request, "board/item_detail.html", context)


# Parts of the recommendation taken straight from the answers, shown in their own rows rather than as reasons.
DERIVED = {"groups", "methods", "insight"}


def screenings_over_time(screening, limit: int = 10) -> list:
    """One history record per time the item was screened, newest first (ticking boxes is not screening)."""
    records = screening.history.select_related("history_user").order_by("-history_date", "-history_id")[:200]
    seen, result = set(), []
    for record in records:
        if record.screened_at not in seen:
            seen.add(record.screened_at)
            result.append(record)
    return result[:limit]


def _item_form_page(request, form, meeting, item=None):
    title = f"Edit {item.title}" if item else "Add an agenda item"
    crumbs = [("Home", "/"), BOARD, (meeting_label(meeting), meeting.get_absolute_url())]
    if item:
        crumbs.append((item.title, item.get_absolute_url()))
    crumbs.append(("Edit" if item else "Add an agenda item", None))
    return render(
        request,
        "board/item_form.html",
        {"form": form, "meeting": meeting, "item": item, "title": title, "crumbs": crumbs},
    )


@permission_required("board.manage_meetings")
@require_http_methods(["GET", "POST"])
def item_create(request, pk: int):
    meeting = meeting_for_reading(pk)
    next_order = (meeting.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    form = AgendaItemForm(request.POST if request.method == "POST" else None, initial={"order": next_order})
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.meeting = meeting
        item.save()
        messages.success(request, f"“{item.title}” has been added to the agenda.")
        return redirect(item)
    return _item_form_page(request, form, meeting)


@internal_only
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = item_for(request.user, pk, "board.manage_meetings")
    form = AgendaItemForm(request.POST if request.method == "POST" else None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your changes have been saved.")
        return redirect(item)
    return _item_form_page(request, form, item.meeting, item)
