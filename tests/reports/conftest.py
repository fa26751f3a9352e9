"""A small year of engagement whose Local Account figures are known by hand.

2024, for the whole partnership:
- activities that count: A1 (council, consultation/consult, public, 40 people, closed, evaluated),
  A2 (Healthwatch, insight/involve, not public, 10 people, reported, from December 2023),
  A5 (council, information/inform, public, no numbers, planned); not A3 (cancelled) or A4 (2025);
- people counted by group: carers 12, a seldom-heard group 5 + 3 = 8, young people 7;
- findings heard in 2024: F1 (A1, public, two themes, 30 people) and F2 (A2, one theme);
- public stories heard in 2024: one; plus a board-only one, a withdrawn one and one from 2023;
- responses: one done and one in progress in 2024 (public); others private, old or answering only F2;
- people told: 25, once; evaluations: A1 only, of two finished; ratings from four people.
"""

from datetime import date, datetime

import pytest
from django.utils import timezone

from engaging.assurance import refreshing
from engaging.evaluation.models import Evaluation, ParticipantFeedback
from engaging.insight.models import Finding, Theme
from engaging.lists.models import Group
from engaging.loop.models import LoopClosure, Response
from engaging.register.models import ParticipantCount, Status
from engaging.voice import services as voice
from engaging.voice.models import Consent, Story
from tests.factories import ActivityFactory, GroupFactory


@pytest.fixture(autouse=True)
def readers_queue_refreshes_at_once(monkeypatch):
    """Each process asks for a refresh at most once a second (assurance/refreshing.py); each test is a new start."""
    monkeypatch.setattr(refreshing, "_asked_at", -1.0)


YEAR = 2024


def story(world, title, *, scope=Consent.Scope.PUBLIC, given_on=date(YEAR, 5, 1), text=None, approved=True):
    """A story told that year; a public one approved by the coordinator unless `approved` is False."""
    told = voice.record_story(
        recorded_by=world.coordinator,
        title=title,
        naming=Story.Naming.FIRST_NAME,
        told_by="Ruth",
        text=text or f"{title}: the words as told.",
        consent_given_by="Ruth",
        consent_given_on=given_on,
        scope=scope,
    )
    if scope == Consent.Scope.PUBLIC and approved:
        voice.approve_story(story=told, user=world.coordinator)
    return told


def finding(activity, statement, heard_on, *, themes=(), people=None, public=True):
    f = Finding.objects.create(
        activity=activity, statement=statement, heard_on=heard_on, people_count=people, is_public=public
    )
    f.themes.set(themes)
    return f


def response(organisation, action, findings, status, *, public=True, **dates):
    r = Response.objects.create(organisation=organisation, action=action, status=status, is_public=public, **dates)
    r.findings.set(findings)
    return r


@pytest.fixture
def year_data(world):
    seldom = GroupFactory(name="Gypsy and Traveller communities", category=Group.Category.SELDOM_HEARD)
    a1 = ActivityFactory(
        title="Carers' consultation",
        lead_organisation=world.council,
        type="consultation",
        level="consult",
        start_date=date(YEAR, 3, 1),
        end_date=date(YEAR, 3, 31),
        participants_actual=40,
        status=Status.CLOSED,
    )
    a2 = ActivityFactory(
        title="Private insight work",
        lead_organisation=world.healthwatch,
        type="insight",
        level="involve",
        start_date=date(YEAR - 1, 12, 15),
        end_date=date(YEAR, 1, 10),
        participants_actual=10,
        is_public=False,
        status=Status.REPORTED,
    )
    ActivityFactory(
        title="Cancelled co-production",
        lead_organisation=world.council,
        type="co_production",
        level="collaborate",
        start_date=date(YEAR, 6, 1),
        end_date=date(YEAR, 6, 1),
        participants_actual=99,
        status=Status.CANCELLED,
    )
    ActivityFactory(title="Next year's survey", start_date=date(YEAR + 1, 1, 5), end_date=date(YEAR + 1, 1, 5))
    a5 = ActivityFactory(
        title="Information drop-in",
        lead_organisation=world.council,
        type="information",
        level="inform",
        start_date=date(YEAR, 9, 1),
        end_date=date(YEAR, 9, 1),
    )
    ParticipantCount.objects.create(activity=a1, group=world.carers, count=12)
    ParticipantCount.objects.create(activity=a1, group=seldom, count=5)
    ParticipantCount.objects.create(activity=a2, group=seldom, count=3)
    ParticipantCount.objects.create(activity=a2, group=world.young_people, count=7)

    waiting, transport = Theme.objects.create(name="Waiting times"), Theme.objects.create(name="Transport")
    f1 = finding(a1, "Carers want one named contact.", date(YEAR, 3, 20), themes=[waiting, transport], people=30)
    f2 = finding(a2, "A private finding about waiting.", date(YEAR, 1, 5), themes=[waiting], public=False)
    finding(a1, "An old finding from 2023.", date(YEAR - 1, 6, 1), themes=[transport])

    response(world.council, "We named a contact for every carer.", [f1], "done", completed_on=date(YEAR, 7, 1))
    response(world.council, "We are training reception staff.", [f1], "in_progress", decided_on=date(YEAR, 8, 1))
    response(world.council, "A private change.", [f1], "done", public=False, completed_on=date(YEAR, 7, 1))
    response(world.council, "A change finished in 2023.", [f1], "done", completed_on=date(YEAR - 1, 7, 1))
    response(world.healthwatch, "A change about a private finding.", [f2], "done", completed_on=date(YEAR, 2, 1))

    LoopClosure.objects.create(activity=a1, channel="email", told_on=date(YEAR, 5, 1), people_reached=25, summary="x")
    LoopClosure.objects.create(
        activity=a2, channel="email", told_on=date(YEAR + 1, 2, 1), people_reached=9, summary="y"
    )

    Evaluation.objects.create(
        activity=a1, lessons="Evening sessions reached working carers.", evaluated_on=date(YEAR, 4, 10)
    )
    for listened, easy, nxt in ((5, 5, 1), (4, 5, 1), (2, 5, 4), (3, 1, 2)):
        ParticipantFeedback.objects.create(
            activity=a1, listened_to=listened, easy_to_take_part=easy, know_what_happens_next=nxt
        )
    ParticipantFeedback.objects.update(given_on=date(YEAR, 4, 1))

    public = story(world, "Public story of 2024", text="Public words of 2024.\nSecond line.")
    story(world, "Board-only story of 2024", scope=Consent.Scope.BOARD, text="Board-only words.")
    withdrawn = story(world, "Withdrawn story of 2024", text="Withdrawn words.")
    voice.withdraw_consent(story=withdrawn, user=world.coordinator)
    story(world, "Public story of 2023", given_on=date(YEAR - 1, 5, 1))
    return {"a1": a1, "a2": a2, "a5": a5, "seldom": seldom, "public_story": public, "f1": f1}


@pytest.fixture
def account(world):
    from engaging.reports.models import LocalAccount

    return LocalAccount.objects.create(
        year=YEAR,
        introduction="Welcome to our account of 2024. Read on to see what we did.",
        what_we_learned="We learned that evenings work.",
        what_comes_next="We will ask carers first. We will report back within twelve weeks.",
    )


@pytest.fixture
def published(account):
    account.is_published = True
    account.published_at = timezone.make_aware(datetime(YEAR + 1, 3, 1))
    account.save()
    return account
