"""Who may do what with evaluations and participant feedback. Views and the API ask these."""

import rules

from engaging.accounts.rules import is_coordinator, is_internal
from engaging.register.rules import can_create, is_officer_of_lead

# Reading evaluations, ratings and "what works": anyone with a role in the partnership.
rules.add_perm("evaluation.view_evaluation", is_internal)
# Recording any evaluation at all (officers and coordinators; board members read only).
rules.add_perm("evaluation.add_evaluation", can_create)
# Evaluating one activity, and running its feedback link: its lead organisation's officers, or a coordinator.
rules.add_perm("evaluation.evaluate_activity", is_coordinator | is_officer_of_lead)
rules.add_perm("evaluation.manage_feedback_link", is_coordinator | is_officer_of_lead)
