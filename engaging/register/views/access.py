"""How register views find records and check who may see or change them."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from engaging.accounts.roles import roles_for
from engaging.register.models import Activity


def internal_only(view):
    """Signed-in people with a role in the partnership; others are sent to sign in or refused."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles_for(request.user).internal:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def activity_for_reading(pk: int, *, include_archived: bool = False) -> Activity:
    manager = Activity.everything if include_archived else Activity.objects
    return get_object_or_404(
        manager.select_related("lead_organisation", "created_by").prefetch_related(
            "groups", "areas", "priorities", "methods", "partner_organisations"
        ),
        pk=pk,
    )


def activity_for_editing(user, pk: int) -> Activity:
    """The activity, if this person may change it: 404 if it does not exist, 403 if read-only to them."""
    activity = activity_for_reading(pk)
    if not user.has_perm("register.change_activity", activity):
        raise PermissionDenied
    return activity
