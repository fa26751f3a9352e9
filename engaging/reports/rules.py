"""Who may do what with Local Accounts. Anyone reads a published one; coordinators make them."""

import rules

from engaging.accounts.rules import is_coordinator

rules.add_perm("reports.manage_local_account", is_coordinator)
