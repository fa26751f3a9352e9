"""Full addresses in templates that leave the hub (emails, documents): see engaging/core/addresses.py."""

from django import template

from engaging.core import addresses

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """`path` on SITE_URL, or else on the address of the request being answered (or `site_root`, if the
    context was given the address of the request that asked for this, for work done after it)."""
    return addresses.absolute_url(path, context.get("request"), root=context.get("site_root") or None)
