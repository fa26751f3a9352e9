"""How often one client may send participant feedback about one activity, counted by engaging.core.limits.

Settings (read when used, so tests can change them):
- FEEDBACK_RATE_LIMIT: submissions allowed per client per activity in one window (default 5);
- FEEDBACK_RATE_WINDOW: the window, in seconds (default 3600, an hour).
"""

from django.conf import settings

from engaging.core import limits


def feedback_limit() -> limits.Limit:
    return limits.Limit("feedback", settings.FEEDBACK_RATE_LIMIT, settings.FEEDBACK_RATE_WINDOW)


def limit() -> int:
    return feedback_limit().allowed


def window() -> int:
    return feedback_limit().window


def over_limit(request, activity_id: int) -> bool:
    """Whether this client has already sent as much feedback about this activity as the window allows."""
    return limits.usage(request, feedback_limit(), scope=str(activity_id)).count >= limit()


def count_submission(request, activity_id: int) -> None:
    limits.count(request, feedback_limit(), scope=str(activity_id))
