"""How insight views find findings and check who may see or change them."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from engaging.insight.models import Finding
from engaging.register.views.access import activity_for_reading

LIBRARY = ("Insight library", "/insight/")
HOME = ("Home", "/")


def finding_for_reading(user, pk: int) -> Finding:
    """A live finding of a live activity; archived ones only for those who may restore them."""
    queryset = Finding.everything.select_related(
        "activity__lead_organisation", "created_by", "superseded_by__activity"
    ).prefetch_related("themes", "groups", "areas", "priorities")
    finding = get_object_or_404(queryset, pk=pk, activity__archived_at__isnull=True)
    if finding.is_archived and not user.has_perm("insight.restore_finding"):
        raise Http404("No such finding")
    return finding


def finding_for_editing(user, pk: int) -> Finding:
    """The live finding, if this person may change it: 404 if there is none, 403 if it is read-only to them."""
    finding = finding_for_reading(user, pk)
    if finding.is_archived:
        raise Http404("No such finding")
    if not user.has_perm("insight.change_finding", finding):
        raise PermissionDenied
    return finding


def activity_for_findings(user, pk: int):
    """The activity, if this person may add findings to it."""
    activity = activity_for_reading(pk)
    if not user.has_perm("insight.add_finding", activity):
        raise PermissionDenied
    return activity


def finding_crumbs(finding: Finding, last: str | None = None) -> list:
    crumbs = [HOME, LIBRARY, (f"Finding {finding.pk}", finding.get_absolute_url() if last else None)]
    if last:
        crumbs.append((last, None))
    return crumbs
