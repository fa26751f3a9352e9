"""How the assurance pages check who may read them."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch

from engaging.core.navigation import link
from engaging.register.views.access import internal_only

HOME = ("Home", "/")
DASHBOARD = ("Assurance dashboard", "/assurance/")


def board_crumb() -> tuple[str, str | None]:
    try:
        return ("Board", link("board:index"))  # reversed once per process
    except NoReverseMatch:
        return ("Board", None)


def readers_only(permission: str):
    """Signed-in people allowed `permission` (see rules.py); others are sent to sign in, or refused."""

    def decorate(view):
        @internal_only
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
