"""A public story waits for a coordinator: approved, it reaches every public place; sent back, it stays inside."""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document

from engaging.core import versions
from engaging.reports.models import LocalAccount
from engaging.voice import services
from engaging.voice.models import Consent, Story, StoryDecision
from tests.voice.conftest import make_story

WAITING_WORDS = "Words still waiting for a coordinator"
APPROVED_WORDS = "Words a coordinator approved"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def waiting(world, meeting):
    return make_story(
        world.officer_council,
        title="A waiting story",
        text=f"{WAITING_WORDS}.",
        scope=Consent.Scope.PUBLIC,
        meeting=meeting,
        given_on=meeting.starts_at.date(),
    )


@pytest.fixture
def approved(world, meeting):
    story = make_story(
        world.officer_council,
        title="An approved story",
        text=f"{APPROVED_WORDS}.",
        scope=Consent.Scope.PUBLIC,
        meeting=meeting,
        given_on=meeting.starts_at.date(),
    )
    services.approve_story(story=story, user=world.coordinator)
    return story


@pytest.fixture
def account(meeting):
    return LocalAccount.objects.create(
        year=meeting.starts_at.year, introduction="Intro", what_we_learned="Learned", what_comes_next="Next",
        is_published=True,
    )  # fmt: skip


def public_places(account) -> list[str]:
    return ["/stories/public/", f"/local-account/{account.year}/", "/api/v1/stories"]


def test_a_new_public_story_waits_and_the_public_sees_only_the_approved_one_everywhere(
    world, meeting, waiting, approved, account
):
    anyone = Client()
    for url in public_places(account):
        html = anyone.get(url).content.decode()
        assert APPROVED_WORDS in html, url
        assert WAITING_WORDS not in html, url
    assert anyone.get(f"/api/v1/stories/{waiting.pk}").status_code == 404
    assert anyone.get(f"/api/v1/stories/{approved.pk}").status_code == 200
    assert anyone.get("/api/v1/stories").json()["count"] == 1
    docx = anyone.get(f"/local-account/{account.year}/files/docx/")
    words = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert APPROVED_WORDS in words and WAITING_WORDS not in words
    # Inside the partnership the waiting story is read as any board-only story is, with its status.
    staff = signed_in(world.board_member)
    assert WAITING_WORDS in staff.get(f"/stories/{waiting.pk}/").content.decode()
    partner = staff.get(f"/api/v1/stories/{waiting.pk}").json()
    assert partner["approval"] == "waiting" and partner["approval_reason"] == ""


def test_approving_puts_the_story_on_every_public_place_and_records_who_and_when(world, waiting, account):
    coordinator = signed_in(world.coordinator)
    assert f'id="waiting-{waiting.pk}"' in coordinator.get("/stories/waiting/").content.decode()
    response = coordinator.post(f"/stories/{waiting.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302 and response["Location"] == "/stories/waiting/"
    for url in public_places(account):
        assert WAITING_WORDS in Client().get(url).content.decode(), url
    decision = waiting.decisions.first()
    assert decision.kind == StoryDecision.Kind.APPROVED and decision.decided_by == world.coordinator
    assert decision.decided_at is not None
    assert f'id="waiting-{waiting.pk}"' not in coordinator.get("/stories/waiting/").content.decode()
    history = coordinator.get(f"/stories/{waiting.pk}/").content.decode()
    assert "Approved" in history and "Sent for approval" in history


def test_sending_back_needs_a_reason_and_the_author_sees_it(world, waiting, account):
    coordinator = signed_in(world.coordinator)
    refused = coordinator.post(f"/stories/{waiting.pk}/decide/", {"decision": "send_back", "reason": "  "})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert 'href="#id_reason"' in html and "Say why you are sending the story back" in html
    assert Story.objects.get(pk=waiting.pk).approval == Story.Approval.WAITING
    assert not waiting.decisions.filter(kind=StoryDecision.Kind.SENT_BACK).exists()

    reason = "The teller's street is named in the second line."
    coordinator.post(f"/stories/{waiting.pk}/decide/", {"decision": "send_back", "reason": reason})
    waiting.refresh_from_db()
    assert waiting.approval == Story.Approval.SENT_BACK and waiting.approval_reason == reason
    sent_back = waiting.decisions.get(kind=StoryDecision.Kind.SENT_BACK)
    assert sent_back.reason == reason and sent_back.decided_by == world.coordinator
    for url in public_places(account):
        assert WAITING_WORDS not in Client().get(url).content.decode(), url
    author_page = signed_in(world.officer_council).get(f"/stories/{waiting.pk}/").content.decode()
    assert "Sent back" in author_page and "street is named in the second line" in author_page
    # A story that is not waiting cannot be decided on again.
    assert coordinator.get(f"/stories/{waiting.pk}/decide/").status_code == 404


def edit(story: Story, user, **changes) -> Story:
    consent = story.consent
    fields = {
        "title": story.title, "naming": story.naming, "told_by": story.told_by, "text": story.text,
        "themes": list(story.themes.all()), "groups": list(story.groups.all()), "meeting": story.meeting,
        "consent_given_by": consent.given_by, "consent_given_on": consent.given_on, "scope": consent.scope,
    }  # fmt: skip
    services.update_story(story=story, user=user, **(fields | changes))
    story.refresh_from_db()
    return story


def test_changing_an_approved_storys_public_words_sends_it_back_for_approval(world, approved, theme, account):
    story = edit(approved, world.officer_council, themes=[theme])
    assert story.approval == Story.Approval.APPROVED  # only the partnership sees themes: no new approval
    story = edit(story, world.officer_council, text="New words nobody has approved.")
    assert story.approval == Story.Approval.WAITING
    assert story.decisions.first().kind == StoryDecision.Kind.ASKED
    for url in public_places(account):
        assert "New words nobody has approved" not in Client().get(url).content.decode(), url
    services.approve_story(story=story, user=world.coordinator)
    assert "New words nobody has approved" in Client().get("/stories/public/").content.decode()


def test_a_sent_back_story_waits_again_once_its_author_changes_it(world, waiting):
    services.send_back_story(story=waiting, user=world.coordinator, reason="Name removed, please.")
    story = edit(Story.objects.get(pk=waiting.pk), world.officer_council, told_by="A carer")
    assert story.approval == Story.Approval.WAITING and story.approval_reason == ""
    assert "A waiting story" in signed_in(world.coordinator).get("/stories/waiting/").content.decode()


def test_making_a_board_only_story_public_asks_for_approval(world, board_story):
    story = edit(board_story, world.officer_council, scope=Consent.Scope.PUBLIC)
    assert story.approval == Story.Approval.WAITING and story.approval_asked_at is not None
    assert not Story.objects.public().filter(pk=story.pk).exists()


@pytest.mark.parametrize(
    "persona, expected", [(None, 302), ("officer_council", 403), ("board_member", 403), ("coordinator", 200)]
)
def test_only_coordinators_see_the_queue_and_decide(world, waiting, persona, expected):
    client = signed_in(getattr(world, persona)) if persona else Client()
    for url in ("/stories/waiting/", f"/stories/{waiting.pk}/decide/"):
        response = client.get(url)
        assert response.status_code == expected, url
        if persona is None:
            assert response["Location"].startswith("/accounts/sign-in/")
    posted = client.post(f"/stories/{waiting.pk}/decide/", {"decision": "approve"})
    approved = Story.objects.get(pk=waiting.pk).approval == Story.Approval.APPROVED
    assert approved == (persona == "coordinator"), posted.status_code


def test_bad_decisions_change_nothing(world, waiting):
    coordinator = signed_in(world.coordinator)
    response = coordinator.post(f"/stories/{waiting.pk}/decide/", {"decision": "publish-everything"})
    assert response.status_code == 200 and 'href="#id_decision' in response.content.decode()
    assert coordinator.post("/stories/999999/decide/", {"decision": "approve"}).status_code == 404
    assert Story.objects.get(pk=waiting.pk).approval == Story.Approval.WAITING


def test_the_queue_is_a_fixed_number_of_queries(world, meeting, settings):
    settings.KEEP_PAGES = False  # the work of the page, not a page kept from the last request
    coordinator = signed_in(world.coordinator)

    def queries_with(count: int) -> int:
        for n in range(count):
            make_story(world.officer_council, title=f"Waiting {n}", scope=Consent.Scope.PUBLIC)
        coordinator.get("/stories/waiting/")
        with CaptureQueriesContext(connection) as queries:
            assert coordinator.get("/stories/waiting/").status_code == 200
        return len(queries)

    assert queries_with(2) == queries_with(10)


# The stamp is read from committed rows on PostgreSQL, so this test commits its writes.
@pytest.mark.django_db(transaction=True)
def test_an_approval_changes_the_stamp_of_kept_pages(world, waiting):
    before = versions.read()
    services.approve_story(story=waiting, user=world.coordinator)
    assert versions.read() != before
