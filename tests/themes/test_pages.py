"""Officers' theme pages: who may see them, coding a comment, and a theme's draft finding."""

from datetime import date, timedelta

import pytest
from django.test import Client

from engaging.insight.models import Finding
from engaging.themes import services
from engaging.themes.models import Comment, Theme, TrainingRun
from engaging.themes.quotes import anonymise
from tests.factories import ActivityFactory, UserFactory
from tests.themes.coded import MANNER, TIMELY, TRANSPORT

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coded(world, trained):
    today = date.today()
    activity = ActivityFactory(
        lead_organisation=world.council,
        title="Transport listening event",
        start_date=today - timedelta(days=40),
        end_date=today - timedelta(days=30),
    )
    for text in ("the ambulance driver took me home", "I waited three hours, call Mrs Smith on 07700 900123"):
        Comment.objects.create(framework=trained, text=text, source="feedback", activity=activity)
    services.classify_comments(framework=trained)
    return activity


@pytest.mark.parametrize(
    ("persona", "read", "code"),
    [("officer_council", 200, 302), ("coordinator", 200, 302), ("board_member", 200, 403)],
)
def test_who_may_read_and_code(world, coded, persona, read, code):
    client = client_for(getattr(world, persona))
    assert client.get("/themes/").status_code == read
    assert client.get("/themes/code/").status_code == code


def test_anonymous_people_are_sent_to_sign_in_and_outsiders_refused(coded):
    assert Client().get("/themes/").status_code == 302
    assert client_for(UserFactory(username="nobody")).get("/themes/").status_code == 403
    assert Client().post("/themes/retrain/").status_code == 302


def test_coding_shows_the_least_certain_comment_and_confirms_the_ticks(world, coded):
    client = client_for(world.officer_council)
    first = Comment.objects.least_certain_first().first()
    response = client.get("/themes/code/")
    assert response.url == f"/themes/code/{first.pk}/"
    page = client.get(response.url).content.decode()
    assert first.text in page and "Suggested:" in page and "autofocus" in page
    timely = Theme.objects.get(framework=first.framework, name=TIMELY)
    manner = Theme.objects.get(framework=first.framework, name=MANNER)
    answer = client.post(response.url, {"themes": [timely.pk, manner.pk], "sentiment": "mixed"})
    assert answer.status_code == 302 and answer.url == "/themes/code/"
    first.refresh_from_db()
    assert first.confirmed and first.sentiment == "mixed"
    assert set(first.themes.values_list("name", flat=True)) == {TIMELY, MANNER}
    assert client.get("/themes/code/").url != f"/themes/code/{first.pk}/"


def test_coding_without_a_sentiment_shows_the_error_and_changes_nothing(world, coded):
    client = client_for(world.officer_council)
    comment = Comment.objects.least_certain_first().first()
    comment.sentiment = ""
    comment.save()
    page = client.post(f"/themes/code/{comment.pk}/", {"themes": []}).content.decode()
    assert "govuk-error-summary" in page and 'href="#id_sentiment' in page
    comment.refresh_from_db()
    assert not comment.confirmed
    assert client.post(f"/themes/code/{comment.pk}/", {"themes": ["abc"], "sentiment": "positive"}).status_code == 200
    assert client.get("/themes/code/999999/").status_code == 404


def test_skipping_moves_on_and_the_end_says_so(world, coded):
    client = client_for(world.officer_council)
    for _ in range(2):
        url = client.get("/themes/code/").url
        client.post(url, {"skip": "1"})
    page = client.get("/themes/code/").content.decode()
    assert "No comments left to code" in page and "skipped" in page
    assert not Comment.objects.filter(confirmed=True).exists()


def test_retraining_from_the_page_shows_its_outcome(world, coded, django_capture_on_commit_callbacks):
    client = client_for(world.officer_council)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/themes/retrain/")
    run = TrainingRun.objects.filter(source="confirmed comments").get()
    assert run.state == TrainingRun.State.FAILED  # nothing confirmed yet
    page = client.get("/themes/").content.decode()
    assert "Confirm at least 10 comments" in page
    assert client.get("/themes/retrain/").status_code == 405
    assert client_for(world.board_member).post("/themes/retrain/").status_code == 403


def test_a_theme_page_shows_anonymised_quotes_and_saves_a_draft_finding(world, coded):
    client = client_for(world.officer_council)
    theme = Theme.objects.get(framework__key="nhs-patient-experience", name=TIMELY)
    page = client.get(f"/themes/{theme.pk}/").content.decode()
    assert "Mrs [name]" in page and "Smith" not in page and "07700" not in page
    assert "Transport listening event" in page
    refused = client.post(f"/themes/{theme.pk}/", {"statement": "People waited."})
    assert "Choose the activity" in refused.content.decode() and not Finding.objects.exists()
    saved = client.post(f"/themes/{theme.pk}/", {"activity": coded.pk, "statement": "People waited hours."})
    finding = Finding.objects.get()
    assert saved.url == f"/insight/findings/{finding.pk}/edit/"
    assert finding.activity == coded and not finding.is_public and finding.statement == "People waited hours."
    assert client.get("/themes/999999/").status_code == 404


def test_the_theme_list_counts_comments_in_few_queries(world, coded, django_assert_max_num_queries):
    client = client_for(world.officer_council)
    client.get("/themes/")
    with django_assert_max_num_queries(14):
        page = client.get("/themes/").content.decode()
    assert TRANSPORT in page


def test_anonymise_takes_out_contact_details_and_names():
    text = "Dr Patel was great, email me at a.b@example.org or 0121 496 0000, DY1 1AA, my name is Jo Bloggs"
    assert anonymise(text) == (
        "Dr [name] was great, email me at [email] or [phone number], [postcode], my name is [name]"
    )


def test_the_coding_page_says_how_sure_the_suggestions_are_in_plain_words(world, coded, trained):
    client = client_for(world.officer_council)
    suggested = Comment.objects.filter(themes__isnull=False).exclude(certainty=None).first()
    page = client.get(f"/themes/code/{suggested.pk}/").content.decode()
    assert f"How sure the suggestions are: {round(suggested.certainty * 100)}%" in page
    bare = Comment.objects.create(framework=trained, text="Nothing to go on", source="feedback", certainty=0.0)
    page = client.get(f"/themes/code/{bare.pk}/").content.decode()
    assert "No theme could be suggested: choose any that apply" in page
