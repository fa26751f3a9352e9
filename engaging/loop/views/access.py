"""How the feedback loop's views find responses and check who may see or change them."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from engaging.loop.models import Response


def response_for_reading(user, pk: int) -> Response:
    """A response anyone with a role may read; archived ones only for those who may restore them."""
    manager = Response.everything if user.has_perm("loop.restore_response") else Response.objects
    return get_object_or_404(manager.select_related("organisation", "created_by"), pk=pk)


def response_for_editing(user, pk: int) -> Response:
    """The live response, if this person may change it: 404 if there is none, 403 if read-only to them."""
    response = get_object_or_404(Response.objects.select_related("organisation"), pk=pk)
    if not user.has_perm("loop.change_response", response):
        raise PermissionDenied
    return response
