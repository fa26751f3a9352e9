"""Anyone may read what the hub keeps and for how long; only coordinators change the schedule or see who viewed
what (the record names people in the partnership and what they read)."""

import rules

from engaging.accounts.rules import is_coordinator

rules.add_perm("privacy.change_schedule", is_coordinator)
rules.add_perm("privacy.see_views", is_coordinator)
