from datetime import date

from django import template
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from engaging.loop import closure
from engaging.loop.models import LoopClosure, Response, public_feedback_activities
from engaging.plain.models import PublishAnyway
from engaging.register.models import FINISHED

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


def loop_summary(activity, told: list[date], today: date | None = None) -> dict | None:
    """For a finished activity: when it closed, when people must be told by, and where it stands."""
    if activity.status not in FINISHED:
        return None
    today = today or date.today()
    closed = closure.closing_day(activity)
    state = closure.state(closed=closed, told=told, today=today)
    return {
        "closed": closed,
        "deadline": closure.deadline(closed),
        "state": state,
        "label": closure.STATE_LABELS[state],
        "days_overdue": closure.days_overdue(closed=closed, today=today),
        "days_left": -closure.days_overdue(closed=closed, today=today),
    }


def _attach_publish_anyway(closures: list) -> None:
    """Give each loop closure the reasons its summary was published although it missed the target, in one query."""
    found: dict[int, list] = {}
    if closures:
        records = PublishAnyway.objects.filter(
            content_type=ContentType.objects.get_for_model(LoopClosure), object_id__in=[c.pk for c in closures]
        ).select_related("recorded_by")
        for record in records:
            found.setdefault(record.object_id, []).append(record)
    for item in closures:
        item.publish_anyway = found.get(item.pk, [])


@register.simple_tag(takes_context=True)
def activity_loop(context, activity):
    """Responses to an activity's findings, and how participants were told, on its page."""
    request = context["request"]
    user = request.user
    responses = list(Response.objects.about_activity(activity).select_related("organisation").order_by("-updated_at"))
    closures = list(activity.loop_closures.all())
    _attach_publish_anyway(closures)
    html = render_to_string(
        "loop/_activity_loop.html",
        {
            "activity": activity,
            "responses": responses,
            "closures": closures,
            "summary": loop_summary(activity, [c.told_on for c in closures]),
            "can_respond": user.has_perm("loop.add_response"),
            "can_tell": user.has_perm("loop.add_loopclosure", activity),
            "public": public_feedback_activities().filter(pk=activity.pk).exists(),
        },
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes


@register.filter
def percent(share) -> str:
    """0.5 as "50%"; nothing to show as a dash."""
    if share is None:
        return "–"
    return f"{round(share * 100)}%"
