"""Who may do what with comments and their themes. Views and the API ask these."""

import rules

from engaging.accounts.rules import is_coordinator, is_internal, is_officer

# Reading comments and theme summaries: anyone with a role in the partnership.
can_read_comments = is_internal
# Coding comments, retraining, and turning a theme into a draft finding: officers and coordinators.
can_code_comments = is_coordinator | is_officer

rules.add_perm("themes.view_comment", can_read_comments)
rules.add_perm("themes.code_comment", can_code_comments)


@rules.predicate
def can_edit_framework(user, framework) -> bool:
    """A partner's framework: its organisation's officers, or any coordinator. The built-in one: nobody."""
    if framework is None or framework.built_in:
        return False
    from engaging.accounts.roles import roles_for

    roles = roles_for(user)
    return roles.coordinator or (
        framework.organisation_id is not None and framework.organisation_id in roles.officer_of
    )


# Defining a framework of one's own: officers and coordinators.
can_define_frameworks = can_code_comments

rules.add_perm("themes.add_framework", can_define_frameworks)
rules.add_perm("themes.change_framework", can_edit_framework)
