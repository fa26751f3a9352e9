"""How the board's views find records and check who may see or change them.

Each helper answers 404 for a record that does not exist (or is archived), and 403 to someone who may
read it but not do what they ask. Views never decide permissions themselves.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from engaging.board.models import AgendaItem, Board, Meeting, Screening, ScreeningAction, ScreeningRule
from engaging.register.views.access import internal_only

BOARD = ("Board", "/board/")


def require(user, permission: str, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def board_only(permission: str):
    """An internal page that also needs `permission` (without an object)."""

    def decorate(view):
        @internal_only
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require(request.user, permission)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def board_for_reading(pk: int) -> Board:
    return get_object_or_404(Board.objects.select_related("area"), pk=pk)


def meeting_for_reading(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.filter(board__archived_at__isnull=True).select_related("board"), pk=pk)


def item_for_reading(pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.filter(
            meeting__archived_at__isnull=True, meeting__board__archived_at__isnull=True
        ).select_related("meeting__board", "lead_organisation", "screening__screened_by"),
        pk=pk,
    )


def item_for(user, pk: int, permission: str) -> AgendaItem:
    """The agenda item, if this person may do `permission` to it."""
    item = item_for_reading(pk)
    require(user, permission, item)
    return item


def screening_of(item: AgendaItem) -> Screening | None:
    try:
        return item.screening
    except Screening.DoesNotExist:
        return None


def action_for_changing(user, pk: int) -> ScreeningAction:
    action = get_object_or_404(
        ScreeningAction.objects.live().select_related(
            "screening__agenda_item__meeting__board", "screening__agenda_item__lead_organisation"
        ),
        pk=pk,
    )
    require(user, "board.change_action", action)
    return action


def rule_for_changing(user, pk: int, *, archived: bool = False) -> ScreeningRule:
    require(user, "board.manage_rules")
    manager = ScreeningRule.everything.archived() if archived else ScreeningRule.objects
    return get_object_or_404(manager, pk=pk)
