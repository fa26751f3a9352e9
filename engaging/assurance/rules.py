"""Who may read the board's assurance pages. Views and the API ask these; they never decide for themselves.

Everything here is read-only and internal: anyone with a role in the partnership (officer,
coordinator or board member) may read the dashboard, every organisation's evidence page and the
engagement assessment of any agenda item. Nobody else may.
"""

import rules

from engaging.accounts.rules import is_internal

rules.add_perm("assurance.view_dashboard", is_internal)
rules.add_perm("assurance.view_evidence", is_internal)
rules.add_perm("assurance.view_assessment", is_internal)
