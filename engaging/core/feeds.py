"""Feeds (iCalendar, Atom) kept whole until a table they read is written.

Calendar and feed readers ask for the same few addresses again and again, and drawing a feed costs far
more than reading its rows. A feed is kept by the one cache (engaging/core/cache.py), keyed by what its
filters were given once cleaned, so only addresses a person could have built from the filters' own
choices are kept; anything else (a parameter the filters do not read, a value they refuse, words or a
date someone typed) is answered afresh, and nobody can fill the cache by making up addresses.
"""

from collections.abc import Callable, Iterable

from django.http import HttpResponse

from engaging.core import cache
from engaging.core.addresses import site_root

# What a kept feed's response keeps besides its content.
HEADERS = ("Content-Type", "Content-Disposition", "Last-Modified")


def asked_of(filterset, typed: Iterable[str] = ()) -> list | None:
    """What `filterset` was given, as cleaned values (a chosen row by its id), or None when its address holds
    anything else: a parameter it does not read, a value it would refuse, or a value for any of `typed`
    (filters a person types into, whose values have no end)."""
    if not filterset.is_bound:
        return []
    if not set(filterset.data) <= set(filterset.filters) or not filterset.is_valid():
        return None
    cleaned = filterset.form.cleaned_data
    if any(cleaned.get(name) not in (None, "") for name in typed):
        return None
    return [(name, getattr(value, "pk", value)) for name, value in sorted(cleaned.items())]


def kept_feed(
    request,
    name: str,
    filterset,
    respond: Callable[[], HttpResponse],
    *more,
    typed: Iterable[str] = (),
    by_roles: bool = False,
) -> HttpResponse:
    """`respond()`, or the response it gave for the same filters (and `more`) if no table it read has changed since.

    `by_roles=True` keeps it for everyone with the visitor's roles (a feed for partners); otherwise it is shared
    by everyone and drawn as for a visitor who has not signed in (a residents' feed)."""
    asked = asked_of(filterset, typed)
    if asked is None:
        return respond()

    def drawn() -> tuple:
        response = respond()
        return (response.content, *((header, response[header]) for header in HEADERS if response.has_header(header)))

    parts = [site_root(request), *asked, *more]
    content, *headers = cache.cached(f"feed:{name}", parts, drawn, request=request, by_roles=by_roles)
    response = HttpResponse(content)
    for header, value in headers:
        response[header] = value
    return response
