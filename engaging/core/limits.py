"""The hub's one rate limiter: how often one client may do one thing in a window of time.

Every limit counts in the shared cache (Redis when REDIS_URL is set, otherwise the database), under
a key made of the limit's name, a keyed hash of the client's address (never the address itself) and
the number of the window the request falls in. A new window means a new key, so a client that keeps
calling after its limit is let in again as soon as its window ends, on every cache backend, even where
the cache's `incr` forgets the key's expiry (Django's database cache does: it writes the key again
with the default timeout). Each count is given the rest of its window, plus a little, to live.

The client is the address that connected, or, when the hub runs behind its own proxy
(BEHIND_PROXY=true), the address that proxy saw: the last entry of X-Forwarded-For, which the proxy
appends. Entries before it were written by the client and are not trusted.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

# Counts outlive their window by this long, so a clock a little ahead on another server still finds them.
SLACK_SECONDS = 5


@dataclass(frozen=True)
class Limit:
    """`allowed` requests per `window` seconds for one client, counted under `name`."""

    name: str
    allowed: int
    window: int

    def __post_init__(self):
        if self.allowed < 0 or self.window < 1:
            raise ValueError(f"A limit needs a window of at least a second and a non-negative count: {self}")


@dataclass(frozen=True)
class Usage:
    count: int
    limit: Limit
    retry_after: int  # seconds until the window ends

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit.allowed


def client_address(request) -> str:
    """The address of whoever sent the request, from the proxy's header only when the hub is behind one."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(limit: Limit, request, scope: str, window_number: int) -> str:
    client = salted_hmac("engaging.core.limits", client_address(request), algorithm="sha256").hexdigest()[:40]
    return f"limit:{limit.name}:{scope}:{client}:{window_number}"


def _window(limit: Limit, now: float) -> tuple[int, int]:
    """The number of the window `now` falls in, and the seconds left in it."""
    number = int(now // limit.window)
    return number, max(1, int((number + 1) * limit.window - now))


def usage(request, limit: Limit, scope: str = "") -> Usage:
    """How many times this client has counted against `limit` (within `scope`) in the current window."""
    number, left = _window(limit, time.time())
    return Usage(cache.get(_key(limit, request, scope, number), 0), limit, left)


def count(request, limit: Limit, scope: str = "") -> Usage:
    """Count one more request by this client against `limit`, and say where that leaves it."""
    number, left = _window(limit, time.time())
    key = _key(limit, request, scope, number)
    lifetime = left + SLACK_SECONDS
    if cache.add(key, 1, timeout=lifetime):
        return Usage(1, limit, left)
    try:
        value = cache.incr(key)
    except ValueError:  # the count expired between add and incr
        cache.set(key, 1, timeout=lifetime)
        value = 1
    # The database cache's incr writes the key again with the default timeout: put the window's back.
    cache.touch(key, lifetime)
    return Usage(value, limit, left)
