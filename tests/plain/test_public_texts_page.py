"""The coordinators' list of public texts (/words-we-use/public-texts/): the hardest to read first, with what to fix."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engaging.plain.models import PublicTextScore, PublishAnyway
from engaging.plain.publishing import digest
from engaging.plain.reviewing import issues_in_words
from engaging.plain.scoring import rescore_all
from engaging.register.models import Activity, Status
from engaging.reports.models import LocalAccount
from engaging.voice.models import Consent
from tests.factories import ActivityFactory
from tests.loop.factories import FindingFactory, LoopClosureFactory, ResponseFactory
from tests.plain.texts import HARD, LONG_AND_HARD, PLAIN
from tests.voice.conftest import make_story

PAGE = "/words-we-use/public-texts/"


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


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
