"""Requests over Django's limits are answered with a 400 of the hub's own, never a traceback.

Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE and more than DATA_UPLOAD_MAX_NUMBER_FIELDS
parameters by raising an exception where the request is first read, which with DEBUG on shows a
traceback. Here the query string, and a form's body, are read before anything else reads them, and
anything over a limit is answered at once: the API (under /api/) in its JSON error shape, every other
address with the hub's 400 page. A JSON body sent to the API is refused by its length alone, before
it is read.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse

from engaging.core.views import bad_request

LIMITS = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)
# The API answers every error as {"detail": ..., "errors": [...]}, and reads its own bodies.
API_PREFIX = "/api/"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def refusal(request: HttpRequest, error: Exception) -> HttpResponse:
    """The 400 for a request over one of Django's limits, in the API's shape or as the hub's page."""
    if isinstance(error, RequestDataTooBig):
        detail = "The request body is too large."
    elif isinstance(error, TooManyFilesSent):
        detail = "The request sends too many files."
    else:
        detail = f"The request sends too many parameters: at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}."
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": detail, "errors": []}, status=400)
    return bad_request(request, error, detail=detail)


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.GET  # noqa: B018 - parsed now, so too many parameters is answered here
            if request.path.startswith(API_PREFIX):
                length = int(request.META.get("CONTENT_LENGTH") or 0)
                if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                    raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
            elif request.method == "POST" and request.content_type in FORMS:
                request.POST  # noqa: B018 - the CSRF check reads it anyway, before any view
        except LIMITS as error:
            return refusal(request, error)
        except ValueError:
            pass  # a Content-Length that is not a number: Django's own handling answers it
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return refusal(request, exception) if isinstance(exception, LIMITS) else None
