from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_loop(context, activity):
    """Responses to an activity's findings, and how participants were told, on its page."""
    return ""
