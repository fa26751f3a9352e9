"""The demo's stories and Local Accounts: varied, consented (one withdrawn), and loaded only once."""

from datetime import date

import pytest
from django.db import transaction

from engaging.demo.loader import DemoBuilder
from engaging.reports.models import LocalAccount
from engaging.voice.models import Consent, Story
from tests.demo.test_load_demo import REPORT_SURNAMES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Build the demo twice in one transaction, rolled back at the end; the second build's result is kept."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            first = DemoBuilder().build()
            second = DemoBuilder().build()
            yield first, second
            transaction.set_rollback(True)


def test_the_demo_has_about_eight_stories_told_in_every_way(demo):
    stories = list(Story.everything.select_related("consent"))
    assert len(stories) == 8
    assert {story.naming for story in stories} == set(Story.Naming.values)
    assert {story.consent.scope for story in stories} == set(Consent.Scope.values)
    # Every story whose consent stands has its words and who gave consent; the withdrawn one has neither left.
    assert all(bool(story.text and story.consent.given_by) != story.consent.is_withdrawn for story in stories)


def test_one_demo_story_has_had_its_consent_withdrawn(demo):
    assert Story.objects.withdrawn().count() == 1
    assert Story.objects.consented().count() == 7


def test_demo_stories_are_heard_at_the_boards_meetings_when_there_are_any(demo):
    from engaging.board.models import Meeting

    linked = Story.everything.filter(meeting__isnull=False).count()
    assert linked >= 4 if Meeting.objects.exists() else linked == 0


def test_the_demo_tellers_are_invented(demo):
    words = " ".join(f"{s.told_by} {s.text}" for s in Story.everything.all())
    assert not [name for name in REPORT_SURNAMES if name in words]


def test_the_last_full_year_has_a_published_local_account_and_this_year_a_draft(demo):
    year = date.today().year
    last = LocalAccount.objects.get(year=year - 1, board=None)
    assert last.is_published and last.introduction and last.what_we_learned and last.what_comes_next
    assert not LocalAccount.objects.get(year=year, board=None).is_published


def test_loading_the_demo_again_adds_no_stories_or_accounts(demo):
    first, second = demo
    assert first.created["stories"] == 8 and first.created["Local Accounts"] == 2
    assert second.created["stories"] == 0 and second.created["Local Accounts"] == 0
