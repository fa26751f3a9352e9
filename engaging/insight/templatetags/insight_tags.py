from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_findings(context, activity):
    """The findings recorded for an activity, on its page in the register."""
    return ""


@register.simple_tag(takes_context=True)
def before_you_start(context, form, activity=None):
    """On the activity form: current findings relevant to what is being planned."""
    return ""
