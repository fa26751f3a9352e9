"""Only coordinators handle people's requests about their data: they see and change every kind of record."""

import rules

from engaging.accounts.rules import is_coordinator

rules.add_perm("rights.handle_requests", is_coordinator)
