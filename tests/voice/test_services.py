"""Recording, changing and withdrawing: each a single write that keeps story and consent together."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from engaging.voice import services
from engaging.voice.models import Consent, Story
from tests.voice.conftest import make_story


def test_recording_a_story_records_its_consent(world, meeting, theme):
    story = make_story(world.officer_council, meeting=meeting, themes=[theme], groups=[world.carers])
    story.refresh_from_db()
    assert story.recorded_by == world.officer_council
    assert story.consent.given_by == "Maureen"
    assert story.consent.given_on == date(2025, 3, 12)
    assert story.consent.scope == Consent.Scope.BOARD
    assert list(story.themes.all()) == [theme]
    assert list(story.groups.all()) == [world.carers]


def test_an_anonymous_teller_is_never_named_even_if_a_name_was_typed(world):
    story = make_story(world.coordinator, naming=Story.Naming.ANONYMOUS, told_by="Maureen Price")
    story.refresh_from_db()
    assert story.told_by == ""
    assert story.teller == "Anonymous"


def test_a_named_teller_needs_a_name_and_nothing_is_saved_without_one(world):
    with pytest.raises(ValidationError) as error:
        make_story(world.coordinator, naming=Story.Naming.FULL_NAME, told_by="")
    assert "told_by" in error.value.message_dict
    assert not Story.everything.exists() and not Consent.objects.exists()


@pytest.mark.parametrize("given_on", [date.today() + timedelta(days=1), date(1899, 12, 31)])
def test_consent_given_in_the_future_or_before_1900_saves_nothing(world, given_on):
    """The page and the API refuse these dates by the same rule, and so does the service they both call."""
    with pytest.raises(ValidationError) as error:
        make_story(world.coordinator, given_on=given_on)
    assert list(error.value.message_dict) == ["consent_given_on"]
    assert not Story.everything.exists() and not Consent.objects.exists()


def test_a_changed_consent_date_follows_the_same_rule(world, board_story):
    with pytest.raises(ValidationError) as error:
        services.update_story(
            story=board_story,
            title="t",
            naming=Story.Naming.ANONYMOUS,
            text="words",
            consent_given_by="Her daughter",
            consent_given_on=date.today() + timedelta(days=1),
            scope=Consent.Scope.BOARD,
        )
    assert list(error.value.message_dict) == ["consent_given_on"]
    board_story.consent.refresh_from_db()
    assert board_story.consent.given_on == date(2025, 3, 12)


def test_a_bad_scope_saves_nothing(world):
    with pytest.raises(ValidationError):
        make_story(world.coordinator, scope="everyone")
    assert not Story.everything.exists()


def test_updating_changes_story_and_consent_together(world, board_story):
    services.update_story(
        story=board_story,
        title="New title",
        naming=Story.Naming.ANONYMOUS,
        told_by="",
        text="New words",
        themes=[],
        groups=[world.older_people],
        meeting=None,
        consent_given_by="Her daughter",
        consent_given_on=date(2025, 3, 20),
        scope=Consent.Scope.PUBLIC,
    )
    board_story.refresh_from_db()
    assert (board_story.title, board_story.teller, board_story.meeting) == ("New title", "Anonymous", None)
    assert board_story.consent.scope == Consent.Scope.PUBLIC
    assert board_story.consent.given_by == "Her daughter"
    assert list(board_story.groups.all()) == [world.older_people]


def test_withdrawing_records_when_who_and_why(world, board_story):
    consent = services.withdraw_consent(story=board_story, user=world.officer_council, note="  Rang the office  ")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == world.officer_council
    assert consent.withdrawal_note == "Rang the office"


def test_consent_cannot_be_withdrawn_twice(world, board_story):
    services.withdraw_consent(story=board_story, user=world.coordinator)
    with pytest.raises(ValidationError):
        services.withdraw_consent(story=board_story, user=world.coordinator)


def test_a_withdrawn_story_cannot_be_changed_back_into_sight(world, board_story):
    services.withdraw_consent(story=board_story, user=world.coordinator)
    with pytest.raises(ValidationError):
        services.update_story(
            story=board_story,
            title="Sneaky",
            naming=Story.Naming.ANONYMOUS,
            text="x",
            consent_given_by="x",
            consent_given_on=date(2025, 1, 1),
            scope=Consent.Scope.PUBLIC,
        )
    board_story.refresh_from_db()
    assert board_story.title == "Board-only story"
    assert not Story.objects.consented().filter(pk=board_story.pk).exists()
