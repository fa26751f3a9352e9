"""The rules about stories, each on its own: who hears what, and who may change what."""

from datetime import date, datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from engaging.board.models import Meeting
from engaging.voice import services
from engaging.voice.models import Consent, Story
from tests.voice.conftest import make_story

PERSONAS = ("officer_council", "officer_healthwatch", "coordinator", "board_member")


def test_consented_leaves_out_withdrawn_and_archived_stories(world, board_story, public_story):
    hidden = make_story(world.coordinator, title="Withdrawn")
    services.withdraw_consent(story=hidden, user=world.coordinator)
    archived = make_story(world.coordinator, title="Archived")
    archived.archive()
    assert set(Story.objects.consented()) == {board_story, public_story}


def test_a_story_without_consent_is_never_consented(world):
    Story.objects.create(title="No consent", naming=Story.Naming.ANONYMOUS, text="Words")
    assert not Story.objects.consented().exists()
    assert not Story.objects.public().exists()


def test_public_means_consented_and_agreed_for_the_public(world, board_story, public_story):
    assert list(Story.objects.public()) == [public_story]
    services.withdraw_consent(story=public_story, user=world.coordinator)
    assert not Story.objects.public().exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_with_a_role_hears_board_only_stories(world, board_story, public_story, persona):
    assert set(Story.objects.visible_to(getattr(world, persona))) == {board_story, public_story}


def test_the_public_hears_only_public_stories(world, board_story, public_story):
    assert list(Story.objects.visible_to(AnonymousUser())) == [public_story]


def test_a_signed_in_person_with_no_role_hears_only_public_stories(world, board_story, public_story):
    from tests.factories import UserFactory

    assert list(Story.objects.visible_to(UserFactory(username="resident"))) == [public_story]


def test_withdrawn_lists_only_stories_whose_consent_was_withdrawn(world, board_story, public_story):
    services.withdraw_consent(story=board_story, user=world.coordinator)
    assert list(Story.objects.withdrawn()) == [board_story]


def test_heard_in_a_year_goes_by_the_meeting_or_else_the_consent_date(world, board):
    meeting_2024 = Meeting.objects.create(board=board, starts_at=timezone.make_aware(datetime(2024, 12, 3, 18)))
    at_meeting = make_story(
        world.coordinator, title="At a 2024 meeting", meeting=meeting_2024, given_on=date(2025, 1, 5)
    )
    no_meeting = make_story(world.coordinator, title="Heard in 2025, no meeting", given_on=date(2025, 6, 1))
    assert list(Story.objects.heard_in(2024)) == [at_meeting]
    assert list(Story.objects.heard_in(2025)) == [no_meeting]


@pytest.mark.parametrize(
    "naming,told_by,problem",
    [
        (Story.Naming.FULL_NAME, "", "Enter the teller's name, as they want it shown"),
        (Story.Naming.FIRST_NAME, "   ", "Enter the teller's first name"),
        (Story.Naming.DESCRIPTION, "", "Enter a description of the teller, such as “a carer from Sedgley”"),
        (Story.Naming.FULL_NAME, "Maureen Price", None),
        (Story.Naming.ANONYMOUS, "", None),
        (Story.Naming.ANONYMOUS, "Someone", None),
    ],
)
def test_teller_problem(naming, told_by, problem):
    assert services.teller_problem(naming, told_by) == problem


# Permissions: every role against every action -------------------------------------------

MATRIX = {
    # action: (officer who recorded it, other officer, coordinator, board member, anonymous)
    "voice.view_story": (True, True, True, True, False),
    "voice.add_story": (True, True, True, True, False),
    "voice.change_story": (True, False, True, False, False),
    "voice.withdraw_consent": (True, False, True, False, False),
    "voice.audit_withdrawn": (False, False, True, False, False),
}


@pytest.mark.parametrize("action", MATRIX)
def test_permission_matrix(world, board_story, action):
    people = (world.officer_council, world.officer_healthwatch, world.coordinator, world.board_member, AnonymousUser())
    allowed = tuple(person.has_perm(action, board_story) for person in people)
    assert allowed == MATRIX[action]


def test_a_board_member_who_recorded_a_story_may_change_it(world):
    story = make_story(world.board_member)
    assert world.board_member.has_perm("voice.change_story", story)
    assert world.board_member.has_perm("voice.withdraw_consent", story)


def test_a_recorder_who_has_lost_their_role_may_no_longer_change_the_story(world, board_story):
    world.officer_council.memberships.all().delete()
    world.officer_council.__dict__.pop("_engaging_roles", None)
    assert not world.officer_council.has_perm("voice.change_story", board_story)


def test_consent_scope_choices_are_board_and_public():
    assert set(Consent.Scope.values) == {"board", "public"}
