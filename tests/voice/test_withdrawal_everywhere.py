"""Withdrawing consent hides a story everywhere at once. Every place a story can appear is checked:

1. the stories list            5. the meeting page            9. the API list (anyone and partners)
2. the story page              6. the public stories page     10. the API story (anyone and partners)
3. the edit page               7. the Local Account page
4. the withdraw page           8. the Local Account's files (made again without it)
"""

import io

import pytest
from django.test import Client
from docx import Document

from engaging.reports.models import LocalAccount
from engaging.voice import services
from engaging.voice.models import Consent
from tests.voice.conftest import make_story

WORDS = "Words that must disappear"


@pytest.fixture
def story(world, meeting):
    told = make_story(
        world.officer_council,
        title="A story to withdraw",
        text=f"{WORDS}.\nA second line.",
        scope=Consent.Scope.PUBLIC,
        meeting=meeting,
        given_on=meeting.starts_at.date(),
    )
    services.approve_story(story=told, user=world.coordinator)
    return told


@pytest.fixture
def account(world, meeting):
    return LocalAccount.objects.create(
        year=meeting.starts_at.year,
        introduction="Intro",
        what_we_learned="Learned",
        what_comes_next="Next",
        is_published=True,
    )


def pages(world, story, meeting, account) -> dict[str, tuple[Client, str]]:
    staff, anyone = Client(), Client()
    staff.force_login(world.coordinator)
    year = account.year
    return {
        "stories list": (staff, "/stories/"),
        "story page": (staff, f"/stories/{story.pk}/"),
        "edit page": (staff, f"/stories/{story.pk}/edit/"),
        "withdraw page": (staff, f"/stories/{story.pk}/withdraw-consent/"),
        "meeting page": (staff, meeting.get_absolute_url()),
        "public stories": (anyone, "/stories/public/"),
        "Local Account page": (anyone, f"/local-account/{year}/"),
        "API list, anyone": (anyone, "/api/v1/stories"),
        "API list, partner": (staff, "/api/v1/stories"),
        "API story, anyone": (anyone, f"/api/v1/stories/{story.pk}"),
        "API story, partner": (staff, f"/api/v1/stories/{story.pk}"),
    }


def docx_text(client: Client, year: int) -> str:
    response = client.get(f"/local-account/{year}/files/docx/")
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


def test_a_withdrawn_story_is_gone_from_every_page_the_files_and_the_api(world, story, meeting, account):
    places = pages(world, story, meeting, account)
    for place, (client, url) in places.items():
        response = client.get(url)
        assert response.status_code == 200, place
        shown = "A story to withdraw" if place == "withdraw page" else WORDS  # it asks before showing the words
        assert shown in response.content.decode(), f"before withdrawal the story should be on the {place}"
    assert WORDS in docx_text(Client(), account.year)

    services.withdraw_consent(story=story, user=world.officer_council)

    for place, (client, url) in places.items():
        response = client.get(url)
        assert WORDS not in response.content.decode(), f"the withdrawn story is still on the {place}"
        if place in ("story page", "edit page", "withdraw page", "API story, anyone", "API story, partner"):
            assert response.status_code == 404, place
        else:
            assert response.status_code == 200, place
    assert WORDS not in docx_text(Client(), account.year)


def test_only_its_title_stays_in_sight_and_only_for_coordinators(world, story):
    services.withdraw_consent(story=story, user=world.officer_council)
    coordinator, board_member = Client(), Client()
    coordinator.force_login(world.coordinator)
    board_member.force_login(world.board_member)
    assert "A story to withdraw" in coordinator.get("/stories/").content.decode()
    assert "A story to withdraw" not in board_member.get("/stories/").content.decode()


def test_a_board_only_story_is_never_public(world, meeting, account):
    secret = make_story(world.coordinator, text="Board-only words", meeting=meeting, given_on=meeting.starts_at.date())
    anyone = Client()
    for url in ("/stories/public/", f"/local-account/{account.year}/", "/api/v1/stories"):
        assert "Board-only words" not in anyone.get(url).content.decode(), url
    assert anyone.get(f"/api/v1/stories/{secret.pk}").status_code == 404
    assert "Board-only words" not in docx_text(anyone, account.year)
    staff = Client()
    staff.force_login(world.board_member)
    assert "Board-only words" in staff.get(meeting.get_absolute_url()).content.decode()
