"""Stories with consent, and a board meeting to hear them at."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from engaging.board.models import Board, Meeting
from engaging.insight.models import Theme
from engaging.voice import services
from engaging.voice.models import Consent, Story
from tests.api.conftest import as_, tokens  # noqa: F401  (the API tests' fixtures, one client per persona)


@pytest.fixture
def board(world):
    return Board.objects.create(name="Dudley Health and Wellbeing Board", area=world.borough)


@pytest.fixture
def meeting(board):
    return Meeting.objects.create(
        board=board, starts_at=timezone.make_aware(datetime(2025, 3, 12, 14, 0)), venue="Council House"
    )


@pytest.fixture
def theme(db):
    return Theme.objects.create(name="Getting a GP appointment")


def make_story(
    recorded_by,
    *,
    title="Waiting for a carer's assessment",
    scope=Consent.Scope.BOARD,
    naming=Story.Naming.FIRST_NAME,
    told_by="Maureen",
    text="I rang every week for three months.\nNobody called back.",
    meeting=None,
    themes=(),
    groups=(),
    given_on=date(2025, 3, 12),
) -> Story:
    return services.record_story(
        recorded_by=recorded_by,
        title=title,
        naming=naming,
        told_by=told_by,
        text=text,
        themes=themes,
        groups=groups,
        meeting=meeting,
        consent_given_by=told_by or "The teller",
        consent_given_on=given_on,
        scope=scope,
    )


@pytest.fixture
def board_story(world, meeting, theme):
    """Told at the March meeting, for the board only, recorded by the council officer."""
    return make_story(
        world.officer_council,
        title="Board-only story",
        text="Board-only words: the night bus stopped running.",
        meeting=meeting,
        themes=[theme],
    )


@pytest.fixture
def public_story(world, meeting, theme):
    """Told at the March meeting, agreed for the public, recorded by the coordinator and approved."""
    story = make_story(
        world.coordinator,
        title="Public story",
        text="Public words: the pharmacy changed my life.",
        scope=Consent.Scope.PUBLIC,
        meeting=meeting,
        themes=[theme],
        naming=Story.Naming.DESCRIPTION,
        told_by="A young carer from Brierley Hill",
    )
    services.approve_story(story=story, user=world.coordinator)
    story.refresh_from_db()
    return story
