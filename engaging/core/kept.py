"""Parts of pages kept, rendered, until a record they show changes.

The register, an activity's page, the overlap check, the fatigue view, the insight library, "You
said, we did" and the Local Account answer the same questions again and again between changes: the
same filters, by people with the same roles. Each answer is rendered once and kept by the one cache
(engaging/core/cache.py) until a table it read is written, so the next request after such a write gets
a fresh answer, worked out from the data as it now is.

A kept part is keyed by everything it may depend on besides the data:
- the page's query string, as a sorted list of its parameters;
- the visitor's roles (`by_roles`, see cache.py): every permission these pages check follows from
  them (rules.py in each app), so two people with the same roles may be shown the same part; a part
  that reads more of the person is theirs alone;
- today's date, since "active", "upcoming", "late" and the default months move with it;
- the address links that leave the hub start with (engaging/core/addresses.py): with SITE_URL unset it is
  the address the request came to, so a page kept for one host never shows another host's links.

Only addresses the hub writes itself are kept in the shared cache: one with a parameter the page does not
read is answered afresh, and so is a page number not written as the page's own links write it (`page_of`).
Anyone could otherwise fill the cache with made-up addresses. What words to search for (`words`) find is kept
in the answering process alone, among its last few searches (`here_only` in cache.py), so asking again is
quick while nobody's made-up words reach the shared cache or push anyone else's pages out of it.

KEEP_PAGES = False (an environment variable too) renders every part afresh on every request.

A part never keeps anyone's CSRF token: it is rendered with a stand-in (any token a nested template
wrote is replaced by it too), and each request's own token is put in as it is served.

Parts are kept as the UTF-8 bytes they are served as. A page rendered with `render_page` has each
part put in after the rest of the page is encoded, so a large part (the dashboard's is over 200 KB)
is neither copied through the template's output nor encoded again for every request. What the page
shows around its parts (header, menu, breadcrumbs, footer) is kept as bytes too, under the same key
and stamp, so a page whose parts are kept is served without rendering any template.
"""

import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import date
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from engaging.core import cache
from engaging.core.addresses import site_root

# Stands in for the CSRF token while a part is rendered for keeping; it cannot occur in escaped HTML.
TOKEN = "\x00csrf-token\x00"
TOKEN_BYTES = TOKEN.encode()
# Whatever token Django's own tags wrote (a template tag that renders another template makes a new
# context, with the request's real token): each is replaced by the stand-in before anything is kept.
WRITTEN_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def parts_of(request, *more) -> list:
    """What a kept part of this request's page depends on, besides the data, the visitor's roles and `more`."""
    htmx = request.headers.get("HX-Request") == "true"
    # The address asked for, when SITE_URL is unset: a page's full links (a feedback short link, say) name it.
    root = site_root(request)
    return [root, request.path, sorted(request.GET.lists()), htmx, date.today(), *more]


def page_of(paginator, request, name: str = "page"):
    """`paginator.get_page()` of the page the address names. The page's own links name page 2 as "2": any other
    way of naming a page (page "03", a page past the last) is answered with the page it means, and not kept."""
    asked = request.GET.get(name)
    page = paginator.get_page(asked)
    if asked is not None and asked != str(page.number):
        cache.skip()
    return page


def kept_parts(
    request,
    name: str,
    templates: dict[str, str],
    context: Callable[[], dict],
    *more,
    params: Iterable[str] | None = None,
    words: Iterable[str] = (),
    by_roles: bool = True,
) -> dict:
    """Each of `templates` rendered with `context()` for this request, or as they were last rendered for
    the same path, query, roles and day if nothing they show has changed since; `more` adds to what
    they depend on. Several parts of one page (its title and its body, say) share one `context()`.

    `params` names the query parameters the page reads: an address with any other is answered afresh
    and not kept, so made-up parameters cannot fill the cache; one with words to search for in any of
    `words` is kept in this process alone. `by_roles=False` shares the parts between everyone, for public
    pages that show nothing that depends on who asks: they are rendered as for a visitor who has not signed in.
    """

    def render() -> tuple[tuple[str, bytes], ...]:
        values = {**context(), "csrf_token": TOKEN}
        rendered = ((part, render_to_string(template, values, request=request)) for part, template in templates.items())
        return tuple((part, WRITTEN_TOKEN.sub(rf"\g<1>{TOKEN}\g<2>", html).strip().encode()) for part, html in rendered)

    if not _may_be_kept(request, params):
        request._cache_kept_nothing = True  # nor the page around it
        rendered = render()
    else:
        # Words to search for are anyone's to make up: what they find is kept in this process alone (cache.py).
        here_only = _searches(request, words)
        if here_only:
            request._cache_here_only = True  # and the page around it
        rendered = cache.cached(
            f"page:{name}", parts_of(request, *more), render, request=request, by_roles=by_roles, here_only=here_only
        )
    token = None
    served = {}
    for part, data in rendered:
        if TOKEN_BYTES in data:
            token = token or get_token(request).encode()
            data = data.replace(TOKEN_BYTES, token)
        served[part] = Piece(data)
    return served


def kept_html(request, name: str, template: str, context: Callable[[], dict], *more, **options) -> "Piece":
    """`template` rendered with `context()`, kept as kept_parts keeps it."""
    return kept_parts(request, name, {"body": template}, context, *more, **options)["body"]


# While `render_page` renders, the pieces its template has shown so far; None at any other time.
_placed: ContextVar[list | None] = ContextVar("placed", default=None)
PLACE = re.compile(rb"\x00piece(\d+)\x00")


class Piece(bytes):
    """A rendered part of a page, as the UTF-8 bytes it is served as: a response's content as it is.

    Shown by a template that `render_page` renders, it writes a short marker that is replaced by its
    bytes once the page around it is encoded. Shown by any other template, it is its HTML, escaped
    when it was rendered. The markers hold NUL, which nothing rendered holds.
    """

    __slots__ = ()

    def __str__(self) -> str:
        placed = _placed.get()
        if placed is None:
            return SafeString(self.decode())
        placed.append(self)
        return SafeString(f"\x00piece{len(placed) - 1}\x00")

    __html__ = __str__


class Shell(NamedTuple):
    """A page rendered around its pieces, for keeping: the bytes between the pieces, and for each place a
    piece goes, the name the piece has in the page's context."""

    between: tuple[bytes, ...]
    slots: tuple[str, ...]


def render_page(
    request, template: str, context: dict, *, status: int = 200, params: Iterable[str] | None = None
) -> HttpResponse:
    """`render()` for a page that shows pieces: each piece is put into the encoded page as its own bytes.

    Given `params`, the query parameters the page reads, what the page shows around its pieces (the
    header, the menu for the visitor's roles, the breadcrumbs, the footer) is kept too, under the same
    key and stamp as a kept part, so a page whose parts are kept is served without rendering a
    template; each piece in the context is put where the kept page had the piece of the same name. An
    address with other parameters, a page with messages to show, and anything but a GET answered with
    200 are rendered afresh.
    """
    if status == 200 and params is not None and _shell_may_be_kept(request, params):
        shell = cache.cached(
            f"shell:{template}",
            [*parts_of(request), request.user.is_authenticated, _static_version()],
            lambda: _shell(request, template, context),
            request=request,
            by_roles=True,
            here_only=getattr(request, "_cache_here_only", False),
        )
        if shell is not None and all(isinstance(context.get(slot), Piece) for slot in shell.slots):
            return HttpResponse(_filled(request, shell, context))
    return HttpResponse(_rendered(request, template, context), status=status)


def _may_be_kept(request, params: Iterable[str] | None) -> bool:
    """Whether the address is one the hub writes: no made-up parameters."""
    return params is None or set(request.GET) <= set(params)


def _searches(request, words: Iterable[str]) -> bool:
    """Whether the address holds words to search for, in any of the parameters `words`."""
    return any(request.GET.get(name, "").strip() for name in words)


def _shell_may_be_kept(request, params: Iterable[str]) -> bool:
    if not settings.KEEP_PAGES or request.method not in ("GET", "HEAD") or not hasattr(request, "user"):
        return False
    if not _may_be_kept(request, params) or getattr(request, "_cache_kept_nothing", False):
        return False
    # Counting messages reads them without marking them shown (the session is read already to sign in).
    storage = getattr(request, "_messages", None)
    return storage is None or len(storage) == 0


def _static_version() -> str:
    """Which build of the static files the page's links name: a kept page must not outlive a new stylesheet."""
    return getattr(staticfiles_storage, "manifest_hash", "")


def _placing(request, template: str, context: dict) -> tuple[str, list["Piece"]]:
    """The page rendered with a marker where each piece goes, and the pieces shown, in the order shown."""
    placed: list[Piece] = []
    reset = _placed.set(placed)
    try:
        html = render_to_string(template, context, request=request)
    finally:
        _placed.reset(reset)
    return html, placed


def _split(content: bytes, placed: list["Piece"]) -> tuple[list[bytes], list[int]] | None:
    """The bytes between the markers, and the piece each marker stands for; None unless there is exactly one
    marker for each piece shown (a filter changed one, or the visitor's own words in the page hold
    something that looks like one)."""
    split = PLACE.split(content)
    between, places = split[0::2], [int(place) for place in split[1::2]]
    if sorted(places) != list(range(len(placed))):
        return None
    return between, places


def _rendered(request, template: str, context: dict) -> bytes:
    html, placed = _placing(request, template, context)
    content = html.encode()
    if not placed and b"\x00piece" not in content:
        return content
    found = _split(content, placed)
    if found is None or any(b"\x00" in part for part in found[0]):
        # Render the page the slow way, each piece shown as its HTML.
        return render_to_string(template, context, request=request).encode()
    between, places = found
    parts = [between[0]]
    for place, part in zip(places, between[1:], strict=True):
        parts += [placed[place], part]
    return b"".join(parts)


def _shell(request, template: str, context: dict) -> Shell | None:
    """The page around its pieces, with the stand-in for the CSRF token; None when it cannot be kept (a piece
    shown that is not one of the context's own, or markers that do not match the pieces shown)."""
    names = {id(value): name for name, value in context.items() if isinstance(value, Piece)}
    html, placed = _placing(request, template, {**context, "csrf_token": TOKEN})
    found = _split(WRITTEN_TOKEN.sub(rf"\g<1>{TOKEN}\g<2>", html).encode(), placed)
    if found is None:
        return None
    between, places = found
    slots = tuple(names.get(id(placed[place])) for place in places)
    if None in slots or any(b"\x00" in part.replace(TOKEN_BYTES, b"") for part in between):
        return None
    return Shell(tuple(between), slots)


def _filled(request, shell: Shell, context: dict) -> bytes:
    """The kept page with this request's pieces and CSRF token put in."""
    token = None
    parts = []
    for part, slot in zip(shell.between, (*shell.slots, None), strict=True):
        if TOKEN_BYTES in part:
            token = token or get_token(request).encode()
            part = part.replace(TOKEN_BYTES, token)
        parts.append(part)
        if slot is not None:
            parts.append(context[slot])
    return b"".join(parts)


# What a kept page's response keeps besides its content.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")


def kept_view(*, params: Iterable[str] = (), words: Iterable[str] = (), more: Callable | None = None):
    """Keep a page's whole answer to GET for everyone with the visitor's roles, until a table it read is written.

    For pages worked out on each request that read nothing of the request but its address and the
    visitor's roles (a record's page, a list with filters): put it under the access check, which still
    runs on every request. `params` names the query parameters the page reads and `words` those holding
    words to search for, as `kept_parts` takes them: any other address is answered afresh. So is a
    request with messages waiting to be shown, and anything but a 200 (a redirect, a form's errors).
    A page that reads more of the person than their roles is kept for them alone (see cache.py).

    `more(request)`, when given, is asked on every request before anything kept is looked for, and what
    it gives is part of what the page depends on: for what moves without a write to a table (the time
    of day past which a session has started) or is read from a table with no version (the next run
    queued). What it reads is not counted as read by the page; the view may use what it found (stored
    on the request, say) rather than reading it again.
    """
    params, words = tuple(params), tuple(words)

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or not _shell_may_be_kept(request, params):
                return view(request, *args, **kwargs)
            answered = []

            def respond():
                response = view(request, *args, **kwargs)
                answered.append(response)
                added = getattr(getattr(request, "_messages", None), "added_new", False)
                if response.status_code != 200 or response.streaming or response.cookies or added:
                    cache.skip()
                    return None
                html = WRITTEN_TOKEN.sub(rf"\g<1>{TOKEN}\g<2>", response.content.decode())
                headers = tuple((name, response[name]) for name in KEPT_HEADERS if response.has_header(name))
                return html.encode(), headers

            name = f"view:{view.__module__}.{view.__qualname__}"
            extra = () if more is None else (more(request),)
            kept = cache.cached(name, [*parts_of(request), *args, *sorted(kwargs.items()), *extra], respond,
                                request=request, by_roles=True, here_only=_searches(request, words))  # fmt: skip
            if kept is None:
                return answered[0]
            content, headers = kept
            if TOKEN_BYTES in content:
                content = content.replace(TOKEN_BYTES, get_token(request).encode())
            response = HttpResponse(content)
            for header, value in headers:
                response[header] = value
            return response

        return wrapper

    return decorate
