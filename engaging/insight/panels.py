"""What insight shows on the register's pages: an activity's findings, and findings to read before planning.

Added to the register's places in InsightConfig.ready() (see engaging/core/hooks.py).
"""

from engaging.core import hooks
from engaging.insight.models import FindingUse
from engaging.insight.planning import Plan, panel_context
from engaging.insight.search import with_theme_names
from engaging.register.models import UPCOMING

# What the page shows of each finding used in planning: never the finding's or its activity's whole record.
USE_SHOWN = ("used_at", "finding__statement", "finding__activity__lead_organisation__name")


def activity_findings(request, activity, links=None) -> dict:
    """The findings recorded for an activity, on its page in the register; and, while it is being
    planned, the findings it drew on and others that may be relevant.

    `links`, the activity's linked lists as its page read them, saves reading its groups and priorities again.
    """
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
    return {
        "activity": activity,
        "findings": findings,
        "uses": uses,
        "can_add": user.has_perm("insight.add_finding", activity),
        "can_change": user.has_perm("insight.add_finding", activity),
        "planning": planning,
    }


def before_you_start(request, form, activity=None) -> dict:
    """On the activity form: current findings relevant to what is being planned.

    A saved activity opened for editing plans what its page does, so the two share one kept ranking.
    """
    keep = activity is not None and not form.is_bound
    return panel_context(request, Plan.from_form(form, activity), activity, inside_form=True, keep=keep)


def register() -> None:
    hooks.add("activity-page", template="insight/_activity_findings.html", context=activity_findings, order=10)
    hooks.add("activity-form", template="insight/_before_you_start_panel.html", context=before_you_start, order=10)
