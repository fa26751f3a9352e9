"""How a response to residents' feedback is said in Easy Read: how far it has got, then what was done and changed."""

from datetime import date

from django.utils.formats import date_format

from engaging.loop.models import Response
from engaging.plain.easy_read import draft_ideas
from engaging.plain.easy_read_views import shown_ideas
from engaging.plain.picturing import shown
from engaging.plain.terms import Glossary


def _day(day: date) -> str:
    return date_format(day, "j F Y")


def status_idea(response: Response, today: date) -> str:
    """The line each "We did" block starts with: how far the response has got and by when, worked out live.

    Said from the response's own status and dates, so it is never out of date and never a line that says nothing.
    """
    Status = Response.Status
    if response.status in (Status.CONSIDERING, Status.PLANNED, Status.IN_PROGRESS) and response.is_late_on(today):
        return f"We said we would do this by {_day(response.due_on)}. It is late: we have not finished it yet."
    by = f" by {_day(response.due_on)}" if response.due_on else ""
    if response.status == Status.CONSIDERING:
        return f"We are thinking about this. We will decide{by}." if by else "We are thinking about this."
    if response.status == Status.PLANNED:
        return f"We plan to do this{by}."
    if response.status == Status.IN_PROGRESS:
        return f"We are working on this now. We expect to finish{by}." if by else "We are working on this now."
    if response.status == Status.DONE:
        return (
            f"We did this. It was done on {_day(response.completed_on)}." if response.completed_on else "We did this."
        )
    return "We cannot do this."


def draft_for_response(response: Response, *, glossary: Glossary) -> list[str]:
    """A first Easy Read draft of a response: what was decided or done, why not if it cannot be, and what changed."""
    ideas = draft_ideas(response.action, glossary=glossary)
    if response.status == Response.Status.NOT_POSSIBLE:
        ideas += draft_ideas(response.reason, glossary=glossary)
    return ideas + draft_ideas(response.outcome, glossary=glossary)


def we_did(
    response: Response, saved: list[dict] | None, *, glossary: Glossary, keywords: dict, today: date
) -> list[dict]:
    """A response's "We did" block: how far it has got, then its saved Easy Read ideas or a draft of them."""
    ideas = saved or [{"text": text, "picture": ""} for text in draft_for_response(response, glossary=glossary)]
    return [shown(status_idea(response, today), keywords), *shown_ideas(ideas, keywords)]
