"""Who may do what with comments and their themes. Views and the API ask these."""

import rules

from engaging.accounts.rules import is_coordinator, is_internal, is_officer

# Reading comments and theme summaries: anyone with a role in the partnership.
can_read_comments = is_internal
# Coding comments, retraining, and turning a theme into a draft finding: officers and coordinators.
can_code_comments = is_coordinator | is_officer

rules.add_perm("themes.view_comment", can_read_comments)
rules.add_perm("themes.code_comment", can_code_comments)
