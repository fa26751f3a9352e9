from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from engaging.loop import closure
from engaging.loop.models import Response

register = template.Library()

STATUS_COLOURS = {
    Response.Status.CONSIDERING: "govuk-tag--grey",
    Response.Status.PLANNED: "govuk-tag--blue",
    Response.Status.IN_PROGRESS: "govuk-tag--light-blue",
    Response.Status.DONE: "govuk-tag--green",
    Response.Status.NOT_POSSIBLE: "govuk-tag--orange",
}
STATE_COLOURS = {
    closure.ON_TIME: "govuk-tag--green",
    closure.LATE: "govuk-tag--yellow",
    closure.OVERDUE: "govuk-tag--red",
    closure.WAITING: "govuk-tag--grey",
}


@register.simple_tag
def response_status(response):
    """A response's status as a coloured tag, followed by a red "Late" tag once it is past its expected date."""
    colour = STATUS_COLOURS.get(response.status, "")
    tag = format_html('<strong class="govuk-tag {}">{}</strong>', colour, response.get_status_display())
    if response.is_late:
        tag += format_html(' <strong class="govuk-tag govuk-tag--red">{}</strong>', "Late")
    return tag


@register.simple_tag
def loop_state(state: str, label: str):
    return format_html('<strong class="govuk-tag {}">{}</strong>', STATE_COLOURS.get(state, ""), label)


@register.simple_tag
def finding_url(finding) -> str:
    """The finding's own page in the insight library, or its activity's page until the library has one."""
    try:
        return finding.get_absolute_url()
    except NoReverseMatch:
        return reverse("register:detail", args=[finding.activity_id])


@register.filter
def percent(share) -> str:
    """0.5 as "50%"; nothing to show as a dash."""
    if share is None:
        return "–"
    return f"{round(share * 100)}%"
