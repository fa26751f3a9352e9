"""The JSON API, version 1, mounted at /api/v1/.

OpenAPI description at /api/v1/openapi.json; a documentation page at /api/v1/docs
(URL name "api:openapi-view").
"""

from functools import wraps
from urllib.parse import urljoin

from django.http import HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema
from ninja.responses import Response

from engaging.api import errors
from engaging.api.auth import ApiAuth
from engaging.api.routers import (
    activities,
    assurance,
    evaluations,
    findings,
    learning,
    lists,
    loop_closures,
    meetings,
    plain,
    questionnaires,
    responses,
    screenings,
    surveys,
    themes,
    voice,
)
from engaging.core.addresses import absolute_url

DESCRIPTION = """
Public engagement data without signing in; partners' systems read and write
their own records with a personal token.

## Signing in

Create a personal token on your profile page (or ask an
administrator to run `manage.py create_api_token USERNAME`), and send it with
every request as `Authorization: Bearer TOKEN`. The API then acts as you, with
your permissions, and the register's history records your changes as yours.
A malformed header or a revoked token is refused (401), never treated as anonymous.
Without a token you can read public activities and the shared lists.

## Who may do what

Exactly as on the site: officers add and change
activities led by their own organisation, coordinators any activity, board
members read everything but change nothing.

## Errors

Every error has the same shape:
`{"detail": "what went wrong", "errors": [{"field": "title", "message": "Enter a title"}]}`;
`errors` lists each field (or filter) that is wrong, and may be empty.

- 400: the request is wrong: JSON that cannot be read, a missing or invalid
  field, an unknown id, an end date before the start, a status change the
  lifecycle does not allow, an invalid filter. (This API uses 400, never 422.)
- 401: a token is needed, or the one sent is malformed, unknown or revoked.
- 403: you are signed in but not allowed to do this.
- 404: there is no such record, or you may not see it.
- 405: the address does not support that method.

## Values

Types, levels and statuses are lower-case words as stored
(`co_production`, `collaborate`, `fed_back`); dates are `YYYY-MM-DD`; linked
records are lists of ids from the list endpoints.
"""


class AccessibleSwagger(Swagger):
    """ninja's Swagger page, in a page with a language and a main landmark, and styles that fix its contrast."""

    template = "api/swagger.html"


class Document(OpenAPISchema):
    """The OpenAPI document, with one security scheme (a personal token) that each operation names as
    needed, or as optional where anyone may call it without one (an empty requirement, `{}`, comes first)."""

    def operation_security(self, operation) -> list[dict] | None:
        if not operation.auth_callbacks:
            return None
        self.securitySchemes[TOKEN_SCHEME] = {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token: create one on your profile page.",
        }
        anyone = all(
            _anyone_may(callback, method) for callback in operation.auth_callbacks for method in operation.methods
        )
        return [{}, {TOKEN_SCHEME: []}] if anyone else [{TOKEN_SCHEME: []}]


TOKEN_SCHEME = "PersonalToken"


def _anyone_may(callback, method: str) -> bool:
    if isinstance(callback, ApiAuth):
        return callback.anonymous_allowed(method)
    return True  # a function of its own, such as the plain-language checker's: it lets anyone in


class EngagingApi(NinjaAPI):
    """NinjaAPI whose every answer, even for a wrong method or address, is JSON in the one error shape."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> Document:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return Document(self, path_prefix)

    def _get_urls(self):
        patterns = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern) and pattern.name == "api-root":
                pattern.callback = _index
            elif isinstance(pattern, URLPattern) and pattern.name not in ("openapi-json", "openapi-view"):
                pattern.callback = _json_not_allowed(pattern.callback)
            patterns.append(pattern)
        patterns.append(re_path(r"^.*$", _nowhere, name="not-found"))
        return patterns


def _json_not_allowed(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = Response(
                errors.error_body(f"This address does not accept {request.method}. It accepts: {allowed}."),
                status=405,
            )
            response["Allow"] = allowed
        return response

    return wrapper


def _index(request, *args, **kwargs):
    # Full addresses on SITE_URL when it is set, as every link that leaves the hub (engaging/core/addresses.py).
    return Response(
        {
            "docs": absolute_url(urljoin(request.path, "docs"), request),
            "openapi": absolute_url(urljoin(request.path, "openapi.json"), request),
        }
    )


def _nowhere(request, *args, **kwargs):
    return Response(
        errors.error_body("There is nothing at this address. The API is described at /api/v1/docs."), status=404
    )


_nowhere.csrf_exempt = True
_index.csrf_exempt = True

api = EngagingApi(
    title="Engaging Together API",
    version="1",
    urls_namespace="api",
    description=DESCRIPTION.strip(),
    openapi_url="/openapi.json",
    docs=AccessibleSwagger(settings={"validatorUrl": None, "deepLinking": False}),
    docs_url="/docs",
    # The docs page needs no exemption from the site's strict content security policy: ninja's
    # Swagger page loads only its own static scripts (tests/api/test_docs_browser.py checks it).
    parser=errors.JsonObjectParser(),
)
errors.install(api)
api.add_router("", lists.router)
api.add_router("", activities.router)
api.add_router("", findings.router)
api.add_router("", responses.router)
api.add_router("", loop_closures.router)
api.add_router("", evaluations.router)
api.add_router("", plain.router)
api.add_router("", meetings.router)
api.add_router("", screenings.router)
api.add_router("", voice.router)
api.add_router("", assurance.router)
api.add_router("", questionnaires.router)
api.add_router("", surveys.router)
api.add_router("", themes.router)
api.add_router("", learning.router)
