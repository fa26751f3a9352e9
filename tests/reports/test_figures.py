"""The Local Account's figures, checked against a small year worked out by hand (see conftest.py)."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from engaging.assurance import stored
from engaging.assurance.tasks import refresh_figures
from engaging.board.models import Board
from engaging.reports.charts import Bar
from engaging.reports.local_account import activities_in_year, changes_in_year, figures_for, gather
from tests.factories import ActivityFactory
from tests.reports.conftest import YEAR


@pytest.fixture
def figures(year_data):
    return gather(YEAR)


def test_what_we_did(figures):
    assert figures.activity_count == 3
    assert figures.by_type == [
        Bar("Information", 1),
        Bar("Insight", 1),
        Bar("Consultation", 1),
        Bar("Collective involvement", 0),
        Bar("Individual involvement", 0),
        Bar("Co-production", 0),
    ]
    assert [bar.value for bar in figures.by_level] == [1, 1, 1, 0, 0]
    assert figures.by_organisation == [Bar("Dudley Council", 2), Bar("Healthwatch Dudley", 1)]


def test_only_public_activities_are_named(figures):
    assert [example.text for example in figures.examples] == ["Carers' consultation", "Information drop-in"]


def test_who_took_part(figures):
    assert figures.participants == 50
    assert figures.activities_with_numbers == 2
    assert figures.groups_reached == 3
    assert figures.seldom_heard == [Bar("Gypsy and Traveller communities", 8)]
    assert figures.seldom_heard_people == 8


def test_what_people_said(figures):
    assert figures.findings_count == 2
    assert figures.top_themes == [Bar("Waiting times", 2), Bar("Transport", 1)]
    assert [quote.text for quote in figures.quotes] == ["Carers want one named contact."]


def test_only_public_consented_stories_of_the_year_are_told(figures, year_data):
    assert [s.title for s in figures.stories] == ["Public story of 2024"]
    assert figures.story_ids == [year_data["public_story"].pk]


def test_what_changed(figures):
    assert (figures.changes_done, figures.changes_in_progress) == (1, 1)
    assert [(c.we_did, c.you_said, c.status) for c in figures.changes] == [
        ("We named a contact for every carer.", "Carers want one named contact.", "Done"),
        ("We are training reception staff.", "Carers want one named contact.", "In progress"),
    ]
    assert (figures.people_told, figures.times_told) == (25, 1)


def test_what_we_learned(figures):
    assert (figures.evaluations, figures.finished_activities, figures.evaluation_rate) == (1, 2, 50)
    assert [lesson.text for lesson in figures.lessons] == ["Evening sessions reached working carers."]
    ratings = figures.ratings
    assert (ratings.people, ratings.listened_to, ratings.easy_to_take_part, ratings.know_what_happens_next) == (
        4,
        50,
        75,
        25,
    )


def test_a_board_counts_only_what_its_member_organisations_led(world, year_data):
    board = Board.objects.create(name="Healthwatch's board")
    board.members.set([world.healthwatch])
    figures = gather(YEAR, board)
    assert figures.activity_count == 1
    assert figures.participants == 10
    assert figures.board_name == "Healthwatch's board"
    assert figures.changes_done == 0  # the only public change was the council's


def test_a_board_without_members_counts_the_whole_partnership(year_data):
    assert gather(YEAR, Board.objects.create(name="Everyone")).activity_count == 3


def test_an_empty_year_has_no_figures_and_no_errors(world):
    figures = gather(1999)
    assert (figures.activity_count, figures.participants, figures.ratings, figures.evaluation_rate) == (
        0,
        0,
        None,
        None,
    )


def test_activities_in_year_include_those_that_only_touch_it(world):
    inside = ActivityFactory(start_date=date(YEAR - 1, 12, 31), end_date=date(YEAR, 1, 1))
    ActivityFactory(start_date=date(YEAR - 1, 12, 1), end_date=date(YEAR - 1, 12, 31))
    assert list(activities_in_year(YEAR)) == [inside]


def test_changes_done_without_a_date_count_in_the_year_they_were_last_updated(world, year_data):
    from engaging.loop.models import Response

    undated = Response.objects.create(organisation=world.council, action="Undated", status="done")
    undated.findings.set([year_data["f1"]])
    this_year = date.today().year
    assert undated in changes_in_year(this_year)
    assert undated not in changes_in_year(YEAR)


def _count_queries(year: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        gather(year)
    return len(captured)


def test_gathering_makes_the_same_number_of_queries_for_more_data(world, year_data):
    few = _count_queries(YEAR)
    for n in range(5):
        activity = ActivityFactory(
            title=f"More {n}", start_date=date(YEAR, 5, 1), end_date=date(YEAR, 5, 2), participants_actual=n
        )
        from tests.reports.conftest import finding, response, story

        f = finding(activity, f"More finding {n}", date(YEAR, 5, 2), people=n)
        response(world.council, f"More change {n}", [f], "done", completed_on=date(YEAR, 6, 1))
        story(world, f"More story {n}")
    assert _count_queries(YEAR) == few


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}})
def test_the_figures_are_stored_and_brought_up_to_date_after_a_change(year_data, django_capture_on_commit_callbacks):
    cache.delete(stored.QUEUED)
    assert figures_for(YEAR).activity_count == 3  # worked out by the first reader, and stored
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ActivityFactory(start_date=date(YEAR, 5, 1), end_date=date(YEAR, 5, 2))
    with CaptureQueriesContext(connection) as queries:
        assert figures_for(YEAR).activity_count == 3  # as stored, while the change waits to be counted
    assert len(queries) <= 5  # the stored row, the versions, marking it wanted, its content, which stories are public
    refresh_figures.call()
    assert figures_for(YEAR).activity_count == 4
    cache.delete(stored.QUEUED)
