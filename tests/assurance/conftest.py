"""A small partnership whose every dashboard figure has been worked out by hand (see `known`).

The board covers Brierley Hill (the `world` locality): its ward and the borough it is in count,
Stourbridge does not. The period is the first half of 2025, seen on 15 July 2025.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache

from engaging.assurance import refreshing
from engaging.assurance.stored import QUEUED
from engaging.board.models import AgendaItem, Board, Meeting, Screening, ScreeningAction
from engaging.evaluation.models import Evaluation, ParticipantFeedback
from engaging.loop.models import LoopClosure
from engaging.register.models import EngagementLevel, EngagementType, ParticipantCount, Status
from tests.api.conftest import anon, as_, tokens  # noqa: F401  (fixtures shared with the API tests)
from tests.factories import ActivityFactory, GroupFactory, MethodFactory, OrganisationFactory, PriorityFactory


@pytest.fixture(autouse=True)
def readers_queue_refreshes_at_once(monkeypatch):
    """Each process asks for a refresh at most once a second, and once one is queued, asks no more until it has started
    (assurance/refreshing.py): each test is a new start."""
    monkeypatch.setattr(refreshing, "_asked_at", -1.0)
    cache.delete(QUEUED)
    yield
    cache.delete(QUEUED)


TODAY = date(2025, 7, 15)
START = date(2025, 1, 1)
END = date(2025, 6, 30)


@dataclass
class Known:
    world: object
    board: Board
    other_board: Board
    trust: object
    homeless: object
    deaf: object
    weight: object  # a second priority
    housing: object  # a priority nobody engaged on
    smoking: object  # a priority last engaged on in 2024
    survey: object  # a method
    a1: object
    a2: object
    a3: object
    a4: object
    a5: object
    a6: object
    a7: object
    a8: object
    item: AgendaItem
    overdue_action: ScreeningAction


def rate(activity, given_on: date, *answers: int) -> ParticipantFeedback:
    feedback = ParticipantFeedback.objects.create(
        activity=activity, listened_to=answers[0], easy_to_take_part=answers[1], know_what_happens_next=answers[2]
    )
    ParticipantFeedback.objects.filter(pk=feedback.pk).update(given_on=given_on)  # given_on is set on saving
    return feedback


def activity(world, title, lead, type_, level, start, end, areas, *, status=Status.OPEN, closed_on=None, **links):
    return ActivityFactory(
        title=title,
        lead_organisation=lead,
        type=type_,
        level=level,
        start_date=start,
        end_date=end,
        status=status,
        closed_on=closed_on,
        areas=areas,
        **links,
    )


def build_known(world) -> Known:
    """The records; the figures they give are listed in tests/assurance/test_figures.py."""
    trust = OrganisationFactory(name="Black Country Healthcare NHS Trust")
    homeless = GroupFactory(name="People who are homeless", category="seldom_heard")
    deaf = GroupFactory(name="Deaf people", category="seldom_heard")
    weight = PriorityFactory(name="Healthy weight")
    housing = PriorityFactory(name="Housing and health")
    smoking = PriorityFactory(name="Smoke-free lives")
    survey = MethodFactory(name="Online survey")
    board = Board.objects.create(name="Brierley Hill board", area=world.locality)
    board.members.set([world.council, world.healthwatch])
    other_board = Board.objects.create(name="Stourbridge board", area=world.other_locality)
    w = world
    a1 = activity(
        w, "Carers' consultation", w.council, EngagementType.CONSULTATION, EngagementLevel.CONSULT,
        date(2025, 1, 10), date(2025, 2, 20), [w.locality], status=Status.CLOSED, closed_on=date(2025, 2, 20),
        priorities=[w.priority], groups=[w.young_people, homeless],
    )  # fmt: skip
    a1.partner_organisations.set([w.healthwatch])
    a1.methods.set([w.method])
    ParticipantCount.objects.create(activity=a1, group=homeless, count=5)
    ParticipantCount.objects.create(activity=a1, group=w.young_people, count=20)
    LoopClosure.objects.create(activity=a1, channel="email", told_on=date(2025, 3, 1), summary="We wrote to everyone.")
    Evaluation.objects.create(activity=a1, lessons="Evening sessions worked.", evaluated_on=date(2025, 3, 10))
    rate(a1, date(2025, 3, 5), 4, 3, 2)
    rate(a1, date(2025, 3, 6), 5, 3, 4)
    rate(a1, date(2024, 12, 31), 1, 1, 1)  # before the period

    a2 = activity(
        w, "Hostel listening sessions", w.healthwatch, EngagementType.INSIGHT, EngagementLevel.INVOLVE,
        date(2025, 3, 1), date(2025, 3, 31), [w.ward], status=Status.REPORTED, closed_on=date(2025, 3, 31),
        priorities=[w.priority, weight], groups=[w.young_people, homeless, deaf],
    )  # fmt: skip
    a2.methods.set([w.method, survey])
    ParticipantCount.objects.create(activity=a2, group=homeless, count=3)
    ParticipantCount.objects.create(activity=a2, group=deaf, count=2)
    rate(a2, date(2025, 4, 2), 5, 5, 5)

    a3 = activity(
        w, "Healthy weight leaflet", w.council, EngagementType.INFORMATION, EngagementLevel.INFORM,
        date(2025, 6, 20), date(2025, 7, 20), [w.borough], priorities=[weight], groups=[w.young_people],
    )  # fmt: skip
    a4 = activity(
        w, "Stourbridge co-design group", trust, EngagementType.CO_PRODUCTION, EngagementLevel.COLLABORATE,
        date(2025, 2, 1), date(2025, 5, 31), [w.other_ward], priorities=[w.priority], groups=[deaf],
    )  # fmt: skip
    ParticipantCount.objects.create(activity=a4, group=deaf, count=10)
    rate(a4, date(2025, 3, 1), 1, 1, 1)
    a5 = activity(
        w, "Cancelled drop-in", w.council, EngagementType.CONSULTATION, EngagementLevel.CONSULT,
        date(2025, 2, 1), date(2025, 2, 10), [w.locality], status=Status.CANCELLED, priorities=[weight],
        groups=[w.young_people],
    )  # fmt: skip
    a6 = activity(
        w, "Archived survey", w.healthwatch, EngagementType.CONSULTATION, EngagementLevel.CONSULT,
        date(2025, 4, 1), date(2025, 4, 10), [w.locality], priorities=[weight], groups=[w.young_people],
    )  # fmt: skip
    a6.archive()
    a7 = activity(
        w, "Smoking survey 2024", w.council, EngagementType.CONSULTATION, EngagementLevel.CONSULT,
        date(2024, 1, 1), date(2024, 6, 15), [w.locality], status=Status.EVALUATED, closed_on=date(2024, 6, 15),
        priorities=[smoking],
    )  # fmt: skip
    a8 = activity(
        w, "Youth panel", w.healthwatch, EngagementType.CONSULTATION, EngagementLevel.CONSULT,
        date(2025, 5, 1), date(2025, 6, 25), [w.locality], status=Status.CLOSED, closed_on=date(2025, 6, 25),
        groups=[w.young_people],
    )  # fmt: skip

    meeting = Meeting.objects.create(board=board, starts_at=datetime(2025, 7, 1, 14, 0, tzinfo=UTC), venue="Town hall")
    item = AgendaItem.objects.create(
        meeting=meeting,
        title="Homelessness and health: the new hostel service",
        lead_organisation=w.council,
        decision_sought="Agree the new hostel health service.",
    )
    item.activities.set([a1, a2])
    screening = Screening.objects.create(
        agenda_item=item,
        changes_services="yes",
        influence="much",
        time_available="4_to_12",
        community_interest="medium",
        partner_capability="high",
        recommended_type=EngagementType.CONSULTATION,
        recommended_level=EngagementLevel.COLLABORATE,
    )
    screening.affected_groups.set([homeless, w.carers])
    overdue = ScreeningAction.objects.create(
        screening=screening, description="Ask the hostels to host a session", owner_organisation=w.council,
        due_on=date(2025, 7, 1),
    )  # fmt: skip
    ScreeningAction.objects.create(screening=screening, description="Due today", due_on=TODAY)
    ScreeningAction.objects.create(
        screening=screening, description="Done already", due_on=date(2025, 6, 1), done_on=date(2025, 6, 10)
    )
    other_meeting = Meeting.objects.create(board=other_board, starts_at=datetime(2025, 6, 1, 10, 0, tzinfo=UTC))
    other_item = AgendaItem.objects.create(
        meeting=other_meeting, title="Stourbridge clinic", lead_organisation=trust, decision_sought="Note."
    )
    other_screening = Screening.objects.create(
        agenda_item=other_item, changes_services="no", influence="some", time_available="under_4",
        community_interest="low", partner_capability="low",
    )  # fmt: skip
    ScreeningAction.objects.create(screening=other_screening, description="Other board's", due_on=date(2025, 6, 1))
    return Known(
        world=w, board=board, other_board=other_board, trust=trust, homeless=homeless, deaf=deaf, weight=weight,
        housing=housing, smoking=smoking, survey=survey, a1=a1, a2=a2, a3=a3, a4=a4, a5=a5, a6=a6, a7=a7, a8=a8,
        item=item, overdue_action=overdue,
    )  # fmt: skip


@pytest.fixture
def known(world) -> Known:
    return build_known(world)


def add_more(known: Known, n: int = 6) -> None:
    """More of everything the figures count, for checking that the number of queries stays the same."""
    from engaging.accounts.models import Organisation
    from engaging.insight.models import Finding, Theme
    from engaging.loop.models import Response

    w = known.world
    theme = Theme.objects.create(name=f"Getting there {n}")
    for i in range(n):
        lead = OrganisationFactory(name=f"Extra organisation {n}-{i}", kind=Organisation.Kind.COMMUNITY_GROUP)
        extra = activity(
            w, f"Extra activity {n}-{i}", lead, EngagementType.INSIGHT, EngagementLevel.INVOLVE,
            date(2025, 1 + i % 6, 1), date(2025, 1 + i % 6, 20), [w.locality, w.ward], status=Status.CLOSED,
            closed_on=date(2025, 1 + i % 6, 20), priorities=[w.priority, known.weight],
            groups=[w.young_people, known.homeless, known.deaf],
        )  # fmt: skip
        extra.partner_organisations.set([w.council, w.healthwatch])
        extra.methods.set([w.method, known.survey, MethodFactory(name=f"Extra method {n}-{i}")])
        ParticipantCount.objects.create(activity=extra, group=known.homeless, count=4 + i)
        ParticipantCount.objects.create(activity=extra, group=known.deaf, count=1)
        LoopClosure.objects.create(activity=extra, channel="letter", told_on=date(2025, 7, 1), summary="A letter.")
        if i % 2:
            Evaluation.objects.create(activity=extra, lessons="Lessons.", evaluated_on=date(2025, 7, 2))
        rate(extra, date(2025, 6, 1), 3, 4, 5)
        finding = Finding.objects.create(
            activity=extra, statement=f"People said the buses are late ({n}-{i}).", heard_on=date(2025, 2, 1)
        )
        finding.themes.set([theme])
        response = Response.objects.create(action=f"We spoke to the bus company ({n}-{i}).", organisation=w.council)
        response.findings.set([finding])
        ScreeningAction.objects.create(
            screening=known.item.screening, description=f"Extra action {n}-{i}", due_on=date(2025, 5, 1 + i),
            owner_organisation=lead,
        )  # fmt: skip
        known.item.activities.add(extra)
