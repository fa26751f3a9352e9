"""Who may do what with surveys, indicators and practices. Views and the API ask these.

Reading results is open to everyone: only totals are shown, and small numbers are suppressed.
"""

import rules

from engaging.accounts.access import roles_for
from engaging.accounts.rules import is_coordinator, is_internal, is_officer


@rules.predicate
def is_officer_of_survey(user, survey) -> bool:
    """An officer of the organisation that runs the survey (a survey with none is the coordinators')."""
    return survey is not None and survey.organisation_id in roles_for(user).officer_of


@rules.predicate
def is_officer_of_indicator_survey(user, indicator) -> bool:
    return indicator is not None and indicator.survey.organisation_id in roles_for(user).officer_of


# Importing results, and defining indicators, at all: coordinators and officers (board members read only).
rules.add_perm("surveys.import_survey", is_coordinator | is_officer)
rules.add_perm("surveys.add_indicator", is_coordinator | is_officer)
# Into, or on, one survey: its organisation's officers, or a coordinator.
rules.add_perm("surveys.import_into_survey", is_coordinator | is_officer_of_survey)
rules.add_perm("surveys.define_indicator", is_coordinator | is_officer_of_survey)
rules.add_perm("surveys.change_indicator", is_coordinator | is_officer_of_indicator_survey)


@rules.predicate
def is_officer_of_questionnaire_lead(user, questionnaire) -> bool:
    return questionnaire is not None and questionnaire.activity.lead_organisation_id in roles_for(user).officer_of


# Following a questionnaire answered in the hub as a survey: its activity's lead organisation's officers.
rules.add_perm("surveys.follow_questionnaire", is_coordinator | is_officer_of_questionnaire_lead)
# The board's choice of indicators for the dashboard and the Local Account.
rules.add_perm("surveys.choose_for_board", is_coordinator)
# GP practices and their groups are kept by the coordinators.
rules.add_perm("surveys.manage_practices", is_coordinator)
rules.add_perm("surveys.view_imports", is_internal)
