"""Public texts: every text residents read is scored, scores follow each change, coordinators see the worst first."""

import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engaging.loop.models import Response
from engaging.plain import public_texts
from engaging.plain.models import GlossaryTerm, PublicTextScore, PublishAnyway
from engaging.plain.public_texts import Counts, rescore_all, score
from engaging.plain.publishing import digest
from engaging.plain.reviewing import issues_in_words
from engaging.register.models import Activity, Status
from engaging.reports.models import LocalAccount
from engaging.voice.models import Consent, Story
from engaging.voice.services import withdraw_consent
from tests.factories import ActivityFactory
from tests.loop.factories import FindingFactory, LoopClosureFactory, ResponseFactory
from tests.voice.conftest import make_story

PAGE = "/words-we-use/public-texts/"
JARGON = "Going forward, stakeholders in the locality will co-produce a new pathway with the ICB."
PLAIN = "Tell us what you think of the bus to the clinic."
HARD = (
    "Notwithstanding the aforementioned considerations, the commissioning organisations' "
    "comprehensive reconfiguration of intermediate rehabilitation provision necessitates "
    "substantial collaborative deliberation among representatives."
)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit, as it would outside a test."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def scores_of(obj) -> dict[str, PublicTextScore]:
    content_type = ContentType.objects.get_for_model(obj)
    return {s.field: s for s in PublicTextScore.objects.filter(content_type=content_type, object_id=obj.pk)}


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


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


LONG_AND_HARD = " ".join(
    [
        "The partnership will review the arrangements for consultation with residents about the future of services.",
        "Representatives of organisations will consider the recommendations and communicate their conclusions.",
    ]
    * 5
)


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
    real_check = public_texts.check
    monkeypatch.setattr(public_texts, "check", lambda text, **kw: checked.append(text) or real_check(text, **kw))

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


# The page -----------------------------------------------------------------------------------------------


def make_score(obj, field, reading_age, *, issues=None, text="Some words.", target=9):
    issues = issues or {}
    return PublicTextScore.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        field=field,
        title=str(getattr(obj, "title", obj)),
        reading_age=reading_age,
        word_count=20,
        issue_count=sum(issues.values()),
        issue_summary=issues,
        meets_target=reading_age is None or round(reading_age) <= target,
        text_digest=digest(text),
        checked_at=timezone.now(),
    )


def titles_on(html: str) -> list[str]:
    return re.findall(r'<td class="govuk-table__cell">\s*<a class="govuk-link" href="[^"]+">([^<]+)</a>', html)


def test_the_page_lists_the_hardest_to_read_first(world):
    easy, hard, hardest, tied, short = (
        ActivityFactory(title=t) for t in ("Easy", "Hard", "Hardest", "Hard, fewer issues", "Short")
    )
    make_score(short, "how_to_take_part", None, issues={"jargon": 1})
    make_score(easy, "summary", 6.0)
    make_score(hard, "summary", 14.0, issues={"jargon": 3, "long_sentence": 1})
    make_score(tied, "summary", 14.0, issues={"jargon": 1})
    make_score(hardest, "how_to_take_part", 17.5, issues={"passive": 2})
    response = client_for(world.coordinator).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "<title>Public texts –" in html
    assert titles_on(html) == ["Hardest", "Hard", "Hard, fewer issues", "Easy", "Short"]
    assert "3 of 5 public texts miss the plain-English target." in html
    assert "a reading age of 9 or under" in html
    assert "3 jargon, 1 long sentence" in html and "2 passive phrases" in html
    assert ">18<br>" in re.sub(r"\s+", "", html) and "Too short for one (under 100 words)" in html
    assert "Above target" in html and "Meets target" in html
    assert f'href="/register/{hardest.pk}/edit/"' in html
    assert "Activity: how to take part" in html


def test_each_kind_links_to_where_it_is_edited(world, glossary):
    activity = ActivityFactory(summary=PLAIN, status=Status.CLOSED)
    finding = FindingFactory(activity=activity)
    response = ResponseFactory(action=PLAIN, findings=[finding])
    LoopClosureFactory(activity=activity, summary=PLAIN)
    story = make_story(world.coordinator, title="The night bus", text=PLAIN, scope=Consent.Scope.PUBLIC)
    account = LocalAccount.objects.create(year=2025, introduction=PLAIN, is_published=True)
    rescore_all()
    html = client_for(world.coordinator).get(PAGE).content.decode()
    for url in (
        f"/register/{activity.pk}/edit/",
        f"/feedback-loop/responses/{response.pk}/edit/",
        f"/register/{activity.pk}/#loop-told-heading",
        f"/stories/{story.pk}/edit/",
        f"/local-account/manage/{account.pk}/words/",
    ):
        assert f'href="{url}"' in html, url


def test_filters_by_kind_and_by_being_above_the_target(world):
    one, two = ActivityFactory(title="One"), ActivityFactory(title="Two")
    make_score(one, "summary", 12.0)
    make_score(one, "how_to_take_part", 7.0)
    make_score(two, "summary", 8.0)
    make_score(two, "how_to_take_part", 15.0)
    client = client_for(world.coordinator)
    html = client.get(PAGE, {"kind": "activity_summary"}).content.decode()
    assert titles_on(html) == ["One", "Two"] and "2 texts match these filters." in html
    html = client.get(PAGE, {"above_target": "on"}).content.decode()
    assert titles_on(html) == ["Two", "One"]
    html = client.get(PAGE, {"kind": "activity_how_to_take_part", "above_target": "on"}).content.decode()
    assert titles_on(html) == ["Two"]
    assert "2 of 4 public texts miss the plain-English target." in html


@pytest.mark.parametrize(
    ("query", "shows"),
    [
        pytest.param({"kind": "nonsense"}, "Choose a kind of text from the list", id="unknown kind"),
        pytest.param({"page": "abc"}, "Page 1 of 2", id="page not a number"),
        pytest.param({"page": "99999"}, "Page 2 of 2", id="page past the end"),
        pytest.param({"page": "-1"}, "Page 2 of 2", id="negative page"),
    ],
)
def test_bad_query_strings_get_a_sensible_page(world, query, shows):
    activity = ActivityFactory()
    for n in range(51):
        make_score(activity, f"field{n}", 10.0)
    response = client_for(world.coordinator).get(PAGE, query)
    assert response.status_code == 200
    assert shows in response.content.decode()


def test_an_unknown_kind_lists_nothing_and_says_why(world):
    make_score(ActivityFactory(title="One"), "summary", 12.0)
    html = client_for(world.coordinator).get(PAGE, {"kind": "nonsense"}).content.decode()
    assert "<title>Error: Public texts" in html and 'href="#id_kind"' in html
    assert titles_on(html) == [] and "No public texts match these filters." in html


def test_pages_of_fifty(world):
    activity = ActivityFactory()
    for n in range(51):
        make_score(activity, f"field{n}", 20.0 - n / 10)
    client = client_for(world.coordinator)
    first = client.get(PAGE).content.decode()
    assert len(titles_on(first)) == 50 and 'rel="next"' in first
    assert len(titles_on(client.get(PAGE, {"page": 2}).content.decode())) == 1


def test_a_publish_anyway_reason_shows_for_the_wording_it_was_given_for(world):
    activity, other = ActivityFactory(title="Legal notice"), ActivityFactory(title="Old wording")
    make_score(activity, "summary", 15.0, text=HARD)
    make_score(other, "summary", 14.0, text="The new wording.")
    content_type = ContentType.objects.get_for_model(Activity)
    for obj, text, reason in (
        (activity, HARD, "It quotes the statutory notice word for word."),
        (other, "The old wording.", "An old reason for words since changed."),
    ):
        PublishAnyway.objects.create(
            content_type=content_type,
            object_id=obj.pk,
            field="summary",
            reason=reason,
            reading_age=15.0,
            target_reading_age=9,
            text_digest=digest(text),
        )
    html = client_for(world.coordinator).get(PAGE).content.decode()
    assert "Published anyway: It quotes the statutory notice word for word." in html
    assert "An old reason" not in html


def test_the_page_makes_the_same_queries_for_5_texts_as_for_50(world):
    client = client_for(world.coordinator)
    activity = ActivityFactory()
    closure = LoopClosureFactory(activity=activity)
    content_type = ContentType.objects.get_for_model(Activity)

    def queries_with(count: int) -> int:
        PublicTextScore.objects.all().delete()
        for n in range(count - 1):
            make_score(activity, f"field{n}", 10.0 + n)
            PublishAnyway.objects.create(
                content_type=content_type,
                object_id=activity.pk,
                field=f"field{n}",
                reason="Because.",
                reading_age=10,
                target_reading_age=9,
                text_digest=digest("Some words."),
            )
        make_score(closure, "summary", 5.0)
        client.get(PAGE)  # the content types are cached after the first look
        with CaptureQueriesContext(connection) as queries:
            response = client.get(PAGE)
        assert len(titles_on(response.content.decode())) == count
        return len(queries)

    assert queries_with(5) == queries_with(50)


@pytest.mark.parametrize("persona", ["officer_council", "board_member"])
def test_only_coordinators_may_see_the_page(world, persona):
    assert client_for(getattr(world, persona)).get(PAGE).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(world):
    response = Client().get(PAGE)
    assert response.status_code == 302 and "/accounts/sign-in/" in response.url


def test_the_page_only_reads(world):
    assert client_for(world.coordinator).post(PAGE).status_code == 405


def test_coordinators_find_the_page_from_their_tools(world):
    client = client_for(world.coordinator)
    for page in ("/words-we-use/manage/", "/lists/", "/register/your-work/"):
        assert f'href="{PAGE}"' in client.get(page).content.decode(), page
    assert f'href="{PAGE}"' not in client_for(world.officer_council).get("/register/your-work/").content.decode()


def test_issues_in_words():
    assert issues_in_words({"long_sentence": 1, "jargon": 3}) == "3 jargon, 1 long sentence"
    assert issues_in_words({"acronym": 2, "undefined_acronym": 1, "long_word": 2}) == (
        "2 acronyms, 2 long words, 1 acronym not written out"
    )
    assert issues_in_words({}) == ""
    assert issues_in_words({"something_new": 2, "jargon": 0}) == "2 something new"


def test_the_registry_covers_every_kind_of_public_text():
    labels = dict(public_texts.field_choices())
    assert labels["activity_summary"] == "Activity summary"
    assert labels["response_action"] == "You said, we did: what was done"
    assert {kind.model for kind in public_texts.text_kinds()} >= {Activity, Response, LocalAccount}


def test_the_page_shows_each_texts_words_and_what_to_fix_worst_first_with_a_link_to_edit(world, glossary):
    activity = ActivityFactory(title="Bus survey", summary="We will ameliorate the buses going forward. " + PLAIN)
    rescore_all()
    html = client_for(world.coordinator).get(PAGE).content.decode()
    row = html[html.index(">Bus survey</a>") :]
    row = row[: row.index("</tr>")]
    assert "<mark>ameliorate" in row and "<mark>going forward" in row and "Tell us what you think" in row
    assert row.index("“going forward” is jargon") < row.index("“ameliorate” is not a common word")
    assert f'href="/register/{activity.pk}/edit/">Edit<span class="govuk-visually-hidden"> Bus survey' in row


def test_a_long_text_is_trimmed_at_a_word_on_the_page(world, glossary):
    ActivityFactory(title="Long one", summary=LONG_AND_HARD)
    rescore_all()
    html = client_for(world.coordinator).get(PAGE).content.decode()
    row = html[html.index(">Long one</a>") :]
    shown = re.search(r'et-plain-marked">(.*?)</p>', row, re.S).group(1)
    assert shown.endswith("…") and len(shown) <= 310 and LONG_AND_HARD.startswith(shown[:-1])
    assert "its reading age is" not in shown
