"""How register views find records and check who may see or change them (the guards: engaging.accounts.access)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from engaging.register.models import Activity


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
