"""How many responses one client may send to one questionnaire, counted by engaging.core.limits.

A household or a library shares one address, so the limit is generous. Settings (read when used):
- QUESTIONNAIRE_RATE_LIMIT: responses allowed per client per questionnaire in one window (default 30);
- QUESTIONNAIRE_RATE_WINDOW: the window, in seconds (default 3600, an hour).
The page and the API count against the same limit.
"""

from django.conf import settings

from engaging.core import limits


def questionnaire_limit() -> limits.Limit:
    return limits.Limit(
        "questionnaire",
        settings.QUESTIONNAIRE_RATE_LIMIT,
        settings.QUESTIONNAIRE_RATE_WINDOW,
    )


def over_limit(request, questionnaire_id: int) -> bool:
    """Whether this client has already sent as many responses to this questionnaire as the window allows."""
    limit = questionnaire_limit()
    return limits.usage(request, limit, scope=str(questionnaire_id)).count >= limit.allowed


def count_response(request, questionnaire_id: int) -> None:
    limits.count(request, questionnaire_limit(), scope=str(questionnaire_id))
