from django import template

from engaging.register.taking_part import ways_to_take_part

register = template.Library()


@register.inclusion_tag("register/_ways_to_take_part.html")
def how_to_take_part(activity, heading_level: int = 2, closed: bool = False):
    """The "How to take part" block: each way with a link residents can follow, then any other details."""
    return {
        "activity": activity,
        "ways": ways_to_take_part(activity),
        "heading": f"h{heading_level}",
        "sub": f"h{heading_level + 1}",
        "closed": closed,
    }
