"""The dashboard opens with what needs attention: each off-track figure with its number and a link to the detail."""

import re
from datetime import date

import pytest
from django.test import Client

from engaging.assurance import figures
from engaging.assurance.attention import needs_attention
from engaging.board.models import ScreeningAction
from engaging.evaluation.models import Evaluation
from engaging.lists.models import Group, Priority
from engaging.loop.models import LoopClosure
from tests.assurance.conftest import END, START, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def travellers(known):
    """A seldom-heard group nobody from whom took part in the period."""
    from tests.factories import GroupFactory

    return GroupFactory(name="Gypsies and Travellers", category="seldom_heard")


def headline(known, today=TODAY):
    scope = figures.Scope(start=START, end=END, today=today, board=known.board)
    return needs_attention(figures.dashboard(scope))


def test_each_off_track_figure_is_listed_with_its_number_and_link(known, travellers):
    found, _ = headline(known)
    by_key = {a.key: a for a in found}
    assert list(by_key) == ["priorities", "groups", "feedback", "actions", "evaluations"]
    assert by_key["priorities"].figure == 2
    assert by_key["priorities"].names == ["Housing and health", "Smoke-free lives"]
    assert by_key["priorities"].url == "#coverage-heading"
    assert by_key["groups"].names == ["Gypsies and Travellers"] and by_key["groups"].url == "#seldom-heading"
    assert by_key["groups"].text == "1 seldom-heard group had nobody counted taking part in the period (1 of 3)"
    assert by_key["actions"].figure == 1
    assert by_key["actions"].text == "1 screening action is overdue, the oldest due on 1 July 2025"
    assert by_key["actions"].url == "#actions-heading"
    assert by_key["feedback"].figure == 1
    assert by_key["feedback"].url == "/feedback-loop/activities/?state=overdue&start=2025-01-01&end=2025-06-30"
    assert by_key["evaluations"].url == "#evaluation-heading"


def test_the_figures_are_the_dashboards_own(known, travellers):
    """The headline's numbers are those the sections below it show, so the two never disagree."""
    scope = figures.Scope(start=START, end=END, today=TODAY, board=known.board)
    board = figures.dashboard(scope)
    by_key = {a.key: a for a in needs_attention(board)[0]}
    assert by_key["actions"].figure == board.overdue.count
    assert by_key["priorities"].figure == len(board.flagged_priorities)
    everyone = [row.rate for row in board.loop if row.rate.organisation_id]
    assert by_key["feedback"].figure == sum(r.overdue for r in everyone)
    done = [c for c in board.evaluation if c.organisation_id]
    assert by_key["evaluations"].figure == sum(c.finished - c.evaluated for c in done)
    missed = [g.name for g, r in zip(board.seldom_heard.groups, board.seldom_heard.totals, strict=True)
              if not r.participants]  # fmt: skip
    assert by_key["groups"].names == missed


def test_nothing_needs_attention_only_when_nothing_does(known, travellers):
    # Put right each thing that was off track, one at a time: the headline shrinks until it is empty.
    assert len(headline(known)[0]) == 5
    ScreeningAction.objects.filter(done_on__isnull=True).update(done_on=TODAY)
    Priority.objects.filter(name__in=["Housing and health", "Smoke-free lives"]).delete()
    Group.objects.filter(category="seldom_heard").update(category="age_band")
    from engaging.register.models import FINISHED, Activity

    for activity in Activity.objects.filter(status__in=FINISHED):
        LoopClosure.objects.get_or_create(
            activity=activity, defaults={"channel": "email", "told_on": activity.end_date, "summary": "We wrote."}
        )
        Evaluation.objects.get_or_create(activity=activity, defaults={"lessons": "Fine.", "evaluated_on": TODAY})
    found, fine = headline(known)
    assert found == []
    assert [c.key for c in fine] == ["priorities", "feedback", "actions", "evaluations"]


def test_overdue_depends_on_the_day_and_the_kept_page_follows_it(world, monkeypatch, settings):
    """An action due today is not overdue until tomorrow; nothing is written when the day turns, so the kept
    dashboard must be kept by the day."""
    import datetime as real_datetime
    from datetime import UTC, datetime, timedelta

    from engaging.board.models import AgendaItem, Board, Meeting, Screening

    settings.KEEP_PAGES = True
    today = date.today()
    board = Board.objects.create(name="The board", area=world.borough)
    meeting = Meeting.objects.create(board=board, starts_at=datetime.now(UTC) + timedelta(days=30))
    item = AgendaItem.objects.create(
        meeting=meeting, title="Item", lead_organisation=world.council, decision_sought="Decide."
    )
    screening = Screening.objects.create(
        agenda_item=item, changes_services="no", influence="some", time_available="under_4",
        community_interest="low", partner_capability="low",
    )  # fmt: skip
    ScreeningAction.objects.create(screening=screening, description="Write to carers", due_on=today)
    client = Client()
    client.force_login(world.board_member)

    def attention(html: str) -> str:
        return html[html.index('id="attention-heading"') : html.index('id="contents-heading"')]

    shown = attention(client.get("/assurance/").content.decode())
    assert "screening action is overdue," not in shown and "no screening action is overdue" in shown

    class Tomorrow(real_datetime.date):
        @classmethod
        def today(cls):
            return today + timedelta(days=1)

    import sys

    for module in ("engaging.core.kept", "engaging.assurance.views.dashboard", "engaging.assurance.stored"):
        monkeypatch.setattr(sys.modules[module], "date", Tomorrow)
    # The figures stored yesterday are served, saying so, while the task works them out for today.
    html = client.get("/assurance/").content.decode()
    assert "no screening action is overdue" in attention(html) and "Changes made since then are being counted" in html
    shown = attention(client.get("/assurance/").content.decode())
    assert f"1 screening action is overdue, the oldest due on {today.day} {today:%B %Y}." in shown
    assert 'href="#actions-heading"' in shown


def test_the_page_opens_with_the_headline_and_a_contents_list(known):
    client = Client()
    client.force_login(known.world.board_member)
    html = client.get("/assurance/", {"from": START.isoformat(), "to": END.isoformat()}).content.decode()
    assert (
        html.index('id="attention-heading"') < html.index('id="contents-heading"') < html.index('id="choose-heading"')
    )
    assert "<strong>2 priorities have had no engagement in the 12 months to 30 June 2025 (2 of 4)</strong>" in html
    contents = html[html.index('id="contents-heading"') : html.index("</nav>", html.index('id="contents-heading"'))]
    targets = re.findall(r'href="#([\w-]+)"', contents)
    assert len(targets) == 12
    for target in targets:
        assert f'id="{target}"' in html, target
    assert "Nothing needs attention" not in html
