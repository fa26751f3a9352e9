"""Include hooks: named places on a lower app's page where the apps above it show their own panels.

An activity's page belongs to the register, yet it shows the findings recorded from the activity
(insight), what was done about them (the feedback loop) and how it went (evaluation). The register
sits below those apps and must not load their tag libraries or know their templates, so its page
names a place instead, `{% hook "activity-page" activity links %}` (`{% load include_hooks %}`),
and each app above adds a panel to that place in its AppConfig.ready():

    hooks.add("activity-page", template="loop/_activity_loop.html", context=activity_loop, order=20)

`context(request, *args)` gets the request and the arguments the place passes, and returns the
template's context, or None when the panel shows nothing to this visitor. A place shows its panels
in `order`, lowest first, so the page reads the same whichever app's ready() ran first.

A panel is rendered inside its page: where the page is kept (engaging/core/kept.py), the panel is
kept with it, and a write to a table it reads gives the next visitor a fresh one.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Panel:
    """What one app shows at a place on another app's page."""

    template: str
    context: Callable[..., dict | None]
    order: int


_places: dict[str, list[Panel]] = {}


def add(place: str, *, template: str, context: Callable[..., dict | None], order: int) -> None:
    """Show `template` at `place`, with the context `context(request, *args)` gives it.

    Adding the same template to the same place again replaces it, so a ready() run twice shows it once.
    """
    panels = [panel for panel in _places.get(place, []) if panel.template != template]
    panels.append(Panel(template, context, order))
    _places[place] = sorted(panels, key=lambda panel: panel.order)


def panels(place: str) -> list[Panel]:
    """The panels added to `place`, in the order the page shows them."""
    return list(_places.get(place, []))


def render(place: str, request, *args) -> SafeString:
    """Every panel of `place` for this request, one after another; empty when none has anything to show."""
    shown = []
    for panel in _places.get(place, []):
        context = panel.context(request, *args)
        if context is not None:
            shown.append(render_to_string(panel.template, context, request=request))
    return mark_safe("\n".join(shown))  # noqa: S308 - each panel is rendered by a template, which escapes
