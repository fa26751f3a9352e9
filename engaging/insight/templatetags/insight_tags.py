from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from engaging.insight.models import FindingUse
from engaging.insight.planning import Plan, panel_context
from engaging.insight.search import with_theme_names
from engaging.register.models import UPCOMING

register = template.Library()


# What the page shows of each finding used in planning: never the finding's or its activity's whole record.
USE_SHOWN = ("used_at", "finding__statement", "finding__activity__lead_organisation__name")


@register.simple_tag(takes_context=True)
def activity_findings(context, activity, links=None):
    """The findings recorded for an activity, on its page in the register; and, while it is being
    planned, the findings it drew on and others that may be relevant.

    `links`, the activity's linked lists as its page read them, saves reading its groups and priorities again.
    """
    request = context["request"]
    user = request.user
    findings = with_theme_names(list(activity.findings.all()))
    uses = list(
        FindingUse.objects.filter(activity=activity, finding__archived_at__isnull=True)
        .select_related("finding__activity__lead_organisation")
        .only(*USE_SHOWN)
        .order_by("-used_at")
    )
    planning = None
    if activity.status in UPCOMING:
        used_ids = {use.finding_id for use in uses}
        plan = Plan.of(activity, links)
        planning = panel_context(request, plan, activity, inside_form=False, used_ids=used_ids, keep=True)
    html = render_to_string(
        "insight/_activity_findings.html",
        {
            "activity": activity,
            "findings": findings,
            "uses": uses,
            "can_add": user.has_perm("insight.add_finding", activity),
            "can_change": user.has_perm("insight.add_finding", activity),
            "planning": planning,
        },
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by a template, which escapes what it shows


@register.simple_tag(takes_context=True)
def before_you_start(context, form, activity=None):
    """On the activity form: current findings relevant to what is being planned."""
    request = context["request"]
    plan = Plan.from_form(form, activity)
    html = render_to_string(
        "insight/_before_you_start_panel.html",
        panel_context(request, plan, activity, inside_form=True),
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by a template, which escapes what it shows
