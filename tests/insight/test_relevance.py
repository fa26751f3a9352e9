"""Existing insight ranked by what a person would recognise as shared: groups, priorities and themes first,
then words; findings sharing nothing meaningful are not offered; each says why it is offered."""

import pytest

from engaging.insight.relevance import rank, relevant_findings, stem, telling_words
from tests.factories import ActivityFactory, GroupFactory, PriorityFactory
from tests.insight.factories import FindingFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SEND_REVIEW = (
    "Special educational needs: reviewing the local offer. Agree how families will be involved in reviewing it."
)


@pytest.fixture
def send(world):
    return GroupFactory(name="Children with SEND", category="other")


@pytest.fixture
def best_start(db):
    return PriorityFactory(name="Best start for children and young people")


@pytest.fixture
def heard(world, send, best_start):
    """Findings a SEND review might or might not want: one shares a group and a priority, one only words."""
    activity = ActivityFactory(title="Parent carer forum", lead_organisation=world.council)
    travellers = GroupFactory(name="Gypsy, Roma and Traveller communities", category="seldom_heard")
    return {
        "forum": FindingFactory(
            activity=activity,
            statement="Parents said the school transport booking changes every term.",
            groups=[send],
            priorities=[best_start],
        ),
        "group_only": FindingFactory(activity=activity, statement="Families want one person to call.", groups=[send]),
        "words": FindingFactory(
            activity=activity, statement="The local offer website hides special educational needs support."
        ),
        "flooding": FindingFactory(
            activity=activity,
            statement="Families said the site's roads flood every winter and the drainage needs fixing.",
            groups=[travellers],
        ),
        "unrelated": FindingFactory(activity=activity, statement="Bus fares are too high for older people."),
    }


def test_a_finding_sharing_a_group_and_priority_beats_one_sharing_only_words(world, send, best_start, heard):
    found = relevant_findings(text=SEND_REVIEW, group_ids=[send.pk], priority_ids=[best_start.pk], limit=10)
    assert found[:3] == [heard["forum"], heard["group_only"], heard["words"]]


def test_findings_sharing_nothing_meaningful_are_not_offered(world, send, best_start, heard):
    """The flooding finding shares only "families" (and "needs", too general to tell) with a SEND review."""
    found = relevant_findings(text=SEND_REVIEW, group_ids=[send.pk], priority_ids=[best_start.pk], limit=10)
    assert heard["flooding"] not in found and heard["unrelated"] not in found
    assert relevant_findings(text=SEND_REVIEW, limit=10) == [heard["words"]]


def test_each_finding_says_why_it_is_offered(world, send, best_start, heard):
    why = {m.pk: m.why for m in rank(text=SEND_REVIEW, group_ids=[send.pk], priority_ids=[best_start.pk], limit=10)}
    assert why[heard["forum"].pk] == (
        "Same group: Children with SEND · same priority: Best start for children and young people"
    )
    assert why[heard["group_only"].pk] == "Same group: Children with SEND · words: “families”"
    assert why[heard["words"].pk] == "Words: “special”, “educational”, “offer”"


def test_a_theme_the_plan_names_is_shared(world):
    transport = ThemeFactory(name="Transport")
    themed = FindingFactory(statement="Getting there is the hardest part.", themes=[transport])
    [match] = rank(text="Community transport to day centres")
    assert match.pk == themed.pk and match.why == "Same theme: Transport"


def test_a_word_only_match_needs_two_words_of_a_longer_plan(world):
    one = FindingFactory(statement="Families asked for evening sessions.")
    two = FindingFactory(statement="Families asked for respite breaks.")
    found = relevant_findings(text="Respite breaks for families of disabled children")
    assert two in found and one not in found
    assert one in relevant_findings(text="Evening sessions")  # a short plan is matched by one of its words


def test_the_screening_page_offers_findings_with_their_reasons(client, world, send, best_start, heard):
    from datetime import timedelta

    from django.utils import timezone

    from engaging.board.models import AgendaItem, Board, Meeting

    board = Board.objects.create(name="Board")
    meeting = Meeting.objects.create(board=board, starts_at=timezone.now() + timedelta(days=30))
    item = AgendaItem.objects.create(
        meeting=meeting, title="Special educational needs", lead_organisation=world.council, decision_sought=SEND_REVIEW
    )
    # The item's linked engagement serves the priority, so findings filed under it are offered.
    item.activities.set([ActivityFactory(priorities=[best_start], lead_organisation=world.council)])
    client.force_login(world.board_member)
    page = client.get(f"/board/items/{item.pk}/screening/").content.decode()
    assert "Why it is offered: Same priority: Best start for children and young people" in page
    assert "roads flood" not in page and "Bus fares" not in page


def test_ranking_takes_the_same_queries_however_large_the_library(
    world, send, best_start, heard, django_assert_num_queries
):
    theme = ThemeFactory(name="Transport")
    for n in range(30):
        FindingFactory(statement=f"School transport {n}.", groups=[send], priorities=[best_start], themes=[theme])
    text = SEND_REVIEW + " School transport."
    # themes named, words, shared groups and priorities, findings sharing the theme, the findings' words,
    # then which groups, priorities and themes each shares
    with django_assert_num_queries(8):
        rank(text=text, group_ids=[send.pk], priority_ids=[best_start.pk], limit=8)


def test_words_are_compared_by_a_rough_stem_and_general_words_do_not_tell():
    assert stem("reviewing") == stem("reviews") == stem("review")
    assert stem("families") == stem("family")
    assert list(telling_words(SEND_REVIEW)) == ["special", "educational", "offer", "family"]
