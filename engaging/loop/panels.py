"""What the feedback loop shows on an activity's page in the register: responses to its findings, and
how its participants were told.

Added to the register's place in LoopConfig.ready() (see engaging/core/hooks.py).
"""

from datetime import date

from django.contrib.contenttypes.models import ContentType

from engaging.core import hooks
from engaging.loop import closure
from engaging.loop.models import LoopClosure, Response, public_feedback_activities
from engaging.plain.models import PublishAnyway
from engaging.register.models import FINISHED


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


def activity_loop(request, activity, links=None) -> dict:
    """Responses to an activity's findings, and how participants were told, on its page."""
    user = request.user
    responses = list(Response.objects.about_activity(activity).select_related("organisation").order_by("-updated_at"))
    closures = list(activity.loop_closures.all())
    _attach_publish_anyway(closures)
    return {
        "activity": activity,
        "responses": responses,
        "closures": closures,
        "summary": loop_summary(activity, [c.told_on for c in closures]),
        "can_respond": user.has_perm("loop.add_response"),
        "can_tell": user.has_perm("loop.add_loopclosure", activity),
        "public": public_feedback_activities().filter(pk=activity.pk).exists(),
    }


def register() -> None:
    hooks.add("activity-page", template="loop/_activity_loop.html", context=activity_loop, order=20)
