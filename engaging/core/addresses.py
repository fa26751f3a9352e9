"""Full addresses of the hub's pages, for links that leave it: short links, QR codes, emails, feeds, reports.

One rule, used wherever such a link is built:
1. SITE_URL, when it is set: the one public address of the hub, whatever address a request came to;
2. otherwise the address the request came to (scheme and host, as Django checks them against
   ALLOWED_HOSTS), so a hub served at https://hub.example.org never prints http://127.0.0.1:8000;
3. otherwise, for work done with no request at hand (a scheduled email), the first named host in
   ALLOWED_HOSTS, over https unless DEBUG is on. Work queued by a request is given that request's
   address (`site_root()` while the request is answered, passed to the task) so it does not get this far.

Code deep inside a request that is not handed the request (a report rendered for download, say) still
gets the request's address: `CurrentRequestMiddleware` holds the request being answered.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings

# The request being answered, if any; or a root given to background work (see `using_root`).
_current_request: ContextVar = ContextVar("current_request", default=None)
_given_root: ContextVar[str] = ContextVar("given_root", default="")


def site_root(request=None) -> str:
    """Where the hub's pages start, with scheme and host and no trailing slash, e.g. "https://hub.example.org"."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    request = request if request is not None else _current_request.get()
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return _given_root.get().rstrip("/") or fallback_root()


@contextmanager
def using_root(root: str):
    """For background work queued by a request: links built inside start with that request's `root`."""
    reset = _given_root.set(root or "")
    try:
        yield
    finally:
        _given_root.reset(reset)


class CurrentRequestMiddleware:
    """Holds the request being answered, so `site_root()` knows its address without being handed it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(reset)


def fallback_root() -> str:
    """With no SITE_URL and no request: the first host ALLOWED_HOSTS names (not a pattern), else localhost."""
    named = [host for host in settings.ALLOWED_HOSTS if host and "*" not in host and not host.startswith(".")]
    host = named[0] if named else "localhost"
    return f"{'http' if settings.DEBUG else 'https'}://{host}"


def absolute_url(path: str, request=None, *, root: str | None = None) -> str:
    """`path` (as reverse() gives it) as a full address; an address that is full already is left as it is.

    `root` is a site_root() worked out earlier, for work queued by a request and done later.
    """
    if urlsplit(path).scheme:
        return path
    base = root.rstrip("/") if root else site_root(request)
    return base + (path if path.startswith("/") else "/" + path)


def site_host() -> str:
    """The hub's own host name, for identifiers that must stay the same whichever address a page is read at
    (calendar UIDs, feed entry ids): SITE_URL's, or else the fallback's, never the request's."""
    return urlsplit(settings.SITE_URL or fallback_root()).hostname or "localhost"
