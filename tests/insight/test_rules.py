"""The library's rules on their own: when a finding is stale, what may supersede it, and who may do what."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from engaging.insight import services
from engaging.insight.models import Finding, supersession_problem, two_years_after
from tests.insight.factories import FindingFactory

TODAY = date(2025, 6, 15)


@pytest.mark.parametrize(
    "review_by, stale",
    [(TODAY + timedelta(days=1), False), (TODAY, False), (TODAY - timedelta(days=1), True)],
    ids=["tomorrow", "today", "yesterday"],
)
def test_a_finding_is_current_up_to_and_including_its_review_date(council_activity, review_by, stale):
    finding = FindingFactory(activity=council_activity, heard_on=date(2024, 1, 1), review_by=review_by)
    assert finding.is_stale(TODAY) is stale
    assert Finding.objects.current(TODAY).filter(pk=finding.pk).exists() is not stale
    assert Finding.objects.stale(TODAY).filter(pk=finding.pk).exists() is stale


def test_a_superseded_finding_is_stale_whatever_its_review_date(council_activity):
    newer = FindingFactory(activity=council_activity, review_by=TODAY + timedelta(days=400))
    older = FindingFactory(activity=council_activity, review_by=TODAY + timedelta(days=400), superseded_by=newer)
    assert older.is_stale(TODAY)
    assert not newer.is_stale(TODAY)
    assert list(Finding.objects.current(TODAY)) == [newer]
    assert list(Finding.objects.stale(TODAY)) == [older]


@pytest.mark.parametrize(
    "heard_on, review_by",
    [
        (date(2024, 3, 14), date(2026, 3, 14)),
        (date(2024, 2, 29), date(2026, 2, 28)),
        (date(2023, 12, 31), date(2025, 12, 31)),
    ],
)
def test_the_review_date_defaults_to_two_years_after_it_was_heard(council_activity, heard_on, review_by):
    assert two_years_after(heard_on) == review_by
    finding = Finding.objects.create(activity=council_activity, statement="Said", heard_on=heard_on)
    assert finding.review_by == review_by


def test_a_finding_cannot_be_superseded_by_itself(council_activity):
    finding = FindingFactory(activity=council_activity)
    assert supersession_problem(finding, finding) == "A finding cannot be superseded by itself"
    finding.superseded_by = finding
    with pytest.raises(ValidationError) as error:
        services.save_finding(finding=finding, relations={})
    assert "superseded_by" in error.value.message_dict
    assert Finding.objects.get(pk=finding.pk).superseded_by is None


def test_superseding_never_makes_a_loop(council_activity):
    first = FindingFactory(activity=council_activity)
    second = FindingFactory(activity=council_activity, superseded_by=first)
    third = FindingFactory(activity=council_activity, superseded_by=second)
    # first → third would make first → third → second → first.
    assert "loop" in supersession_problem(first, third)
    assert "loop" in supersession_problem(first, second)
    assert supersession_problem(third, FindingFactory(activity=council_activity)) is None
    assert supersession_problem(first, None) is None


def test_a_new_finding_may_supersede_any_existing_one(council_activity):
    existing = FindingFactory(activity=council_activity)
    assert supersession_problem(Finding(activity=council_activity), existing) is None


def test_stale_findings_of_archived_activities_are_not_in_the_library(council_activity):
    finding = FindingFactory(activity=council_activity)
    assert list(Finding.objects.in_library()) == [finding]
    council_activity.archive()
    assert list(Finding.objects.in_library()) == []


def test_only_public_findings_of_public_live_activities_are_public(world, council_activity):
    public = FindingFactory(activity=council_activity)
    FindingFactory(activity=council_activity, is_public=False)
    assert list(Finding.objects.public()) == [public]
    council_activity.is_public = False
    council_activity.save()
    assert list(Finding.objects.public()) == []
    council_activity.is_public = True
    council_activity.status = "cancelled"
    council_activity.save()
    assert list(Finding.objects.public()) == []


# ---- Permissions ----------------------------------------------------------------------------------

PERSONAS = ("officer_council", "officer_healthwatch", "coordinator", "board_member", None)

# For a finding of an activity led by the council: view, add to the activity, change, archive,
# restore, manage themes, mark findings used in planning the activity.
MATRIX = {
    "officer_council":     (True, True, True, True, False, False, True),
    "officer_healthwatch": (True, False, False, False, False, False, False),
    "coordinator":         (True, True, True, True, True, True, True),
    "board_member":        (True, False, False, False, False, False, False),
    None:                  (False, False, False, False, False, False, False),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p or "anonymous")
def test_permission_matrix(world, council_activity, persona):
    user = getattr(world, persona) if persona else AnonymousUser()
    finding = FindingFactory(activity=council_activity)
    allowed = (
        user.has_perm("insight.view_finding"),
        user.has_perm("insight.add_finding", council_activity),
        user.has_perm("insight.change_finding", finding),
        user.has_perm("insight.archive_finding", finding),
        user.has_perm("insight.restore_finding"),
        user.has_perm("insight.manage_themes"),
        user.has_perm("insight.use_finding", council_activity),
    )
    assert allowed == MATRIX[persona]


def test_an_officer_may_record_findings_only_for_their_own_organisations_activities(world, healthwatch_activity):
    assert world.officer_healthwatch.has_perm("insight.add_finding", healthwatch_activity)
    assert not world.officer_council.has_perm("insight.add_finding", healthwatch_activity)
