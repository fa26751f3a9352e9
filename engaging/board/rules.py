"""Who may do what with the board's records. Pages and the API ask these; they never decide for themselves.

- Everyone with a role in the partnership reads the board's pages (officers included).
- Coordinators manage boards and the screening rules.
- Board members and coordinators manage meetings and agenda items, screen items and follow up actions:
  the board's own records are theirs, even though board members change nothing in the register.
- An officer of an agenda item's lead organisation may also screen it, link its activities and
  follow up its actions; an officer of the organisation that owns an action may follow that action up.
"""

import rules

from engaging.accounts.access import roles_for
from engaging.accounts.rules import is_board_member, is_coordinator, is_internal


@rules.predicate
def is_officer_of_item_lead(user, agenda_item) -> bool:
    return agenda_item is not None and agenda_item.lead_organisation_id in roles_for(user).officer_of


@rules.predicate
def is_officer_for_action(user, action) -> bool:
    if action is None:
        return False
    officer_of = roles_for(user).officer_of
    return action.owner_organisation_id in officer_of or action.screening.agenda_item.lead_organisation_id in officer_of


runs_the_board = is_coordinator | is_board_member

rules.add_perm("board.view", is_internal)
rules.add_perm("board.manage_boards", is_coordinator)
rules.add_perm("board.manage_meetings", runs_the_board)
rules.add_perm("board.screen_item", runs_the_board | is_officer_of_item_lead)
rules.add_perm("board.link_activities", runs_the_board | is_officer_of_item_lead)
rules.add_perm("board.change_action", runs_the_board | is_officer_for_action)
rules.add_perm("board.manage_rules", is_coordinator)
