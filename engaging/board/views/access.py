"""How the board's views find records and check who may see or change them.

Each helper answers 404 for a record that does not exist (or is archived), and 403 to someone who may
read it but not do what they ask. Views never decide permissions themselves.
"""

from django.shortcuts import get_object_or_404

from engaging.accounts.access import require
from engaging.board.models import AgendaItem, Board, Meeting, Screening, ScreeningAction, ScreeningRule

BOARD = ("Board", "/board/")


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
