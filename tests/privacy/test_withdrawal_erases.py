"""Withdrawing consent erases a story's words and its teller's details everywhere in the database, at once."""

from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from engaging.reports import services as reports
from engaging.reports.models import LocalAccount
from engaging.voice import services
from engaging.voice.models import Consent, Story
from tests.privacy.scanning import places_holding
from tests.voice.conftest import make_story

TEXT = "The Quarry Bank night bus stopped, so Zephyrine walked home past the canal"
EDITED = "After the Quarry Bank night bus stopped, Zephyrine walked home along the canal"
TELLER = "Zephyrine Oakenfold-Mbeki"
GIVEN_BY = "Zephyrine's daughter Ottilie"
TITLE = "Walking home from Quarry Bank"
NEEDLES = (TEXT, EDITED, TELLER, "Ottilie")

# Committed as a running hub commits, so pages read from committed data are kept (inside a test's own transaction,
# PostgreSQL keeps nothing read from a table the transaction wrote: see engaging/core/versions.py).
pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "hub_cache"}}


@pytest.fixture
def database_cache(transactional_db):
    """Kept pages stored in the database, as in production without Redis."""
    with override_settings(CACHES=DATABASE_CACHE, KEEP_PAGES=True):
        call_command("createcachetable", verbosity=0)
        yield


@pytest.fixture
def told(world, theme, django_capture_on_commit_callbacks):
    """A public story, approved, changed once, printed in the year's Local Account and scored as public text."""
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story(
            world.coordinator,
            title=TITLE,
            text=TEXT,
            told_by=TELLER,
            naming=Story.Naming.FULL_NAME,
            scope=Consent.Scope.PUBLIC,
            themes=[theme],
            given_on=date(timezone.localdate().year, 1, 2),
        )
        services.approve_story(story=story, user=world.coordinator)
        Consent.objects.filter(story=story).update(given_by=GIVEN_BY)
        consent = story.consent
        consent.refresh_from_db()
        consent.save()  # a version of the consent with the words above
        story.refresh_from_db()
        story.text = EDITED
        story.save()  # saved directly, as an import would: it stays approved
    return story


def visit_everything(client, world, story):
    """Read the story wherever it shows, as the coordinator and as a resident, so the pages are kept."""
    client.force_login(world.coordinator)
    for path in (f"/stories/{story.pk}/", "/stories/", "/stories/public/"):
        assert client.get(path).status_code == 200
    client.logout()
    assert client.get("/stories/public/").status_code == 200
    account = LocalAccount.objects.create(year=timezone.localdate().year)
    reports.current_document(account=account, kind="docx")


def test_the_scan_finds_a_story_wherever_it_is_kept_before_withdrawal(client, world, told, database_cache):
    """The check below could fail: before withdrawal the words are found in the story, its history, its scores,
    kept pages and the Local Account's Word file."""
    visit_everything(client, world, told)
    found = places_holding(*NEEDLES)
    assert {"voice_story.text", "voice_historicalstory.text"} <= found[EDITED]
    assert "voice_historicalstory.text" in found[TEXT]
    assert {"voice_story.told_by", "voice_historicalstory.told_by"} <= found[TELLER]
    assert {"voice_consent.given_by", "voice_historicalconsent.given_by"} <= found["Ottilie"]
    assert "hub_cache.value" in found[EDITED]
    assert "reports_localaccount.docx" in found[EDITED]
    assert "plain_publictextscore.title" in places_holding(TITLE)[TITLE]


def test_withdrawing_consent_leaves_no_copy_of_the_words_or_the_teller_anywhere(
    client, world, told, database_cache, django_capture_on_commit_callbacks
):
    visit_everything(client, world, told)
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/stories/{told.pk}/withdraw-consent/", {"note": "Asked by phone"})
    assert response.status_code == 302

    assert places_holding(*NEEDLES) == {}
    # What remains: that consent was withdrawn, when, by whom, and why.
    consent = Consent.objects.get(story=told)
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == world.coordinator
    assert consent.withdrawal_note == "Asked by phone"
    story = Story.everything.get(pk=told.pk)
    assert story.text == "" and story.told_by == "" and story.naming == Story.Naming.ANONYMOUS
    assert not story.themes.exists()
    assert story.recorded_by == world.coordinator
    # The title is the partnership's own, kept so coordinators can see which story was withdrawn.
    assert story.title == TITLE
    assert set(places_holding(TITLE)[TITLE]) == {"voice_story.title", "voice_historicalstory.title"}


def test_withdrawing_through_the_api_erases_too(world, as_, told, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_("coordinator").post(f"stories/{told.pk}/withdraw-consent", {})
    assert response.status_code == 200, response.content
    assert places_holding(TEXT, EDITED, TELLER) == {}


def test_the_page_says_the_words_are_erased(client, world, told):
    client.force_login(world.coordinator)
    response = client.post(f"/stories/{told.pk}/withdraw-consent/", {"note": ""}, follow=True)
    assert "The story&#x27;s words and the teller&#x27;s details are erased" in response.content.decode()
