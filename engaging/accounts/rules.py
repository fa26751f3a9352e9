"""Predicates about people, shared by every app's rules."""

import rules

from engaging.accounts.roles import roles_for


@rules.predicate
def is_coordinator(user) -> bool:
    return roles_for(user).coordinator


@rules.predicate
def is_board_member(user) -> bool:
    return roles_for(user).board_member


@rules.predicate
def is_officer(user) -> bool:
    return bool(roles_for(user).officer_of)


@rules.predicate
def is_internal(user) -> bool:
    """Has any role in the partnership, so may read internal pages."""
    return roles_for(user).internal


rules.add_perm("accounts.view_internal", is_internal)
rules.add_perm("accounts.manage_lists", is_coordinator)
rules.add_perm("accounts.manage_people", is_coordinator)
