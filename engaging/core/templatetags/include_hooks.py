"""`{% hook "place" ... %}`: the panels apps above this page's app add to it (see engaging/core/hooks.py)."""

from django import template

from engaging.core import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def hook(context, place: str, *args):
    """The panels added to `place`, each given the request and `args`."""
    return hooks.render(place, context.get("request"), *args)
