"""Who may do what with questionnaires. Views and the API ask these; they never decide for themselves.

Residents answer without signing in. Building a questionnaire, and entering paper or phone answers,
is for the officers of the activity's lead organisation and coordinators, as changing the activity
is. Everyone with a role in the partnership reads results; only those who may add findings to the
activity turn answers into findings.
"""

import rules

from engaging.accounts.rules import is_coordinator, is_internal
from engaging.register.rules import can_create, is_officer_of_lead

# Building questionnaires at all (officers and coordinators; board members read only).
rules.add_perm("questionnaires.add_questionnaire", can_create)
# Building one activity's questionnaires and entering their paper and phone answers.
rules.add_perm("questionnaires.manage_questionnaires", is_coordinator | is_officer_of_lead)
rules.add_perm("questionnaires.view_results", is_internal)
