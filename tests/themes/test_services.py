"""Comments gathered from every source, classified, confirmed by officers, and learned from in the background."""

from datetime import date

import pytest

from engaging.evaluation.models import ParticipantFeedback
from engaging.themes import services
from engaging.themes.models import Comment, CommentTheme, Theme, TrainingRun
from engaging.themes.tasks import classify_new, request_retraining, retrain
from tests.factories import ActivityFactory
from tests.insight.factories import FindingFactory
from tests.themes.coded import MANNER, TIMELY, TRANSPORT

pytestmark = pytest.mark.django_db


def feedback(activity, comment):
    return ParticipantFeedback.objects.create(
        activity=activity, listened_to=4, easy_to_take_part=4, know_what_happens_next=3, comment=comment
    )


def test_comments_come_from_feedback_and_findings_once_each_with_area_and_organisation(world, framework):
    activity = ActivityFactory(lead_organisation=world.council)
    activity.areas.set([world.ward])
    feedback(activity, "The driver was lovely")
    feedback(activity, "")  # nothing written: no comment
    finding = FindingFactory(activity=activity, statement="People waited hours for transport")

    assert services.gather_comments(framework=framework) == 2
    assert services.gather_comments(framework=framework) == 0
    by_source = {c.source: c for c in Comment.objects.all()}
    assert set(by_source) == {"feedback", "finding"}
    assert by_source["finding"].text == finding.statement
    assert by_source["finding"].written_on == finding.heard_on
    assert by_source["feedback"].written_on == date.today()
    assert all(c.area == world.ward and c.organisation == world.council for c in by_source.values())


def test_imported_files_add_their_comments(framework):
    data = b"ref,comment\n1,Too long a wait\n2,\n3,Kind staff\n"
    assert services.import_comments(framework=framework, data=data, filename="x.csv", text_column="comment") == 2
    assert sorted(Comment.objects.values_list("text", flat=True)) == ["Kind staff", "Too long a wait"]
    assert set(Comment.objects.values_list("source", flat=True)) == {"import"}


def test_classifying_suggests_themes_with_scores_sentiment_and_certainty(trained):
    services.import_comments(
        framework=trained, data=b"text\nthe ambulance driver took me home\nI waited three hours\n", filename="f.csv"
    )
    assert services.classify_comments(framework=trained) == 2
    ride = Comment.objects.get(text__startswith="the ambulance")
    assert list(ride.themes.values_list("name", flat=True)) == [TRANSPORT]
    link = CommentTheme.objects.get(comment=ride)
    assert 0.5 < link.score <= 1
    assert 0 <= ride.certainty <= 1 and ride.classified_at
    assert Comment.objects.get(text__startswith="I waited").sentiment == "negative"
    # Already classified: nothing more to do until asked for all.
    assert services.classify_comments(framework=trained) == 0


def test_without_a_trained_model_themes_are_suggested_from_keywords(framework):
    services.import_comments(framework=framework, data=b"text\nhello there\nnowhere for parking\n", filename="f.csv")
    assert services.classify_comments(framework=framework) == 2
    hello, parking = Comment.objects.order_by("pk")
    assert hello.classified_at and not hello.themes.exists()
    assert "Parking" in " ".join(parking.themes.values_list("name", flat=True))
    # The rules are sure of nothing, and give no score.
    assert parking.certainty == 0 and not CommentTheme.objects.filter(score__isnull=False).exists()


def test_least_certain_first_puts_unclassified_then_lowest_certainty_and_leaves_confirmed_out(framework):
    make = lambda text, certainty, confirmed=False: Comment.objects.create(  # noqa: E731
        framework=framework, text=text, source="import", certainty=certainty, confirmed=confirmed
    )
    sure, unsure, new, done = make("a", 0.9), make("b", 0.1), make("c", None), make("d", 0.0, True)
    assert list(Comment.objects.least_certain_first()) == [new, unsure, sure]
    assert done not in Comment.objects.least_certain_first()


def test_confirming_replaces_the_themes_keeping_the_scores_of_suggestions_kept(trained, world):
    services.import_comments(framework=trained, data=b"text\nthe ambulance driver took me home\n", filename="f.csv")
    services.classify_comments(framework=trained)
    comment = Comment.objects.get()
    transport, manner = (Theme.objects.get(framework=trained, name=n) for n in (TRANSPORT, MANNER))
    services.confirm_themes(
        comment=comment, themes=[transport, manner], sentiment="positive", user=world.officer_council
    )
    comment.refresh_from_db()
    assert comment.confirmed and comment.confirmed_by == world.officer_council and comment.sentiment == "positive"
    scores = dict(CommentTheme.objects.filter(comment=comment).values_list("theme__name", "score"))
    assert scores[MANNER] is None and scores[TRANSPORT] > 0.5


def test_retraining_learns_from_confirmed_comments_and_reclassifies_the_rest(
    framework, world, django_capture_on_commit_callbacks
):
    timely, manner = (Theme.objects.get(framework=framework, name=n) for n in (TIMELY, MANNER))
    for i in range(12):
        waited = Comment.objects.create(framework=framework, text=f"we waited {i} hours, a long delay", source="import")
        services.confirm_themes(comment=waited, themes=[timely], sentiment="negative", user=world.officer_council)
        kind = Comment.objects.create(framework=framework, text=f"a kind and polite nurse {i}", source="import")
        services.confirm_themes(comment=kind, themes=[manner], sentiment="positive", user=world.officer_council)
    open_one = Comment.objects.create(framework=framework, text="such a long delay again", source="import")

    with django_capture_on_commit_callbacks(execute=True):
        run = request_retraining(framework=framework, user=world.officer_council)
    run.refresh_from_db()
    assert run.state == TrainingRun.State.DONE and run.progress == 100 and run.comment_count == 24
    assert run.macro_f1 is not None
    open_one.refresh_from_db()
    assert list(open_one.themes.values_list("name", flat=True)) == [TIMELY]
    assert retrain.call(run.pk) == "skipped"  # a finished run is not trained again


def test_retraining_with_too_few_confirmed_comments_fails_and_says_why(framework, world):
    run = TrainingRun.objects.create(framework=framework, source="confirmed comments")
    assert retrain.call(run.pk) == "too few"
    run.refresh_from_db()
    assert run.state == TrainingRun.State.FAILED and "at least 10" in run.message


def test_the_background_task_gathers_and_classifies_new_comments(world, trained):
    activity = ActivityFactory(lead_organisation=world.council)
    feedback(activity, "I waited three hours for the taxi to the clinic")
    assert classify_new.call(trained.pk) == 1
    assert Comment.objects.get().classified_at is not None


def test_a_run_that_takes_an_old_runs_id_is_loaded_afresh(trained):
    """A restored or rolled-back database can give a new run an old id: the model kept in the process is not reused."""
    import pickle
    from datetime import timedelta

    from engaging.themes import training

    first = training.current_model(trained)
    run = TrainingRun.objects.get(framework=trained, state=TrainingRun.State.DONE)
    other = pickle.loads(bytes(run.data))  # noqa: S301
    other.marker = "the newer run"
    TrainingRun.objects.filter(pk=run.pk).update(
        data=pickle.dumps(other), finished_at=run.finished_at + timedelta(seconds=1)
    )
    newer = training.current_model(trained)
    assert getattr(first, "marker", None) is None and newer.marker == "the newer run"
