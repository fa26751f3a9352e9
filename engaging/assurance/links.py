"""Links from each figure to the records behind it, using the filters the other pages already have.

Where no page can filter exactly what a figure counts, the link goes to the most specific page
there is (the figure's docstring in figures.py says which).
"""

from datetime import date
from functools import lru_cache
from urllib.parse import quote

from django.urls import reverse


@lru_cache(maxsize=8)
def _path(name: str) -> str:
    # Dashboards build hundreds of links to the same few lists: look each address up once.
    return reverse(name)


def urlencode(params: dict) -> str:
    """A query string; the values here are ids, dates and plain words, so this is simpler than Django's own."""
    return "&".join(f"{name}={quote(str(value), safe='')}" for name, value in params.items())


def register(*, start: date, end: date, place=None, active: bool = True, **filters) -> str:
    """The register list: activities running at some time from `start` to `end`, not cancelled, in `place`.

    The register's own filters mean the same as the dashboard's counts: "running on or after" is the
    end date, "running on or before" the start date, an area matches activities in any area that meets
    it, and an organisation matches the activities it leads or is a partner in. `active` leaves out
    cancelled activities (to show cancelled ones, filter by that status with `active=False`).
    """
    params = {name: value for name, value in filters.items() if value not in (None, "")}
    if place is not None:
        params["area"] = place.pk
    params.update({"starts_after": start.isoformat(), "ends_before": end.isoformat()})
    if active:
        params["active"] = "on"
    return f"{_path('register:list')}?{urlencode(params)}"


def loop_activities(*, start: date, end: date, organisation_id: int | None = None, state: str = "") -> str:
    """The feedback loop's list of finished activities closing in the period, in a loop state."""
    params: dict = {}
    if state:
        params["state"] = state
    if organisation_id:
        params["organisation"] = organisation_id
    params.update({"start": start.isoformat(), "end": end.isoformat()})
    return f"{_path('loop:activities')}?{urlencode(params)}"


def insight(*, start: date, end: date, organisation_id: int | None = None, theme_id: int | None = None) -> str:
    """The insight library: findings heard in the period, stale ones included."""
    params: dict = {}
    if organisation_id:
        params["organisation"] = organisation_id
    if theme_id:
        params["theme"] = theme_id
    params.update({"heard_after": start.isoformat(), "heard_before": end.isoformat(), "include_stale": "on"})
    return f"{_path('insight:library')}?{urlencode(params)}"


@lru_cache(maxsize=4096)
def evidence_path(organisation_id: int) -> str:
    return reverse("assurance:evidence", args=[organisation_id])


def evidence(organisation_id: int, *, start: date, end: date) -> str:
    """An organisation's evidence page for the period."""
    return f"{evidence_path(organisation_id)}?from={start.isoformat()}&to={end.isoformat()}"


def what_works() -> str:
    return _path("evaluation:what_works")


def meeting(meeting_id: int) -> str | None:
    """A board meeting's page, when the board's pages provide one."""
    from django.urls import NoReverseMatch

    try:
        return reverse("board:meeting", args=[meeting_id])
    except NoReverseMatch:
        return None


def agenda_item(item_id: int) -> str | None:
    """The agenda item's page, when the board's pages provide one."""
    from django.urls import NoReverseMatch

    try:
        return reverse("board:item", args=[item_id])
    except NoReverseMatch:
        return None
