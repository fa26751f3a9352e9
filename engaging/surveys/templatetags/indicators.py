"""Showing indicator values on pages."""

from django import template

from engaging.surveys.words import pct as _pct

register = template.Library()


@register.filter
def pct(share) -> str:
    """A share from 0 to 1 as a whole percentage ("62%"); a dash for none."""
    return _pct(share)
