"""Who is calling the API, and whether they may write.

Rules:
- `Authorization: Bearer TOKEN` with a personal token (see your profile page, or
  `manage.py create_api_token`) acts as that token's person, with their permissions.
  The person becomes `request.user`, so the change history records them.
- A malformed Authorization header, or an unknown or revoked token, is refused
  with 401. It never falls back to anonymous.
- Without an Authorization header, a person signed in to the site in the same
  browser is accepted; their unsafe requests must pass Django's CSRF check.
- Without either, GET requests are anonymous and see public data only;
  anything else is 401, and so is reading what is internal (`signed_in`).
- Writes are then checked against the register's own permissions: a person who
  cannot change the register at all (a board member) gets 403 before their
  request body is even read, and so does an officer writing to another
  organisation's activity.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from engaging.accounts.models import ApiToken
from engaging.api.types import MAX_ID
from engaging.register.models import Activity

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class Anonymous:
    """Marks a request that is allowed without signing in (ninja needs a true value)."""

    is_authenticated = False

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return "<Anonymous>"


ANONYMOUS = Anonymous()


class ApiAuth(HttpBearer):
    """Personal API tokens, or the browser session; anonymous for reading only.

    `permission` is checked for unsafe methods (for example "register.add_activity");
    `object_permission` is checked against the activity named by the `id` in the path.
    """

    def __init__(self, *, permission: str | None = None, object_permission: str | None = None, signed_in: bool = False):
        super().__init__()
        self.permission = permission
        self.object_permission = object_permission
        self.signed_in = signed_in

    def __call__(self, request: HttpRequest):
        user = self.identify(request)
        if user is ANONYMOUS and not self.anonymous_allowed(request.method):
            raise AuthenticationError()
        if request.method not in SAFE_METHODS:
            self.check_permissions(request, user)
        return user

    def anonymous_allowed(self, method: str) -> bool:
        """Whether a request with this method may come without a token (the OpenAPI document says so too)."""
        return method in SAFE_METHODS and not self.signed_in

    def identify(self, request: HttpRequest):
        header = request.headers.get(self.header)
        if header is not None:
            scheme, _, token = header.strip().partition(" ")
            if scheme.lower() != self.openapi_scheme or not token.strip():
                raise AuthenticationError(
                    message="The Authorization header must be “Bearer” followed by a space and your token."
                )
            user = self.authenticate(request, token.strip())
            if user is None:
                raise AuthenticationError(
                    message="This token is not valid: it may have been revoked. Create a new one."
                )
            request.user = user
            return user
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if request.method not in SAFE_METHODS and not getattr(request, "_ninja_csrf_exempt", False):
                if check_csrf(request) is not None:
                    raise HttpError(403, "CSRF check failed")
            return user
        request.user = AnonymousUser()
        return ANONYMOUS

    def authenticate(self, request: HttpRequest, token: str):
        return ApiToken.user_for(token)

    def check_permissions(self, request: HttpRequest, user) -> None:
        if self.permission and not user.has_perm(self.permission):
            raise PermissionDenied("Your role does not let you change the register.")
        if self.object_permission:
            activity = _activity_in_path(request)
            if activity is not None and not user.has_perm(self.object_permission, activity):
                raise PermissionDenied(
                    "Only an officer of the lead organisation, or a coordinator, can change this activity."
                )


def _activity_in_path(request: HttpRequest):
    """The live activity whose id is in the path, or None (the view then answers 404)."""
    match = getattr(request, "resolver_match", None)
    raw = str((match.kwargs if match else {}).get("id", ""))
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 19) or not 1 <= int(raw) <= MAX_ID:
        return None
    return Activity.objects.filter(pk=int(raw)).only("pk", "lead_organisation").first()


def user_of(request: HttpRequest):
    """The person behind a request, or None when anonymous."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


read = ApiAuth()
# Internal figures and records: a token (or a signed-in session) is needed even to read them.
signed_in = ApiAuth(signed_in=True)
create = ApiAuth(permission="register.add_activity")
change = ApiAuth(permission="register.add_activity", object_permission="register.change_activity")
archive = ApiAuth(permission="register.add_activity", object_permission="register.archive_activity")
