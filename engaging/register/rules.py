"""Who may do what in the register. Views and the API ask these; they never decide for themselves."""

import rules

from engaging.accounts.access import roles_for
from engaging.accounts.rules import is_coordinator, is_internal


@rules.predicate
def is_officer_of_lead(user, activity) -> bool:
    return activity is not None and activity.lead_organisation_id in roles_for(user).officer_of


@rules.predicate
def is_officer_of_receiving_lead(user, joinup) -> bool:
    return joinup is not None and joinup.to_activity.lead_organisation_id in roles_for(user).officer_of


@rules.predicate
def can_create(user) -> bool:
    return roles_for(user).can_edit_register


def can_lead_as(user, organisation_id: int | None) -> bool:
    """An officer may lead only as their own organisation; a coordinator as any."""
    roles = roles_for(user)
    return roles.coordinator or (organisation_id is not None and organisation_id in roles.officer_of)


def organisations_user_may_lead(user):
    from engaging.accounts.models import Organisation

    roles = roles_for(user)
    if roles.coordinator:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=roles.officer_of)


rules.add_perm("register.view_activity", is_internal)
rules.add_perm("register.add_activity", can_create)
rules.add_perm("register.change_activity", is_coordinator | is_officer_of_lead)
rules.add_perm("register.archive_activity", is_coordinator | is_officer_of_lead)
rules.add_perm("register.restore_activity", is_coordinator)
rules.add_perm("register.import_activity", can_create)
rules.add_perm("register.propose_joinup", is_coordinator | is_officer_of_lead)
rules.add_perm("register.respond_joinup", is_coordinator | is_officer_of_receiving_lead)
