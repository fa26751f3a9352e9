"""The demo's evaluation records: every evaluated activity has an evaluation, and loading twice adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from engaging.evaluation import measures
from engaging.evaluation.models import EqualityMonitoring, Evaluation, FeedbackLink, ParticipantFeedback
from engaging.lists.models import Group
from engaging.register.models import Activity, Status

pytestmark = pytest.mark.django_db


def test_the_demo_evaluation_records():
    """Loading the demo is slow, so one test checks everything about it, and that a second load adds nothing."""
    call_command("load_demo", force=True, stdout=StringIO(), stderr=StringIO())
    every_evaluated_activity_has_an_evaluation()
    finished_activities_have_links_and_plausible_feedback()
    what_works_shows_methods_rated_differently()
    some_equality_counts_are_small_enough_to_be_hidden()
    loading_twice_creates_nothing_more()


def every_evaluated_activity_has_an_evaluation():
    evaluated = Activity.objects.filter(status=Status.EVALUATED)
    assert evaluated.exists()
    assert not evaluated.filter(evaluation__isnull=True).exists()
    # Some activities are fed back and evaluated but not yet marked, and some wait to be evaluated.
    fed_back = Activity.objects.filter(status=Status.FED_BACK)
    assert fed_back.filter(evaluation__isnull=False).exists()
    assert fed_back.filter(evaluation__isnull=True).exists()
    assert all(e.lessons.strip() and e.what_worked.strip() for e in Evaluation.objects.all())


def finished_activities_have_links_and_plausible_feedback():
    for activity in Activity.objects.filter(status__in=[Status.EVALUATED, Status.FED_BACK]):
        assert FeedbackLink.objects.filter(activity=activity).exists()
        assert 5 <= ParticipantFeedback.objects.filter(activity=activity).count() <= 40
    assert FeedbackLink.objects.filter(activity__status=Status.OPEN, is_open=True).exists()


def what_works_shows_methods_rated_differently():
    evidence = measures.what_works(Group.objects.all())
    listened = [e.ratings[0].mean for e in evidence if e.ratings[0].mean is not None]
    assert len(listened) >= 5
    assert max(listened) - min(listened) > 0.5
    assert any(e.thin for e in evidence) and any(not e.thin for e in evidence)


def some_equality_counts_are_small_enough_to_be_hidden():
    activity_ids = EqualityMonitoring.objects.values("activity")
    shown = [
        answer.shown
        for activity in Activity.objects.filter(pk__in=activity_ids)
        for question in measures.equality_summary(activities=[activity]).questions
        for answer in question.answers
    ]
    assert measures.FEWER_THAN_5 in shown
    assert any(isinstance(value, int) and value >= 5 for value in shown)


def loading_twice_creates_nothing_more():
    counts = [model.objects.count() for model in (Evaluation, FeedbackLink, ParticipantFeedback, EqualityMonitoring)]
    out = StringIO()
    call_command("load_demo", force=True, stdout=out, stderr=StringIO())
    assert [m.objects.count() for m in (Evaluation, FeedbackLink, ParticipantFeedback, EqualityMonitoring)] == counts
