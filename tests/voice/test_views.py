"""The story pages: who may open them, what they show, and bad input changing nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from engaging.voice import services
from engaging.voice.models import Consent, Story
from tests.factories import UserFactory
from tests.voice.conftest import make_story

INTERNAL = ("officer_council", "officer_healthwatch", "coordinator", "board_member")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def valid_post(world, **changes) -> dict:
    data = {
        "title": "The bus to the hospital",
        "text": "It takes two buses.\nI leave at seven.",
        "naming": "first_name",
        "told_by": "Ravi",
        "consent_given_by": "Ravi",
        "consent_given_on": "2025-02-01",
        "scope": "board",
        "groups": [world.older_people.pk],
    }
    data.update(changes)
    return data


# The list -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", INTERNAL)
def test_everyone_with_a_role_sees_the_story_list(world, board_story, public_story, persona):
    response = client_for(getattr(world, persona)).get("/stories/")
    assert response.status_code == 200
    assert b"Board-only words" in response.content and b"Public words" in response.content


def test_anonymous_people_are_sent_to_sign_in(world):
    response = Client().get("/stories/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_a_person_without_a_role_is_refused(world):
    assert client_for(UserFactory(username="resident")).get("/stories/").status_code == 403


def test_only_coordinators_see_withdrawn_titles_and_never_the_words(world, board_story, public_story):
    services.withdraw_consent(story=board_story, user=world.coordinator)
    page = client_for(world.coordinator).get("/stories/").content.decode()
    assert "Consent withdrawn" in page and "Board-only story" in page
    assert "Board-only words" not in page
    other = client_for(world.board_member).get("/stories/").content.decode()
    assert "Board-only story" not in other and "Consent withdrawn" not in other


def test_filtering_by_theme_and_scope(world, board_story, public_story, theme):
    other = make_story(world.coordinator, title="Unthemed", text="Nothing to do with GPs")
    page = client_for(world.board_member).get("/stories/", {"theme": theme.pk}).content.decode()
    assert "Board-only story" in page and "Unthemed" not in page
    page = client_for(world.board_member).get("/stories/", {"scope": "public"}).content.decode()
    assert "Public story" in page and "Board-only story" not in page and other.title not in page


def test_a_bad_filter_is_explained(world, board_story):
    response = client_for(world.board_member).get("/stories/", {"theme": "999999", "scope": "everyone"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Stories" in page
    assert "Choose a theme from the list" in page and "Choose who may hear it from the list" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/stories/", "/stories/public/"])
def test_lists_make_the_same_number_of_queries_for_more_stories(world, meeting, theme, url):
    client = client_for(world.coordinator)
    for n in range(2):
        make_story(
            world.coordinator, title=f"A{n}", scope="public", meeting=meeting, themes=[theme], groups=[world.carers]
        )
    services.withdraw_consent(story=make_story(world.coordinator, title="gone"), user=world.coordinator)
    few = _queries(client, url)
    for n in range(6):
        make_story(
            world.coordinator, title=f"B{n}", scope="public", meeting=meeting, themes=[theme], groups=[world.carers]
        )
    services.withdraw_consent(story=make_story(world.coordinator, title="gone too"), user=world.coordinator)
    assert _queries(client, url) == few


# One story ------------------------------------------------------------------------------


def test_the_story_page_shows_the_words_as_told_escaped_with_line_breaks(world):
    story = make_story(world.coordinator, text="First line <script>alert(1)</script>\nSecond line")
    page = client_for(world.board_member).get(f"/stories/{story.pk}/").content.decode()
    assert "First line &lt;script&gt;alert(1)&lt;/script&gt;<br>Second line" in page
    assert "<script>alert(1)" not in page


def test_the_story_page_offers_edit_and_withdraw_only_to_those_allowed(world, board_story):
    assert b"Withdraw consent" in client_for(world.officer_council).get(f"/stories/{board_story.pk}/").content
    assert b"Withdraw consent" in client_for(world.coordinator).get(f"/stories/{board_story.pk}/").content
    page = client_for(world.board_member).get(f"/stories/{board_story.pk}/").content
    assert b"Withdraw consent" not in page and b"/edit/" not in page


def test_a_missing_story_is_404(world):
    assert client_for(world.coordinator).get("/stories/999999/").status_code == 404


# The public page --------------------------------------------------------------------------


def test_the_public_page_shows_public_stories_only_to_anyone(world, board_story, public_story):
    page = Client().get("/stories/public/").content.decode()
    assert "Public words" in page and "A young carer from Brierley Hill" in page
    assert "Board-only" not in page
    assert "Maureen" not in page  # who gave consent is never public


def test_the_public_page_names_the_meeting_only_when_it_was_public(world, public_story, meeting):
    assert "at a public board meeting in March 2025" in Client().get("/stories/public/").content.decode()
    meeting.is_public = False
    meeting.save()
    assert "board meeting" not in Client().get("/stories/public/").content.decode()


# Recording --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", INTERNAL)
def test_anyone_with_a_role_can_record_a_story(world, persona):
    user = getattr(world, persona)
    response = client_for(user).post("/stories/new/", valid_post(world))
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/stories/{story.pk}/"
    assert story.recorded_by == user and story.consent.given_by == "Ravi"


def test_the_form_starts_with_the_meeting_it_was_opened_from(world, meeting):
    page = client_for(world.board_member).get(f"/stories/new/?meeting={meeting.pk}").content.decode()
    assert f'<option value="{meeting.pk}" selected>' in page


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"title": ""}, "title", "Enter a short title"),
        ({"text": ""}, "text", "Enter the story"),
        ({"naming": ""}, "naming", "Choose how the teller wants to be named"),
        ({"told_by": ""}, "told_by", "Enter the teller&#x27;s first name"),
        ({"consent_given_by": ""}, "consent_given_by", "Enter who gave consent"),
        ({"consent_given_on": "2025-02-30"}, "consent_given_on", "Enter the date as a real date"),
        ({"consent_given_on": "2999-01-01"}, "consent_given_on", "must be today or in the past"),
        ({"scope": "everyone"}, "scope", "Choose who may hear the story"),
        ({"naming": "nickname"}, "naming", "Choose how the teller wants to be named"),
        ({"meeting": "999999"}, "meeting", "Choose a meeting from the list"),
        ({"title": "x" * 201}, "title", "Keep the title to 200 characters or fewer"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(world, changes, field, message):
    response = client_for(world.officer_council).post("/stories/new/", valid_post(world, **changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record a story" in page
    assert f'href="#id_{field}' in page
    assert message in page
    assert not Story.everything.exists()


def test_the_story_form_refuses_other_methods(world):
    assert client_for(world.coordinator).put("/stories/new/").status_code == 405


def test_anonymous_people_cannot_record(world):
    response = Client().post("/stories/new/", valid_post(world))
    assert response.status_code == 302 and not Story.everything.exists()


# Editing ----------------------------------------------------------------------------------


def test_the_recorder_can_edit(world, board_story):
    response = client_for(world.officer_council).post(
        f"/stories/{board_story.pk}/edit/", valid_post(world, title="Changed", scope="public")
    )
    assert response.status_code == 302
    board_story.refresh_from_db()
    assert board_story.title == "Changed" and board_story.consent.scope == Consent.Scope.PUBLIC


def test_the_edit_form_shows_the_consent_as_recorded(world, board_story):
    page = client_for(world.coordinator).get(f"/stories/{board_story.pk}/edit/").content.decode()
    assert 'value="Maureen"' in page and 'value="2025-03-12"' in page


@pytest.mark.parametrize("persona", ["officer_healthwatch", "board_member"])
def test_others_with_a_role_may_read_but_not_edit(world, board_story, persona):
    client = client_for(getattr(world, persona))
    assert client.get(f"/stories/{board_story.pk}/edit/").status_code == 403
    assert client.post(f"/stories/{board_story.pk}/edit/", valid_post(world, title="Changed")).status_code == 403
    board_story.refresh_from_db()
    assert board_story.title == "Board-only story"


def test_bad_input_on_edit_changes_nothing(world, board_story):
    response = client_for(world.coordinator).post(f"/stories/{board_story.pk}/edit/", valid_post(world, title=""))
    assert response.status_code == 200 and b"Enter a short title" in response.content
    board_story.refresh_from_db()
    assert board_story.title == "Board-only story"


# Withdrawing consent ---------------------------------------------------------------------


def test_withdrawing_asks_first_then_hides_the_story(world, board_story):
    client = client_for(world.officer_council)
    confirm = client.get(f"/stories/{board_story.pk}/withdraw-consent/")
    assert confirm.status_code == 200 and b"This cannot be undone" in confirm.content
    assert Story.objects.consented().filter(pk=board_story.pk).exists()
    response = client.post(f"/stories/{board_story.pk}/withdraw-consent/", {"note": "She phoned the office"})
    assert response.status_code == 302 and response["Location"] == "/stories/"
    board_story.consent.refresh_from_db()
    assert board_story.consent.withdrawn_at is not None
    assert board_story.consent.withdrawal_note == "She phoned the office"
    assert client.get(f"/stories/{board_story.pk}/").status_code == 404


def test_a_note_that_is_too_long_withdraws_nothing(world, board_story):
    response = client_for(world.coordinator).post(f"/stories/{board_story.pk}/withdraw-consent/", {"note": "x" * 301})
    assert response.status_code == 200 and b"Keep the note to 300 characters or fewer" in response.content
    assert Story.objects.consented().filter(pk=board_story.pk).exists()


@pytest.mark.parametrize("persona", ["officer_healthwatch", "board_member"])
def test_only_the_recorder_or_a_coordinator_may_withdraw(world, board_story, persona):
    client = client_for(getattr(world, persona))
    assert client.get(f"/stories/{board_story.pk}/withdraw-consent/").status_code == 403
    assert client.post(f"/stories/{board_story.pk}/withdraw-consent/").status_code == 403
    assert Story.objects.consented().filter(pk=board_story.pk).exists()


# The meeting page slot --------------------------------------------------------------------


def render_slot(meeting, user) -> str:
    request = RequestFactory().get("/board/")
    request.user = user
    template = Template('{% load include_hooks %}{% hook "meeting-page" meeting %}')
    return template.render(Context({"meeting": meeting, "request": request}))


def test_the_meeting_page_lists_its_stories_for_people_with_a_role(world, meeting, board_story, public_story):
    html = render_slot(meeting, world.board_member)
    assert "Board-only words" in html and "Public words" in html
    assert f"/stories/new/?meeting={meeting.pk}" in html


def test_the_meeting_slot_shows_only_public_stories_to_anyone_else(world, meeting, board_story, public_story):
    html = render_slot(meeting, AnonymousUser())
    assert "Public words" in html and "Board-only" not in html
    assert "/stories/new/" not in html and f"/stories/{public_story.pk}/" not in html


def test_the_meeting_slot_says_when_there_are_no_stories(world, meeting):
    assert "No stories have been recorded for this meeting" in render_slot(meeting, world.coordinator)


def test_the_meeting_slot_makes_one_query_with_stories_or_none(world, meeting, theme):
    render_slot(meeting, world.board_member)  # the roles are read once per request
    with CaptureQueriesContext(connection) as none:
        render_slot(meeting, world.board_member)
    for n in range(3):
        make_story(world.coordinator, title=f"S{n}", meeting=meeting, themes=[theme], groups=[world.carers])
    with CaptureQueriesContext(connection) as some:
        html = render_slot(meeting, world.board_member)
    assert "S2" in html
    assert len(some) == len(none)
