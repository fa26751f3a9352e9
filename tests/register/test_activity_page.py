"""An activity's page reads what it shows in a fixed number of queries, however much there is to show."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.insight.models import FindingUse
from engaging.register.models import JoinUp, ParticipantCount
from tests.factories import ActivityFactory, GroupFactory, MethodFactory, OrganisationFactory
from tests.insight.factories import FindingFactory, ThemeFactory
from tests.loop.factories import LoopClosureFactory, ResponseFactory


def add_to_show(world, activity, n: int) -> None:
    """`n` more of everything the page lists: overlaps, join-ups, findings, responses, uses, links and counts."""
    for _ in range(n):
        other = ActivityFactory(
            lead_organisation=world.council,
            groups=[world.young_people],
            areas=[world.ward],
            title="Young people's wellbeing drop-in",
            purpose="Wellbeing of young people in the borough.",
        )
        JoinUp.objects.create(from_activity=activity, to_activity=other, proposed_by=world.officer_healthwatch)
        own = FindingFactory(activity=activity, themes=[ThemeFactory(), ThemeFactory()])
        ResponseFactory(findings=[own], organisation=world.council)
        relevant = FindingFactory(
            activity=other,
            statement="Young people said wellbeing support is hard to find.",
            groups=[world.young_people],
            priorities=[world.priority],
        )
        FindingUse.objects.create(finding=relevant, activity=activity, used_by=world.officer_healthwatch)
        LoopClosureFactory(activity=activity)
        ParticipantCount.objects.create(activity=activity, group=GroupFactory(), count=3)
        activity.methods.add(MethodFactory())
        activity.partner_organisations.add(OrganisationFactory())


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_makes_the_same_number_of_queries_however_much_it_shows(client, world):
    activity = ActivityFactory(
        lead_organisation=world.healthwatch,
        groups=[world.young_people],
        areas=[world.ward],
        priorities=[world.priority],
        title="Wellbeing survey",
        purpose="Wellbeing of young people.",
    )
    url = f"/register/{activity.pk}/"
    client.force_login(world.officer_healthwatch)
    add_to_show(world, activity, 1)
    client.get(url)  # anything kept once per process is kept now
    few = queries_for(client, url)
    add_to_show(world, activity, 6)
    page = client.get(url).content.decode()
    assert page.count("Young people&#x27;s wellbeing drop-in") >= 7 * 2  # each overlap, and each join-up
    assert page.count("Used in planning") == 5  # the panel's five findings, all marked used
    assert queries_for(client, url) == few


def test_linked_lists_show_live_items_in_their_lists_order(client, world):
    activity = ActivityFactory(
        lead_organisation=world.healthwatch,
        groups=[world.young_people, world.carers, world.older_people],
        areas=[world.ward, world.locality],
    )
    activity.methods.set([MethodFactory(name="Survey"), world.method])
    activity.partner_organisations.set([world.council, world.board_org])
    world.older_people.archive()
    client.force_login(world.board_member)
    page = client.get(f"/register/{activity.pk}/").content.decode()
    assert "Carers, Young people</dd>" in page
    assert "Brierley Hill, Brockmoor and Pensnett</dd>" in page  # by place in the areas' tree: locality, then ward
    assert "Focus group, Survey</dd>" in page
    assert "Dudley Council, Health and Wellbeing Board Development Group</dd>" in page
    assert "Older people" not in page
