from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_stories(context, meeting):
    """The consented stories heard at a meeting, on the meeting's page."""
    return ""
