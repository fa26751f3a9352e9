"""A limit on how often one client can send participant feedback about one activity.

The client is known only by a keyed hash of its network address, kept in the cache for the length
of the window and never stored anywhere else. Settings (read when used, so tests can change them):

- FEEDBACK_RATE_LIMIT: submissions allowed per client per activity in one window (default 5);
- FEEDBACK_RATE_WINDOW: the window, in seconds (default 3600, an hour).

The cache must be shared by every app server for the limit to hold across them (Django's default
in-memory cache is per process).
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def limit() -> int:
    return getattr(settings, "FEEDBACK_RATE_LIMIT", 5)


def window() -> int:
    return getattr(settings, "FEEDBACK_RATE_WINDOW", 3600)


def _key(request, activity_id: int) -> str:
    address = request.META.get("REMOTE_ADDR", "") or ""
    client = salted_hmac("engaging.evaluation.feedback-rate", address).hexdigest()[:32]
    return f"feedback-rate:{activity_id}:{client}"


def over_limit(request, activity_id: int) -> bool:
    """Whether this client has already sent as much feedback about this activity as the window allows."""
    return (cache.get(_key(request, activity_id)) or 0) >= limit()


def count_submission(request, activity_id: int) -> None:
    key = _key(request, activity_id)
    cache.add(key, 0, timeout=window())
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=window())
