from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def agenda_item_assessment_link(context, agenda_item):
    """On an agenda item's page: a link to its generated engagement assessment."""
    return ""
