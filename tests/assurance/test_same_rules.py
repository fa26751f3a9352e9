"""The dashboard counts each figure by the rule of the app that owns the records, so it agrees with that app's pages.

Overdue screening actions are the board's (`ScreeningAction.objects.live().overdue()`, as the board's index
and list of actions count them); the loop-closure rate is the feedback loop's (`closure.rates_of`, as the
feedback loop's page and an organisation's evidence page count it); evaluation completion is counted once
for the dashboard and the evidence page. The records are those of conftest.py.
"""

import pytest
from django.utils import timezone

from engaging.assurance import figures
from engaging.assurance.evidence import evidence_for
from engaging.board.models import Meeting, ScreeningAction
from engaging.loop import closure
from tests.assurance.conftest import END, START, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def everywhere(known):
    return figures.Scope(start=START, end=END, today=TODAY)


def test_the_dashboards_overdue_actions_are_the_boards_own(known, everywhere):
    assert figures.overdue_screening_actions(everywhere).count == ScreeningAction.objects.live().overdue(TODAY).count()


def test_an_action_of_an_archived_meeting_is_overdue_neither_on_the_board_pages_nor_on_the_dashboard(known, everywhere):
    Meeting.objects.filter(board=known.other_board).update(archived_at=timezone.now())
    overdue = figures.overdue_screening_actions(everywhere)
    assert [action.description for action in overdue.listed] == ["Ask the hostels to host a session"]
    assert overdue.count == ScreeningAction.objects.live().overdue(TODAY).count() == 1


def test_an_organisations_evidence_and_the_dashboard_give_the_same_loop_closure_rate(known, everywhere):
    dashboard = {row.rate.organisation_id: row.rate for row in figures.loop_closure_by_organisation(everywhere)}
    for organisation in (known.world.council, known.world.healthwatch):
        evidence = evidence_for(organisation, start=START, end=END, today=TODAY)
        assert evidence.loop == dashboard[organisation.pk]
        [own] = closure.rates(start=START, end=END, today=TODAY, organisation=organisation)
        assert own == dashboard[organisation.pk]


def test_an_organisations_evidence_and_the_dashboard_give_the_same_evaluation_completion(known, everywhere):
    dashboard = {row.organisation_id: row for row in figures.evaluation_completion(everywhere)}
    for organisation in (known.world.council, known.world.healthwatch):
        evidence = evidence_for(organisation, start=START, end=END, today=TODAY).evaluation
        assert (evidence.finished, evidence.evaluated) == (
            dashboard[organisation.pk].finished,
            dashboard[organisation.pk].evaluated,
        )
