from django import template

from engaging.register.levels import LEVEL_MEANINGS

register = template.Library()


@register.filter
def level_meaning(level: str) -> str:
    """What a level of influence means for residents, in one line ("" for a level with none)."""
    return LEVEL_MEANINGS.get(level, "")
