"""Writes to the insight library that touch more than one row, each in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction

from engaging.insight.models import Finding, FindingUse, Theme, supersession_problem, two_years_after
from engaging.register.models import Activity

M2M_FIELDS = ("themes", "groups", "areas", "priorities")


@transaction.atomic
def save_finding(*, finding: Finding, relations: dict, user=None) -> Finding:
    """Save a finding and its themes, groups, areas and priorities together.

    The review date defaults to two years after the finding was heard, and "superseded by" must
    never point at the finding itself or make a loop.
    """
    if finding.pk is None and user is not None and user.is_authenticated:
        finding.created_by = user
    if finding.heard_on and not finding.review_by:
        finding.review_by = two_years_after(finding.heard_on)
    problem = supersession_problem(finding, finding.superseded_by)
    if problem:
        raise ValidationError({"superseded_by": problem})
    finding.full_clean(exclude=[*M2M_FIELDS, "created_by", "activity"])
    finding.save()
    for name in M2M_FIELDS:
        if name in relations:
            getattr(finding, name).set(relations[name])
    return finding


@transaction.atomic
def archive_finding(*, finding: Finding) -> Finding:
    """Archive a finding; findings it superseded stay stale, pointing at it, until a coordinator restores it."""
    finding.archive()
    return finding


@transaction.atomic
def restore_finding(*, finding: Finding) -> Finding:
    finding.restore()
    return finding


@transaction.atomic
def merge_themes(*, theme: Theme, into: Theme, user=None) -> int:
    """File every finding under `theme` under `into` instead (never twice), then archive `theme`.

    Archived findings are moved too, so nothing still points at the archived theme. Each finding
    changed gets a record in its history, and the theme's history says where it went. Returns how
    many findings were moved.
    """
    if theme.pk == into.pk:
        raise ValidationError({"into": "Choose a different theme to merge into"})
    if theme.is_archived or into.is_archived:
        raise ValidationError({"into": "Only themes in use can be merged"})
    findings = list(Finding.everything.filter(themes=theme).prefetch_related("themes"))
    for finding in findings:
        finding._history_user = user
        finding._change_reason = f"Theme “{theme.name}” merged into “{into.name}”"
        finding.themes.remove(theme)
        if into not in finding.themes.all():
            finding.themes.add(into)
    theme._history_user = user
    theme._change_reason = f"Merged into “{into.name}”"
    theme.archive()
    return len(findings)


@transaction.atomic
def rename_theme(*, theme: Theme, name: str, description: str, user=None) -> Theme:
    """Rename a theme. Findings are linked to it, not to its name, so every link is kept."""
    old = Theme.everything.get(pk=theme.pk).name
    theme.name, theme.description = name, description
    theme._history_user = user
    if old != name:
        theme._change_reason = f"Renamed from “{old}”"
    theme.save()
    return theme


class UseProblem(Exception):
    """Marking a finding as used cannot happen; the message says why."""


def mark_used(*, finding: Finding, activity: Activity, user) -> FindingUse:
    """Record that planning `activity` drew on `finding`, once per pair.

    A finding cannot be marked as used by the activity that heard it.
    """
    if finding.activity_id == activity.pk:
        raise UseProblem("This finding came from this activity, so it cannot be marked as used by it.")
    use, created = FindingUse.objects.get_or_create(finding=finding, activity=activity, defaults={"used_by": user})
    return use


def unmark_used(*, finding: Finding, activity: Activity) -> None:
    for use in FindingUse.objects.filter(finding=finding, activity=activity):
        use.delete()  # one by one, so each removal is in the history
