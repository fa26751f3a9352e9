"""Applying the retention schedule: each kind anonymised or deleted once its time is up, history included, and
nothing else; a dry run changes nothing; each run is recorded with counts only."""

import io
from datetime import date, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone

from engaging.accounts.models import ApiToken
from engaging.core.models import RetentionPeriod, ViewRecord
from engaging.evaluation.models import EqualityMonitoring, ParticipantFeedback
from engaging.learning.models import Booking, BookingChange, CourseSession
from engaging.privacy import retention
from engaging.privacy.models import RetentionRun
from engaging.questionnaires.models import AboutYou, HearBackContact, Questionnaire
from engaging.register.models import Activity
from engaging.themes.models import Comment, Framework
from engaging.voice.models import Consent, Story
from tests.factories import ActivityFactory
from tests.learning.conftest import book, make_session
from tests.voice.conftest import make_story

pytestmark = pytest.mark.django_db

TODAY = date.today()


def past_session(days_ago: int, *people, **fields):
    """A session that ended `days_ago`, with bookings made (as they must be) before it started."""
    session = make_session(days=5)
    bookings = [book(session, n, **fields) for n in people]
    ends = timezone.now() - timedelta(days=days_ago)
    CourseSession.objects.filter(pk=session.pk).update(starts_at=ends - timedelta(hours=3), ends_at=ends)
    return session, bookings


def run(*kinds, dry_run=False) -> RetentionRun:
    return retention.apply_schedule(only=set(kinds) or None, dry_run=dry_run)


def test_bookings_for_long_past_sessions_lose_the_persons_details_but_still_count(world):
    old, (booked,) = past_session(
        400, 1, access_needs="Step-free access", organisation=world.council, role=Booking.Role.OFFICER
    )
    BookingChange.objects.filter(booking=booked).update(reason="Maureen rang to say so")
    _, (keep,) = past_session(30, 2)

    done = run("bookings")

    booked.refresh_from_db()
    assert booked.name == "" and booked.access_needs == ""
    assert booked.email == f"booking-{booked.pk}@removed.invalid"
    assert BookingChange.objects.get(booking=booked).reason == ""
    # What reports count stays: the place, the organisation and the role.
    assert (booked.session_id, booked.organisation, booked.role, booked.status) == (
        old.pk, world.council, Booking.Role.OFFICER, Booking.Status.BOOKED,
    )  # fmt: skip
    keep.refresh_from_db()
    assert keep.name == "Person 2"
    assert done.counts["bookings"] == {"anonymised": 1, "deleted": 0}
    assert run("bookings").counts["bookings"]["anonymised"] == 0  # done once only


def test_feedback_comments_lose_their_words_and_theme_copies_but_keep_ratings(world):
    activity = ActivityFactory(lead_organisation=world.council)
    old = ParticipantFeedback.objects.create(
        activity=activity, listened_to=4, easy_to_take_part=5, know_what_happens_next=3, comment="My son Tariq was ill"
    )
    ParticipantFeedback.objects.filter(pk=old.pk).update(given_on=TODAY - timedelta(days=800))
    fresh = ParticipantFeedback.objects.create(
        activity=activity, listened_to=4, easy_to_take_part=5, know_what_happens_next=3, comment="Lovely session"
    )
    framework = Framework.objects.create(key="ours", name="Ours")
    Comment.objects.create(framework=framework, text="My son Tariq was ill", source="feedback", source_ref=str(old.pk))
    Comment.objects.create(framework=framework, text="Lovely session", source="feedback", source_ref=str(fresh.pk))

    done = run("feedback")

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.comment == "" and old.listened_to == 4
    assert fresh.comment == "Lovely session"
    assert list(Comment.objects.values_list("text", flat=True)) == ["Lovely session"]
    assert done.counts["feedback"] == {"anonymised": 1, "deleted": 1}


def test_stories_past_their_time_are_erased_with_their_history(world):
    old = make_story(world.officer_council, text="Old words", told_by="Maureen", given_on=TODAY - timedelta(days=1200))
    fresh = make_story(world.officer_council, text="New words", told_by="Dev", given_on=TODAY - timedelta(days=10))

    done = run("stories")

    assert set(Story.history.filter(id=old.pk).values_list("text", "told_by")) == {("", "")}
    assert Consent.objects.get(story=old).given_by == ""
    assert Story.objects.get(pk=fresh.pk).text == "New words"
    assert done.counts["stories"]["anonymised"] >= 2
    assert Story.everything.filter(pk=old.pk).exists()  # that a story was heard still counts


def test_equality_answers_from_long_finished_activities_and_questionnaires_are_deleted(world):
    old = ActivityFactory(
        lead_organisation=world.council, start_date=TODAY - timedelta(days=1300), end_date=TODAY - timedelta(days=1200)
    )
    recent = ActivityFactory(lead_organisation=world.council)
    EqualityMonitoring.objects.create(activity=old, age_band="25-34")
    EqualityMonitoring.objects.create(activity=recent, age_band="25-34")
    questionnaire = Questionnaire.objects.create(
        activity=old, title="Old", introduction="Old", closes_on=TODAY - timedelta(days=1200), asks_about_you=True
    )
    AboutYou.objects.create(questionnaire=questionnaire, age_band="25-34")

    done = run("equality")

    assert list(EqualityMonitoring.objects.values_list("activity_id", flat=True)) == [recent.pk]
    assert not AboutYou.objects.exists()
    assert done.counts["equality"] == {"anonymised": 0, "deleted": 2}


def test_hear_back_contacts_follow_the_schedule_and_the_old_command_still_works(world):
    activity = ActivityFactory(lead_organisation=world.council)
    questionnaire = Questionnaire.objects.create(
        activity=activity,
        title="Q",
        introduction="Q",
        closes_on=TODAY - timedelta(days=100),
        results_by=TODAY - timedelta(days=10),
    )
    HearBackContact.objects.create(questionnaire=questionnaire, name="Ann", email="ann@example.org")
    assert questionnaire.hear_back_until() == TODAY + timedelta(days=20)
    out = io.StringIO()
    call_command("delete_expired_contacts", stdout=out)
    assert out.getvalue().strip() == "Deleted 0 sets of contact details."
    assert HearBackContact.objects.count() == 1

    RetentionPeriod.objects.create(kind="hear-back", days=5)  # a coordinator shortens it
    assert questionnaire.hear_back_until() == TODAY - timedelta(days=5)
    call_command("delete_expired_contacts", stdout=out)
    assert "Deleted 1 set of contact details." in out.getvalue()
    assert not HearBackContact.objects.exists()
    assert RetentionRun.objects.filter(counts__has_key="hear-back").count() == 2


def test_unused_and_revoked_tokens_go_and_used_ones_stay(world):
    old = timezone.now() - timedelta(days=400)
    unused, _ = ApiToken.issue(user=world.officer_council, name="never used")
    revoked, _ = ApiToken.issue(user=world.officer_council, name="revoked")
    used, _ = ApiToken.issue(user=world.officer_council, name="used lately")
    ApiToken.objects.filter(pk=unused.pk).update(created_at=old)
    ApiToken.objects.filter(pk=revoked.pk).update(created_at=old, revoked_at=old, last_used_at=timezone.now())
    ApiToken.objects.filter(pk=used.pk).update(created_at=old, last_used_at=timezone.now())

    done = run("api-tokens")

    assert list(ApiToken.objects.values_list("name", flat=True)) == ["used lately"]
    assert done.counts["api-tokens"]["deleted"] == 2


def test_sign_in_records_and_expired_sessions_are_deleted(world):
    from axes.models import AccessAttempt, AccessLog

    AccessLog.objects.create(username="someone", ip_address="10.0.0.1", user_agent="x", http_accept="x", path_info="/")
    AccessLog.objects.update(attempt_time=timezone.now() - timedelta(days=100))
    AccessAttempt.objects.create(
        username="now", ip_address="10.0.0.2", user_agent="x", http_accept="x", path_info="/", get_data="",
        post_data="", failures_since_start=1,
    )  # fmt: skip
    Session.objects.create(session_key="a" * 32, session_data="x", expire_date=timezone.now() - timedelta(seconds=1))
    Session.objects.create(session_key="b" * 32, session_data="x", expire_date=timezone.now() + timedelta(days=1))

    done = run("sign-ins")

    assert not AccessLog.objects.exists()
    assert AccessAttempt.objects.count() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
    assert done.counts["sign-ins"]["deleted"] == 2


def test_old_history_goes_but_each_records_latest_version_stays(world):
    activity = ActivityFactory(lead_organisation=world.council, title="First title")
    activity.title = "Second title"
    activity.save()
    history = Activity.history.filter(id=activity.pk)
    assert history.count() == 2
    history.update(history_date=timezone.now() - timedelta(days=3000))
    gone = ActivityFactory(lead_organisation=world.council)
    gone_id = gone.pk
    Activity.everything.filter(pk=gone_id).delete()
    Activity.history.filter(id=gone_id).update(history_date=timezone.now() - timedelta(days=3000))

    run("history")

    assert list(Activity.history.filter(id=activity.pk).values_list("title", flat=True)) == ["Second title"]
    assert not Activity.history.filter(id=gone_id).exists()


def test_old_view_records_are_deleted(world):
    ViewRecord.objects.create(viewer=world.officer_council, kind="voice.story", object_id="1")
    ViewRecord.objects.create(viewer=world.officer_council, kind="voice.story", object_id="2")
    ViewRecord.objects.filter(object_id="1").update(viewed_at=timezone.now() - timedelta(days=800))
    assert run("views").counts["views"]["deleted"] == 1
    assert list(ViewRecord.objects.values_list("object_id", flat=True)) == ["2"]


def test_a_dry_run_counts_exactly_and_changes_nothing(world):
    _, (booking,) = past_session(400, 1)
    story = make_story(world.officer_council, text="Old words", given_on=TODAY - timedelta(days=1200))
    ViewRecord.objects.create(viewer=world.officer_council, kind="voice.story", object_id="1")
    ViewRecord.objects.update(viewed_at=timezone.now() - timedelta(days=800))

    dry = run(dry_run=True)

    assert dry.dry_run and dry.counts["bookings"]["anonymised"] == 1 and dry.counts["views"]["deleted"] == 1
    assert Booking.objects.get(pk=booking.pk).name == "Person 1"
    assert Story.objects.get(pk=story.pk).text == "Old words"
    assert ViewRecord.objects.count() == 1
    real = run()
    assert real.counts == dry.counts


def test_the_command_reports_counts_per_kind_and_records_the_run_without_personal_data(world):
    past_session(400, 1, name="Zebedee Quartermaine")
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    text = out.getvalue()
    assert "Retention applied." in text
    assert "Training bookings" in text and "1 anonymised" in text
    run_record = RetentionRun.objects.get()
    assert run_record.trigger == "command" and run_record.finished_at is not None
    assert "Zebedee" not in str(run_record.counts) + str(run_record.periods) + run_record.failed


def test_the_command_refuses_bad_arguments_with_a_clear_message(world):
    with pytest.raises(CommandError, match="No kind called nonsense"):
        call_command("apply_retention", "--kind", "nonsense")
    with pytest.raises(CommandError, match="give it on its own"):
        call_command("apply_retention", "--start-daily", "--dry-run")
    with pytest.raises(CommandError, match="database backend"):
        call_command("apply_retention", "--start-daily")  # tests run tasks at once: nothing can wait for tomorrow
    assert not RetentionRun.objects.exists()


def test_only_the_kinds_asked_for_are_applied(world):
    ViewRecord.objects.create(viewer=world.officer_council, kind="voice.story", object_id="1")
    ViewRecord.objects.update(viewed_at=timezone.now() - timedelta(days=800))
    call_command("apply_retention", "--kind", "bookings", stdout=io.StringIO())
    assert ViewRecord.objects.count() == 1
    assert list(RetentionRun.objects.get().counts) == ["bookings"]


def test_a_session_not_yet_over_keeps_its_bookings(world):
    session = make_session(days=1)
    booking = book(session, 1)
    CourseSession.objects.filter(pk=session.pk).update(ends_at=timezone.now() + timedelta(days=2))
    run("bookings")
    assert Booking.objects.get(pk=booking.pk).name == "Person 1"
