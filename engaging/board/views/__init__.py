from engaging.board.views.meetings import (
    board_create,
    board_detail,
    board_edit,
    index,
    item_create,
    item_detail,
    item_edit,
    meeting_create,
    meeting_detail,
    meeting_edit,
)
from engaging.board.views.rules import rule_archive, rule_create, rule_edit, rule_list, rule_restore
from engaging.board.views.screening import (
    action_create,
    action_done,
    action_edit,
    action_list,
    gunning,
    item_activities,
    screen,
)

__all__ = [
    "action_create", "action_done", "action_edit", "action_list", "board_create", "board_detail", "board_edit",
    "gunning", "index", "item_activities", "item_create", "item_detail", "item_edit", "meeting_create",
    "meeting_detail", "meeting_edit", "rule_archive", "rule_create", "rule_edit", "rule_list", "rule_restore",
    "screen",
]  # fmt: skip
