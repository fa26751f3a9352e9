"""Who may do what in the insight library. Views and the API ask these; they never decide for themselves.

Everyone with a role reads every finding. Findings belong to an activity, so an officer records and
changes the findings of activities their organisation leads; a coordinator any. Board members read only.
Coordinators keep the list of themes.
"""

import rules

from engaging.accounts.access import roles_for
from engaging.accounts.rules import is_coordinator, is_internal


@rules.predicate
def is_officer_of_activity_lead(user, activity) -> bool:
    """`activity` is led by an organisation this person is an officer of."""
    return activity is not None and activity.lead_organisation_id in roles_for(user).officer_of


@rules.predicate
def is_officer_of_finding_lead(user, finding) -> bool:
    """The finding's activity is led by an organisation this person is an officer of."""
    return finding is not None and finding.activity.lead_organisation_id in roles_for(user).officer_of


@rules.predicate
def can_record_findings(user) -> bool:
    """Officers and coordinators record findings (of some activity); board members never do."""
    return roles_for(user).can_edit_register


rules.add_perm("insight.view_finding", is_internal)
# With an activity: may add findings to that activity. Without: may add findings to some activity.
rules.add_perm("insight.add_finding", is_coordinator | is_officer_of_activity_lead)
rules.add_perm("insight.record_findings", can_record_findings)
rules.add_perm("insight.change_finding", is_coordinator | is_officer_of_finding_lead)
rules.add_perm("insight.archive_finding", is_coordinator | is_officer_of_finding_lead)
rules.add_perm("insight.restore_finding", is_coordinator)
# With an activity: may mark findings as used in planning that activity.
rules.add_perm("insight.use_finding", is_coordinator | is_officer_of_activity_lead)
rules.add_perm("insight.manage_themes", is_coordinator)
