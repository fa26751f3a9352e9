"""The board's demo: a year of meetings with screened items, some actions overdue, made once."""

from datetime import date

import pytest

from engaging.board.models import AgendaItem, Board, Meeting, Screening, ScreeningAction
from engaging.demo.board import BOARD_NAME
from engaging.demo.data import BOARD_PARTNERS
from engaging.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_board_has_a_year_of_screened_meetings_and_loads_once():
    today = date(2026, 11, 26)
    first = load_demo(today)
    board = Board.objects.get(name=BOARD_NAME)
    assert board.members.count() == len(BOARD_PARTNERS)
    meetings = list(Meeting.objects.filter(board=board).order_by("starts_at"))
    assert len(meetings) == 8
    assert (meetings[-1].starts_at.date() - meetings[0].starts_at.date()).days >= 365
    assert all(3 <= m.items.count() <= 5 for m in meetings)
    items = AgendaItem.objects.filter(meeting__board=board)
    screened = Screening.objects.filter(agenda_item__in=items)
    assert screened.count() > items.count() / 2
    assert len(set(screened.values_list("recommended_type", flat=True))) >= 4
    assert ScreeningAction.objects.overdue(today).exists()
    assert ScreeningAction.objects.filter(done_on__isnull=False).exists()
    assert items.filter(activities__isnull=False).distinct().count() >= 15
    assert first.created["meetings"] == 8 and first.created["screenings"] == screened.count()

    again = load_demo(today)
    for label in ("boards", "meetings", "agenda items", "screenings", "legal duties", "screening rules"):
        assert again.created[label] == 0, label
