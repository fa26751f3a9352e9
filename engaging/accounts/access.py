"""Who may open a page or do a thing: the roles and the guards every app's views use.

A person's roles follow from their memberships (read once per request in roles.py); what each role may
do is a permission named in each app's rules.py and asked through `user.has_perm`. The guards here
send anonymous visitors to sign in and answer 403 to signed-in people who may not; each app's
views/access.py only finds its own records (404 for one that does not exist or is archived) and asks
these guards about them. Views never decide permissions themselves.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from engaging.accounts.roles import NO_ROLES, Roles, roles_for

__all__ = ["NO_ROLES", "Roles", "internal_only", "permission_required", "require", "roles_for"]


def require(user, permission: str, obj=None) -> None:
    """403 unless `user` may do `permission` (to `obj`, when given)."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def internal_only(view):
    """Signed-in people with a role in the partnership; others are sent to sign in or refused."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles_for(request.user).internal:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def permission_required(permission: str):
    """Signed-in people allowed `permission` (see each app's rules.py); others are sent to sign in or refused."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require(request.user, permission)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
