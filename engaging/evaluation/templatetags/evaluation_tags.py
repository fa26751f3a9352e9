from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_evaluation(context, activity):
    """The evaluation, participant ratings and the feedback link, on an activity's page."""
    return ""


@register.simple_tag(takes_context=True)
def methods_that_worked(context, form):
    """On the activity form: methods that worked for the groups chosen."""
    return ""
