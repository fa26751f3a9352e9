"""Guards for views: sign in first, then hold the named permission, or be refused."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def permission_required(perm: str):
    """Anonymous visitors are sent to sign in; signed-in people without `perm` get 403."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
