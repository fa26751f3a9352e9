"""Residents' feeds, kept whole until a table they read is written.

Calendar and feed readers ask for the same few addresses again and again, and drawing a feed (the
iCalendar library folds every line of every event) costs far more than reading its rows. A feed is kept
by what its filters were given once cleaned, so only addresses a resident could have built from the
filters' own choices are kept; anything else is answered afresh, and nobody can fill the cache by
making up addresses.
"""

from collections.abc import Callable

from django.http import HttpResponse

from engaging.core import cache
from engaging.core.addresses import site_root

# What a kept feed's response keeps besides its content.
HEADERS = ("Content-Type", "Content-Disposition", "Last-Modified")


def asked_of(filterset) -> list | None:
    """What `filterset` was given, as cleaned values (a chosen row by its id), or None when its address holds
    anything else: a parameter it does not read, or a value it would refuse."""
    if not filterset.is_bound:
        return []
    if not set(filterset.data) <= set(filterset.filters) or not filterset.is_valid():
        return None
    return [(name, getattr(value, "pk", value)) for name, value in sorted(filterset.form.cleaned_data.items())]


def kept_feed(request, name: str, filterset, respond: Callable[[], HttpResponse], *more) -> HttpResponse:
    """`respond()`, or the response it gave for the same filters (and `more`) if no table it read has changed since."""
    asked = asked_of(filterset)
    if asked is None:
        return respond()

    def drawn() -> tuple:
        response = respond()
        return (response.content, *((header, response[header]) for header in HEADERS if response.has_header(header)))

    content, *headers = cache.cached(f"feed:{name}", [site_root(request), *asked, *more], drawn, request=request)
    response = HttpResponse(content)
    for header, value in headers:
        response[header] = value
    return response
