"""A board with a meeting and an agenda item led by the council, and helpers for screening it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from engaging.board.defaults import install_defaults
from engaging.board.models import AgendaItem, Board, LegalDuty, Meeting, ScreeningRule
from tests.api.conftest import anon, as_, tokens  # noqa: F401 - the API tests' personas, for the board's API tests


@pytest.fixture
def board(world):
    board = Board.objects.create(name="Dudley Health and Wellbeing Board", area=world.borough)
    board.members.set([world.council, world.healthwatch])
    return board


@pytest.fixture
def meeting(board):
    return Meeting.objects.create(
        board=board, starts_at=timezone.now() + timedelta(days=20), venue="Council House", is_public=True
    )


@pytest.fixture
def item(meeting, world):
    return AgendaItem.objects.create(
        meeting=meeting,
        title="Urgent care review",
        lead_organisation=world.council,
        decision_sought="Agree the options for urgent care to consult on.",
        order=1,
    )


@pytest.fixture
def defaults(db):
    """The default legal duties and rules, as the data migration installs them (a flushed database lacks them)."""
    install_defaults(LegalDuty, ScreeningRule)


@pytest.fixture
def no_rules(db):
    """No screening rules at all, so a test can make exactly the ones it needs."""
    ScreeningRule.everything.all().delete()


def answers(**changes) -> dict:
    """A complete set of answers, as the screening form's cleaned data holds them."""
    base = {
        "changes_services": "no",
        "legal_duties": [],
        "affected_groups": [],
        "who_is_affected": "People who use urgent care",
        "insight_reused": [],
        "influence": "some",
        "time_available": "4_to_12",
        "community_interest": "medium",
        "partner_capability": "medium",
    }
    base.update(changes)
    return base


def form_data(**changes) -> dict:
    """The same answers as the screening page posts them."""
    data = answers(**changes)
    return {
        key: [str(getattr(v, "pk", v)) for v in value] if isinstance(value, list) else value
        for key, value in data.items()
    }


def rule(**fields) -> ScreeningRule:
    fields.setdefault("reason", f"Because {fields['question']} is {fields['answer']}")
    return ScreeningRule.objects.create(**fields)
