"""Who may do what with responses and loop closures. Views and the API ask these; they never decide for themselves.

- Anyone with a role in the partnership reads every response and loop closure.
- An officer records and changes responses for which their own organisation is responsible,
  and records how people were told for activities their organisation leads.
- A coordinator does all of it; a board member reads but changes nothing.
"""

import rules

from engaging.accounts.access import roles_for
from engaging.accounts.rules import is_coordinator, is_internal
from engaging.register.rules import can_create, can_lead_as, is_officer_of_lead, organisations_user_may_lead


@rules.predicate
def is_officer_of_responsible(user, response) -> bool:
    return response is not None and response.organisation_id in roles_for(user).officer_of


def can_respond_as(user, organisation_id: int | None) -> bool:
    """An officer may make their own organisation responsible for a response; a coordinator any organisation."""
    return can_lead_as(user, organisation_id)


def organisations_user_may_respond_for(user):
    return organisations_user_may_lead(user)


rules.add_perm("loop.view_response", is_internal)
rules.add_perm("loop.add_response", can_create)
rules.add_perm("loop.change_response", is_coordinator | is_officer_of_responsible)
rules.add_perm("loop.archive_response", is_coordinator | is_officer_of_responsible)
rules.add_perm("loop.restore_response", is_coordinator)
rules.add_perm("loop.view_loopclosure", is_internal)
# Without an activity: whether this person could record how people were told for any activity at all.
rules.add_perm("loop.record_loopclosures", can_create)
# The object is the activity whose participants were told.
rules.add_perm("loop.add_loopclosure", is_coordinator | is_officer_of_lead)
