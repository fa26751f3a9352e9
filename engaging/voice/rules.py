"""Who may do what with residents' stories. Views, the meeting page and the API ask these.

- Anyone with a role in the partnership (officer, board member, coordinator) reads every
  consented story and may record one: stories are heard at board meetings, in community
  groups and at events, and whoever heard it should be able to write it down.
- The person who recorded a story, or a coordinator, may edit it and withdraw its consent.
- Nobody reads a story whose consent was withdrawn; coordinators see only that it existed.
"""

import rules

from engaging.accounts.rules import is_coordinator, is_internal


@rules.predicate
def is_recorder(user, story) -> bool:
    return story is not None and user.is_authenticated and story.recorded_by_id == user.pk


rules.add_perm("voice.view_story", is_internal)
rules.add_perm("voice.add_story", is_internal)
rules.add_perm("voice.change_story", is_internal & (is_coordinator | is_recorder))
rules.add_perm("voice.withdraw_consent", is_internal & (is_coordinator | is_recorder))
rules.add_perm("voice.audit_withdrawn", is_coordinator)
# Only a coordinator lets a public story reach the public: approves it, or sends it back with a reason.
rules.add_perm("voice.approve_story", is_coordinator)
