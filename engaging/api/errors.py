"""Every 4xx answer has one shape: {"detail": "...", "errors": [{"field": "...", "message": "..."}]}.

Status codes:
- 400 anything wrong with what was sent: JSON that cannot be read, a missing or
  invalid field, an unknown id, an end date before the start, a status the
  lifecycle does not allow, an invalid filter;
- 401 no valid token where one is needed, or a token that is malformed, unknown or revoked;
- 403 signed in but not allowed (including a failed CSRF check for browser sessions);
- 404 no such record, or one the caller may not see; also a path id that is not a number;
- 405 a method the address does not support;
- 412 a change sent with an If-Match that is not the record's current ETag: someone else changed it first
  (the body also holds the current `etag` and what changed, see engaging/api/preconditions.py).
"""

import json
from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from engaging.core import oversized

# What to say when a required field is missing, in the words the register's form uses.
REQUIRED = {
    "title": "Enter a title",
    "summary": "Enter a plain summary for residents",
    "purpose": "Enter the decision or work this engagement informs",
    "lead_organisation": "Choose the lead organisation",
    "type": "Choose the type of engagement",
    "level": "Choose the level of influence",
    "start_date": "Enter the start date",
    "groups": "Choose at least one target group",
    "areas": "Choose at least one area",
    "q": "Enter a word to search for",
}

NOT_SIGNED_IN = "Send a personal API token as “Authorization: Bearer TOKEN” to do this."


class ApiError(Exception):
    """An answer other than success, already in plain words."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: Iterable[tuple[str, str]] = (),
        headers: dict[str, str] | None = None,
        extra: dict | None = None,
    ):
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}
        self.extra = extra or {}  # more keys for the body, after detail and errors (412's current ETag)
        super().__init__(detail)


class Invalid(ApiError):
    """400: what was sent is wrong, field by field."""

    def __init__(self, errors: Iterable[tuple[str, str]], detail: str = "Some details are missing or not valid."):
        super().__init__(400, detail, errors)


class BodyNotJson(ValueError):
    pass


class JsonObjectParser(Parser):
    """Reads a request body that must be one JSON object (not a list, number or NaN)."""

    def parse_body(self, request: HttpRequest):
        try:
            data = json.loads(request.body, parse_constant=_refuse_constant)
        except UnicodeDecodeError:
            raise BodyNotJson("The request body is not UTF-8 text.") from None
        except json.JSONDecodeError as error:
            raise BodyNotJson(
                f"The request body is not valid JSON: {error.msg.lower()} at line {error.lineno}, column {error.colno}."
            ) from None
        except RecursionError:
            raise BodyNotJson("The request body is nested too deeply.") from None
        if not isinstance(data, dict):
            raise BodyNotJson('The request body must be a JSON object, like {"title": "…"}.')
        return data


def _refuse_constant(name: str):
    raise BodyNotJson(f"The request body is not valid JSON: {name} is not a JSON number.")


def error_body(detail: str, errors: Iterable[tuple[str, str]] = ()) -> dict:
    return {"detail": detail, "errors": [{"field": field, "message": message} for field, message in errors]}


ID_FIELDS = (
    *("id", "lead_organisation", "partner_organisations", "methods", "groups", "areas", "priorities"),
    *("activity", "themes", "meeting", "superseded_by", "legal_duties", "affected_groups"),
    *("insight_reused", "organisation", "method", "group", "area", "priority", "theme", "board"),  # and filters
)


def _message(error: dict, field: str) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    in_list = any(isinstance(part, int) for part in error.get("loc", ()))
    if field in ID_FIELDS and kind in ("int_type", "int_parsing", "int_from_float", "greater_than_equal"):
        return "Each item must be an id, a whole number, like [1, 2]" if in_list else "Enter an id, a whole number"
    if field in ID_FIELDS and kind == "less_than_equal":
        return "There is no record with an id that large"
    if kind == "missing":
        return REQUIRED.get(field, "This field is required")
    if kind == "extra_forbidden":
        if field == "status":
            return "New activities start as planned; change the status afterwards with PATCH"
        return "This is not a field you can set"
    if kind == "value_error":
        return str(ctx.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    if kind in ("string_type",):
        return "Enter text, in quotes"
    if kind == "string_too_long":
        return f"Use {ctx.get('max_length')} characters or fewer"
    if kind == "string_too_short":
        return REQUIRED.get(field, "This cannot be blank")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "Enter a whole number, like 12"
    if kind == "greater_than_equal":
        return "This cannot be negative" if ctx.get("ge") == 0 else f"Enter a number of {ctx.get('ge')} or more"
    if kind == "less_than_equal":
        return f"Enter a number no bigger than {ctx.get('le')}"
    if kind == "literal_error":
        return f"Choose one of: {str(ctx.get('expected', '')).replace(chr(39), '')}"
    if kind in ("bool_type", "bool_parsing"):
        return "Enter true or false"
    if kind == "list_type":
        return "Send a list of ids, like [1, 2]"
    if kind == "too_short":
        return REQUIRED.get(field, "Choose at least one")
    if kind == "too_long":
        return f"Choose no more than {ctx.get('max_length')}"
    if kind == "decimal_max_digits":
        return "Enter an amount below £100,000,000"
    if kind.startswith("decimal") or kind == "finite_number":
        return "Enter an amount in pounds with no more than two decimal places, like 250.00"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "Send a JSON object"
    return "This value is not valid"


def field_errors(raw_errors: list[dict]) -> tuple[str, list[tuple[str, str]], list[str]]:
    """Turn ninja's validation errors into (source, [(field, message)], [messages without a field])."""
    source = "body"
    errors: list[tuple[str, str]] = []
    general: list[str] = []
    seen: set[str] = set()
    for error in raw_errors:
        loc = [part for part in error.get("loc", ()) if isinstance(part, str)]
        source = loc[0] if loc else source
        names = loc[1:]
        if source == "body" and names:
            names = names[1:]  # drop the name of the view's payload argument
        field = names[0] if names else ""
        message = _message(error, field)
        if not field:
            general.append(message)
        elif field not in seen:  # one message per field is enough to act on
            seen.add(field)
            errors.append((field, message))
    return source, errors, general


def on_validation_error(request, exc: NinjaValidationError, api) -> HttpResponse:
    in_path = [error for error in exc.errors if tuple(error.get("loc", ()))[:1] == ("path",)]
    if in_path:  # whatever else is wrong, there is no such record
        _, errors, _ = field_errors(in_path)
        return api.create_response(request, error_body("There is nothing with that id.", errors), status=404)
    source, errors, general = field_errors(exc.errors)
    if source == "query":
        detail = "Some of the filters are not valid."
    elif general and not errors:
        detail = "Send the activity as a JSON object in the request body."
    else:
        detail = "Some details are missing or not valid."
    return api.create_response(request, error_body(detail, errors), status=400)


def on_http_error(request, exc: HttpError, api) -> HttpResponse:
    status = exc.status_code
    detail = str(exc)
    if isinstance(exc.__cause__, BodyNotJson):
        detail = str(exc.__cause__)
    elif isinstance(exc.__cause__, RequestDataTooBig):
        detail = "The request body is too large."
    elif isinstance(exc, AuthenticationError) and detail == "Unauthorized":
        detail = NOT_SIGNED_IN
    elif status == 403 and "CSRF" in detail:
        detail = "The CSRF check failed: send the X-CSRFToken header, or use a token instead of a browser session."
    elif status == 403 and detail == "Forbidden":
        detail = "You do not have permission to do this."
    response = api.create_response(request, error_body(detail), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def on_api_error(request, exc: ApiError, api) -> HttpResponse:
    response = api.create_response(request, {**error_body(exc.detail, exc.errors), **exc.extra}, status=exc.status)
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    for name, value in exc.headers.items():
        response[name] = value
    return response


def on_not_found(request, exc: Exception, api) -> HttpResponse:
    detail = "There is nothing here."
    if isinstance(exc, ObjectDoesNotExist):
        detail = "There is nothing with that id."
    return api.create_response(request, error_body(detail), status=404)


def on_permission_denied(request, exc: PermissionDenied, api) -> HttpResponse:
    detail = str(exc) or "You do not have permission to do this."
    return api.create_response(request, error_body(detail), status=403)


def on_django_validation_error(request, exc: DjangoValidationError, api) -> HttpResponse:
    """A rule broken deep in the register (the lifecycle, the model's own checks) is still a 400."""
    errors: list[tuple[str, str]] = []
    general: list[str] = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            if field == NON_FIELD_ERRORS:
                general.extend(messages)
            else:
                errors.append((field, " ".join(messages)))
    else:
        general.extend(exc.messages)
    detail = " ".join(general) or "Some details are missing or not valid."
    return api.create_response(request, error_body(detail, errors), status=400)


def install(api) -> None:
    """Replace ninja's default handlers, so every 4xx answer has the one shape."""
    from functools import partial

    api.add_exception_handler(NinjaValidationError, partial(on_validation_error, api=api))
    api.add_exception_handler(HttpError, partial(on_http_error, api=api))
    api.add_exception_handler(ApiError, partial(on_api_error, api=api))
    api.add_exception_handler(Http404, partial(on_not_found, api=api))
    api.add_exception_handler(ObjectDoesNotExist, partial(on_not_found, api=api))
    api.add_exception_handler(PermissionDenied, partial(on_permission_denied, api=api))
    api.add_exception_handler(DjangoValidationError, partial(on_django_validation_error, api=api))
    for limit in oversized.LIMITS:  # a body or query over Django's limits, read inside a view
        api.add_exception_handler(limit, lambda request, exc: oversized.refusal(request, exc))
