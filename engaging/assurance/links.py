"""Links from each figure to the records behind it, using the filters the other pages already have.

Where no page can filter exactly what a figure counts, the link goes to the most specific page
there is (the figure's docstring in figures.py says which).
"""

from datetime import date

from django.urls import reverse
from django.utils.http import urlencode


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
    return f"{reverse('register:list')}?{urlencode(params)}"


def loop_activities(*, start: date, end: date, organisation_id: int | None = None, state: str = "") -> str:
    """The feedback loop's list of finished activities closing in the period, in a loop state."""
    params: dict = {}
    if state:
        params["state"] = state
    if organisation_id:
        params["organisation"] = organisation_id
    params.update({"start": start.isoformat(), "end": end.isoformat()})
    return f"{reverse('loop:activities')}?{urlencode(params)}"


def insight(*, start: date, end: date, organisation_id: int | None = None, theme_id: int | None = None) -> str:
    """The insight library: findings heard in the period, stale ones included."""
    params: dict = {}
    if organisation_id:
        params["organisation"] = organisation_id
    if theme_id:
        params["theme"] = theme_id
    params.update({"heard_after": start.isoformat(), "heard_before": end.isoformat(), "include_stale": "on"})
    return f"{reverse('insight:library')}?{urlencode(params)}"


def evidence(organisation_id: int, *, start: date, end: date) -> str:
    params = {"from": start.isoformat(), "to": end.isoformat()}
    return f"{reverse('assurance:evidence', args=[organisation_id])}?{urlencode(params)}"


def what_works() -> str:
    return reverse("evaluation:what_works")


def agenda_item(item_id: int) -> str | None:
    """The agenda item's page, when the board's pages provide one."""
    from django.urls import NoReverseMatch

    try:
        return reverse("board:item", args=[item_id])
    except NoReverseMatch:
        return None
