"""Public text scores: every text residents read is scored, and its scores follow each change to it."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engaging.plain import scoring
from engaging.plain.models import GlossaryTerm, PublicTextScore
from engaging.plain.publishing import digest
from engaging.plain.scoring import Counts, rescore_all, score
from engaging.register.models import Activity, Status
from engaging.reports.models import LocalAccount
from engaging.voice.models import Consent, Story
from engaging.voice.services import withdraw_consent
from tests.factories import ActivityFactory
from tests.loop.factories import FindingFactory, LoopClosureFactory, ResponseFactory
from tests.plain.texts import HARD, JARGON, LONG_AND_HARD, PLAIN, scores_of
from tests.voice.conftest import make_story

# Scoring as records change ---------------------------------------------------------------------------


def test_saving_a_public_activity_scores_each_public_text(world, glossary, committed):
    with committed():
        activity = ActivityFactory(title="Bus survey", summary=JARGON, how_to_take_part=PLAIN)
    scores = scores_of(activity)
    assert set(scores) == {"summary", "how_to_take_part"}
    summary = scores["summary"]
    assert summary.title == "Bus survey"
    assert summary.issue_summary["jargon"] >= 3 and summary.issue_summary["acronym"] == 1
    assert summary.issue_count == sum(summary.issue_summary.values())
    assert summary.word_count == 14
    assert summary.text_digest == digest(JARGON)
    assert scores["how_to_take_part"].meets_target and scores["how_to_take_part"].issue_count == 0


def test_a_blank_text_has_no_score(world, glossary, committed):
    with committed():
        activity = ActivityFactory(summary=PLAIN, how_to_take_part="   ")
    assert set(scores_of(activity)) == {"summary"}
    with committed():
        activity.how_to_take_part = PLAIN
        activity.save()
    assert set(scores_of(activity)) == {"summary", "how_to_take_part"}
    with committed():
        activity.how_to_take_part = ""
        activity.save()
    assert set(scores_of(activity)) == {"summary"}


def test_texts_under_100_words_have_no_reading_age_and_miss_the_target_on_their_words(world, glossary, committed):
    with committed():
        activity = ActivityFactory(summary="Our stakeholder journey", how_to_take_part=PLAIN)
    summary, how = scores_of(activity)["summary"], scores_of(activity)["how_to_take_part"]
    assert summary.reading_age is None and not summary.meets_target
    assert summary.issue_summary["jargon"] == 1
    assert how.reading_age is None and how.meets_target
    with committed():
        activity.summary = LONG_AND_HARD
        activity.save()
    assert scores_of(activity)["summary"].reading_age is not None


def test_unchanged_words_are_not_checked_again(world, glossary, committed, monkeypatch):
    with committed():
        activity = ActivityFactory(title="Bus survey", summary=JARGON, how_to_take_part=PLAIN)
    first = scores_of(activity)["summary"]
    checked = []
    real_check = scoring.check
    monkeypatch.setattr(scoring, "check", lambda text, **kw: checked.append(text) or real_check(text, **kw))

    with committed():
        activity.title = "Bus and tram survey"
        activity.save()
    assert checked == []
    again = scores_of(activity)["summary"]
    assert again.checked_at == first.checked_at and again.title == "Bus and tram survey"

    with committed():
        activity.summary = PLAIN
        activity.save()
    assert checked == [PLAIN]
    assert scores_of(activity)["summary"].meets_target


def test_score_says_what_it_did(world, glossary):
    activity = ActivityFactory(summary=JARGON, how_to_take_part=PLAIN)
    assert score(activity) == Counts(checked=2)
    assert score(activity) == Counts(unchanged=2)
    assert score(activity, force=True) == Counts(checked=2)
    Activity.objects.filter(pk=activity.pk).update(is_public=False)
    assert score(activity) == Counts(removed=2)
    with pytest.raises(ValueError):
        score(world.council)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"is_public": False}, id="made private"),
        pytest.param({"status": Status.CANCELLED}, id="cancelled"),
    ],
)
def test_an_activity_that_stops_being_public_loses_its_scores(world, glossary, committed, change):
    with committed():
        activity = ActivityFactory(summary=JARGON, how_to_take_part=PLAIN)
    assert scores_of(activity)
    with committed():
        for name, value in change.items():
            setattr(activity, name, value)
        activity.save()
    assert scores_of(activity) == {}


def test_archiving_removes_the_scores_and_restoring_brings_them_back(world, glossary, committed):
    with committed():
        activity = ActivityFactory(summary=JARGON, how_to_take_part=PLAIN)
    with committed():
        activity.archive()
    assert scores_of(activity) == {}
    with committed():
        activity.restore()
    assert set(scores_of(activity)) == {"summary", "how_to_take_part"}


def test_deleting_a_record_removes_its_scores(world, glossary, committed):
    with committed():
        closure = LoopClosureFactory(summary=PLAIN)
    assert scores_of(closure)
    with committed():
        closure.delete()
    assert not PublicTextScore.objects.filter(object_id=closure.pk, field="summary").exists()


def test_finished_activities_stay_public_for_you_said_we_did(world, glossary, committed):
    with committed():
        activity = ActivityFactory(summary=PLAIN, status=Status.EVALUATED)
    assert "summary" in scores_of(activity)


def test_responses_and_closures_follow_their_activity(world, glossary, committed):
    with committed():
        activity = ActivityFactory(summary=PLAIN, status=Status.CLOSED)
        finding = FindingFactory(activity=activity)
        response = ResponseFactory(action="We added a bus at 8am.", outcome=JARGON, findings=[finding])
        closure = LoopClosureFactory(activity=activity, summary="We wrote to everyone who took part.")
    assert set(scores_of(response)) == {"action", "outcome"}
    assert set(scores_of(closure)) == {"summary"}
    assert scores_of(closure)["summary"].title.startswith(activity.title)

    with committed():
        activity.is_public = False
        activity.save()
    assert scores_of(response) == {} and scores_of(closure) == {}

    with committed():
        activity.is_public = True
        activity.save()
    assert set(scores_of(response)) == {"action", "outcome"} and set(scores_of(closure)) == {"summary"}


def test_a_response_is_scored_only_while_it_answers_a_public_finding(world, glossary, committed):
    with committed():
        finding = FindingFactory(activity=ActivityFactory(summary=PLAIN), is_public=False)
        response = ResponseFactory(action="We added a bus at 8am.", findings=[finding])
    assert scores_of(response) == {}
    with committed():
        finding.is_public = True
        finding.save()
    assert set(scores_of(response)) == {"action"}
    with committed():
        response.findings.clear()
    assert scores_of(response) == {}
    with committed():
        finding.responses.add(response)
    assert set(scores_of(response)) == {"action"}
    with committed():
        response.is_public = False
        response.save()
    assert scores_of(response) == {}


def test_withdrawing_consent_removes_a_storys_scores(world, glossary, committed):
    with committed():
        story = make_story(world.coordinator, title="The night bus", text=PLAIN, scope=Consent.Scope.PUBLIC)
        board_only = make_story(world.coordinator, title="Board only", text=PLAIN, scope=Consent.Scope.BOARD)
    # Scored while it waits for approval, so the coordinator can check its words before approving it.
    assert story.approval == Story.Approval.WAITING and not Story.objects.public().exists()
    assert set(scores_of(story)) == {"title", "text"}
    assert scores_of(board_only) == {}
    with committed():
        withdraw_consent(story=story, user=world.coordinator, note="The teller asked us to.")
    assert scores_of(story) == {}


def test_a_local_account_is_scored_once_published(world, glossary, committed):
    with committed():
        account = LocalAccount.objects.create(year=2025, introduction=PLAIN, what_we_learned=JARGON)
    assert scores_of(account) == {}
    with committed():
        account.is_published = True
        account.published_at = timezone.now()
        account.save()
    assert set(scores_of(account)) == {"introduction", "what_we_learned"}
    assert scores_of(account)["introduction"].title == "Local Account 2025"


def test_a_glossary_change_checks_every_text_again_in_the_background(world, glossary, committed):
    with committed():
        activity = ActivityFactory(summary="We will run a blorfing session in the library.")
    assert "jargon" not in scores_of(activity)["summary"].issue_summary
    with committed():
        term = GlossaryTerm.objects.create(term="blorfing", plain_alternative="chat", explanation="A chat.")
    assert scores_of(activity)["summary"].issue_summary["jargon"] == 1
    with committed():
        term.archive()
    assert "jargon" not in scores_of(activity)["summary"].issue_summary


def test_a_new_target_reading_age_changes_every_verdict(world, glossary, committed, settings):
    with committed():
        activity = ActivityFactory(summary=LONG_AND_HARD)
    assert not scores_of(activity)["summary"].meets_target
    with committed():
        settings.PLAIN_TARGET_READING_AGE = 25
    assert scores_of(activity)["summary"].meets_target


# Everything at once ------------------------------------------------------------------------------------


def test_rescore_all_checks_new_texts_skips_unchanged_ones_and_removes_the_rest(world, glossary):
    activities = ActivityFactory.create_batch(7, summary=PLAIN, how_to_take_part="")
    ActivityFactory(summary=PLAIN, is_public=False)
    assert rescore_all(batch=3) == Counts(checked=7)
    assert PublicTextScore.objects.count() == 7
    assert rescore_all(batch=3) == Counts(unchanged=7)
    assert rescore_all(batch=3, force=True) == Counts(checked=7)

    # Changes that bypass save() are caught up with too.
    Activity.objects.filter(pk=activities[0].pk).update(is_public=False)
    Activity.objects.filter(pk=activities[1].pk).update(summary=JARGON)
    assert rescore_all(batch=3) == Counts(checked=1, unchanged=5, removed=1)


def test_rescore_all_fixes_verdicts_made_against_an_old_target(world, glossary):
    activity = ActivityFactory(summary=HARD)
    rescore_all()
    PublicTextScore.objects.filter(object_id=activity.pk).update(meets_target=True)
    assert rescore_all() == Counts(checked=1)
    assert not scores_of(activity)["summary"].meets_target


def test_rescore_all_reads_in_batches_not_a_query_per_text(world, glossary):
    def queries_for(count: int) -> int:
        PublicTextScore.objects.all().delete()
        Activity.objects.all().delete()
        ActivityFactory.create_batch(count, summary=PLAIN)
        rescore_all(batch=100)  # the glossary is compiled once per process: leave that out
        PublicTextScore.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            rescore_all(batch=100)
        return len(queries)

    assert queries_for(5) == queries_for(40)


def test_the_command_prints_what_it_did(world, glossary):
    ActivityFactory.create_batch(2, summary=PLAIN, how_to_take_part=PLAIN)
    out = io.StringIO()
    call_command("check_public_texts", stdout=out)
    assert out.getvalue().strip() == "Checked 4 public texts, 0 unchanged, 0 scores removed."
    out = io.StringIO()
    call_command("check_public_texts", "--force", stdout=out)
    assert "Checked 4 public texts" in out.getvalue()


def test_the_demo_has_scores_and_a_second_run_checks_nothing(glossary):
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    assert "public text scores" in out.getvalue()
    assert PublicTextScore.objects.filter(field="summary").exists()
    assert not PublicTextScore.objects.filter(meets_target=True, reading_age__gte=9.5).exists()
    again = io.StringIO()
    call_command("load_demo", force=True, stdout=again)
    assert "nothing was changed" in again.getvalue()
