"""Public stories and plain English: hints on the form, and “Publish anyway” with a reason for hard text.

A public story's title and text are checked when they are new, changed, or about to become public.
The teller's words are never to be rewritten: the message for the text says to keep them.
"""

import hashlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from engaging.plain.models import PublishAnyway
from engaging.voice.models import Consent, Story
from tests.voice.conftest import make_story
from tests.voice.test_views import valid_post

HARD_TITLE = "Reimbursement eligibility determinations by the ICB"
HARD_TEXT = "The consultation was inadequately publicised by the CCG, so residents were unaware of it."
REASON = "These are the teller's own words, as she said them at the meeting."


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def records_of(story) -> dict[str, PublishAnyway]:
    rows = PublishAnyway.objects.filter(content_type=ContentType.objects.get_for_model(Story), object_id=story.pk)
    return {row.field: row for row in rows}


def hard_public_post(world, **changes) -> dict:
    return valid_post(world, **{"title": HARD_TITLE, "text": HARD_TEXT, "scope": "public", **changes})


# Recording ----------------------------------------------------------------------------------


def test_the_form_has_hints_under_the_title_and_the_story(world):
    page = client_for(world.officer_council).get("/stories/new/").content.decode()
    assert 'id="plain-hints-id_title"' in page and 'id="plain-hints-id_text"' in page
    assert 'name="publish_anyway' not in page  # asked only once something is too hard to read


def test_a_hard_public_story_without_publish_anyway_is_refused_and_saves_nothing(world):
    response = client_for(world.officer_council).post("/stories/new/", hard_public_post(world))
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: Record a story" in page
    assert 'href="#id_title"' in page and 'href="#id_text"' in page
    assert "A short title: write out ICB in full the first time. Make it plainer" in page
    assert "The story, as it was told: write out CCG in full the first time" in page
    assert "Keep the teller&#x27;s words as they said them: tick “Publish anyway” under it" in page
    # The officer is never asked to make the teller's words plainer, only the title.
    assert page.count("Make it plainer") == 2  # the title's message, in the summary and by the field
    # Each field has its own choice, under it; the story's reason says to keep the teller's words.
    assert page.index('id="plain-hints-id_title"') < page.index('id="publish-anyway-id_title"')
    assert page.index('id="publish-anyway-id_title"') < page.index('id="id_text"')
    assert page.index('id="plain-hints-id_text"') < page.index('id="publish-anyway-id_text"')
    assert "A resident&#x27;s own words are kept as they said them" in page
    assert not Story.everything.exists() and not PublishAnyway.objects.exists()


def test_publish_anyway_without_a_reason_is_refused_and_saves_nothing(world):
    data = hard_public_post(
        world, publish_anyway_title="on", publish_anyway_text="on", publish_anyway_reason_text="   "
    )
    page = client_for(world.officer_council).post("/stories/new/", data).content.decode()
    assert 'href="#id_publish_anyway_reason_text"' in page and 'href="#id_publish_anyway_reason_title"' in page
    assert "say why it should be published as it is" in page
    assert not Story.everything.exists() and not PublishAnyway.objects.exists()


def test_a_reason_that_is_too_long_is_refused(world):
    data = hard_public_post(world, publish_anyway_text="on", publish_anyway_reason_text="x" * 1001)
    page = client_for(world.officer_council).post("/stories/new/", data).content.decode()
    assert "use 1000 characters or fewer for the reason" in page
    assert not Story.everything.exists() and not PublishAnyway.objects.exists()


def test_publish_anyway_with_a_reason_saves_and_keeps_one_record_per_hard_field(world):
    data = hard_public_post(
        world,
        publish_anyway_title="on",
        publish_anyway_reason_title=REASON,
        publish_anyway_text="on",
        publish_anyway_reason_text=f"  {REASON}\n",
    )
    response = client_for(world.officer_council).post("/stories/new/", data)
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/stories/{story.pk}/"
    assert story.text == HARD_TEXT and story.consent.scope == Consent.Scope.PUBLIC
    records = records_of(story)
    assert set(records) == {"title", "text"}
    text = records["text"]
    assert text.reason == REASON and text.recorded_by == world.officer_council
    assert text.target_reading_age == 9
    assert text.text_digest == hashlib.sha256(HARD_TEXT.encode()).hexdigest()


def test_a_board_only_story_is_not_public_so_hard_words_need_no_reason(world):
    response = client_for(world.officer_council).post("/stories/new/", hard_public_post(world, scope="board"))
    assert response.status_code == 302
    assert Story.objects.get().title == HARD_TITLE and not PublishAnyway.objects.exists()


def test_plain_public_stories_are_recorded_without_being_asked(world):
    response = client_for(world.officer_council).post("/stories/new/", valid_post(world, scope="public"))
    assert response.status_code == 302 and not PublishAnyway.objects.exists()


# Editing -------------------------------------------------------------------------------------


def test_changing_only_the_title_of_a_public_story_checks_only_the_title(world):
    story = make_story(world.officer_council, title="The night bus", text=HARD_TEXT, scope=Consent.Scope.PUBLIC)
    client = client_for(world.officer_council)
    data = valid_post(world, title="The last bus home", text=HARD_TEXT, scope="public")
    assert client.post(f"/stories/{story.pk}/edit/", data).status_code == 302
    story.refresh_from_db()
    assert story.title == "The last bus home" and not PublishAnyway.objects.exists()

    response = client.post(f"/stories/{story.pk}/edit/", {**data, "title": HARD_TITLE})
    page = response.content.decode()
    assert response.status_code == 200 and 'href="#id_title"' in page and 'href="#id_text"' not in page
    story.refresh_from_db()
    assert story.title == "The last bus home" and not PublishAnyway.objects.exists()


def test_making_a_board_only_story_public_checks_words_that_did_not_change(world):
    story = make_story(world.officer_council, title="The night bus", text=HARD_TEXT)
    client = client_for(world.officer_council)
    data = valid_post(world, title="The night bus", text=HARD_TEXT, scope="public")
    response = client.post(f"/stories/{story.pk}/edit/", data)
    assert response.status_code == 200 and 'href="#id_text"' in response.content.decode()
    story.consent.refresh_from_db()
    assert story.consent.scope == Consent.Scope.BOARD and not PublishAnyway.objects.exists()

    data.update(publish_anyway_text="on", publish_anyway_reason_text=REASON)
    assert client.post(f"/stories/{story.pk}/edit/", data).status_code == 302
    story.consent.refresh_from_db()
    assert story.consent.scope == Consent.Scope.PUBLIC
    assert set(records_of(story)) == {"text"}


@pytest.mark.parametrize("scope", ["board", "public"])
def test_making_a_story_board_only_asks_nothing(world, scope):
    story = make_story(world.officer_council, title="The night bus", text="I waited an hour.", scope=scope)
    data = valid_post(world, title=HARD_TITLE, text=HARD_TEXT, scope="board")
    assert client_for(world.officer_council).post(f"/stories/{story.pk}/edit/", data).status_code == 302
    assert not PublishAnyway.objects.exists()
