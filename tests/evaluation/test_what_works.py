"""What works: methods, their ratings and reach, from evaluated activities that targeted the groups chosen."""

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from engaging.evaluation import measures
from engaging.register.models import Status
from tests.evaluation.conftest import evaluate, finished_activity, rate
from tests.factories import MethodFactory, PriorityFactory


@dataclass
class Evidence:
    focus: object
    survey: object
    drop_in: object
    activities: dict


@pytest.fixture
def evidence(world) -> Evidence:
    """A small set whose arithmetic is done by hand in the tests below."""
    focus = world.method  # "Focus group"
    survey = MethodFactory(name="Online survey")
    drop_in = MethodFactory(name="Drop-in session")
    other_priority = PriorityFactory(name="Healthy weight")
    a1 = finished_activity(
        world, title="A1", groups=[world.young_people], methods=[focus, survey], participants_target=40,
        participants_actual=30,
    )  # fmt: skip
    rate(a1, (5, 4, 3), (3, 4, 1))
    a2 = finished_activity(
        world, title="A2", groups=[world.carers], methods=[focus], participants_target=10, participants_actual=12,
        areas=[world.other_ward], priorities=[other_priority],
    )  # fmt: skip
    rate(a2, (4, 4, 4))
    a3 = finished_activity(
        world, title="A3", groups=[world.young_people], methods=[survey], participants_target=None,
        participants_actual=100,
    )  # fmt: skip
    a4 = finished_activity(world, title="A4 (another group)", groups=[world.older_people], methods=[focus])
    rate(a4, (1, 1, 1))
    a5 = finished_activity(world, title="A5 (not evaluated)", groups=[world.young_people], methods=[drop_in])
    rate(a5, (1, 1, 1))
    a6 = finished_activity(
        world, title="A6 (both groups)", groups=[world.young_people, world.carers], methods=[focus],
        participants_target=20, participants_actual=10, status=Status.EVALUATED,
    )  # fmt: skip
    rate(a6, (2, 2, 2))
    a7 = finished_activity(
        world, title="A7 (zero target)", groups=[world.carers], methods=[drop_in], participants_target=0,
        participants_actual=5,
    )  # fmt: skip
    for activity in (a1, a2, a3, a4, a6, a7):
        evaluate(activity)
    return Evidence(focus, survey, drop_in, {"a1": a1, "a2": a2, "a3": a3, "a6": a6, "a7": a7})


def by_method(rows) -> dict:
    return {row.method.name: row for row in rows}


def test_what_works_arithmetic_on_a_known_set(world, evidence):
    rows = measures.what_works([world.young_people, world.carers])
    assert [row.method.name for row in rows] == ["Focus group", "Online survey", "Drop-in session"]
    found = by_method(rows)

    focus = found["Focus group"]  # A1, A2, A6 (A4 targeted another group)
    assert focus.evaluations == 3
    assert [r.mean for r in focus.ratings] == pytest.approx([3.5, 3.5, 2.5])  # four participants
    assert [r.count for r in focus.ratings] == [4, 4, 4]
    assert focus.reach_mean == pytest.approx((0.75 + 1.2 + 0.5) / 3)
    assert focus.reach_count == 3
    assert focus.reach_percent == 82
    assert not focus.thin

    survey = found["Online survey"]  # A1 and A3; only A1 has ratings, and a target
    assert survey.evaluations == 2
    assert [r.mean for r in survey.ratings] == pytest.approx([4.0, 4.0, 2.0])
    assert [r.count for r in survey.ratings] == [2, 2, 2]
    assert survey.reach_mean == pytest.approx(0.75)
    assert survey.reach_count == 1
    assert survey.thin

    drop_in = found["Drop-in session"]  # A7 only: A5 was never evaluated; A7's target of 0 gives no reach
    assert drop_in.evaluations == 1
    assert [r.mean for r in drop_in.ratings] == [None, None, None]
    assert [r.count for r in drop_in.ratings] == [0, 0, 0]
    assert drop_in.reach_mean is None and drop_in.reach_count == 0
    assert drop_in.thin


def test_most_evaluated_methods_come_first(world, evidence):
    rows = measures.what_works([world.young_people, world.carers])
    assert [row.evaluations for row in rows] == sorted((row.evaluations for row in rows), reverse=True)
    assert rows[0].method == evidence.focus


def test_a_single_group(world, evidence):
    found = by_method(measures.what_works([world.carers]))
    assert set(found) == {"Focus group", "Drop-in session"}
    assert found["Focus group"].evaluations == 2  # A2 and A6
    assert [r.mean for r in found["Focus group"].ratings] == pytest.approx([3.0, 3.0, 3.0])


def test_filtering_by_area_and_priority(world, evidence):
    in_stourbridge = by_method(measures.what_works([world.young_people, world.carers], area=world.other_locality))
    assert set(in_stourbridge) == {"Focus group"}
    assert in_stourbridge["Focus group"].evaluations == 1  # A2 only, in a ward of that locality

    for_priority = by_method(measures.what_works([world.young_people, world.carers], priority=world.priority))
    assert for_priority["Focus group"].evaluations == 2  # A1 and A6: A2 serves another priority


def test_cancelled_activities_are_not_evidence(world, evidence):
    evidence.activities["a6"].status = Status.CANCELLED
    evidence.activities["a6"].save()
    assert by_method(measures.what_works([world.young_people]))["Focus group"].evaluations == 1


@override_settings(WHAT_WORKS_MIN_EVALUATIONS=2)
def test_the_thin_evidence_threshold_is_a_setting(world, evidence):
    found = by_method(measures.what_works([world.young_people, world.carers]))
    assert not found["Online survey"].thin
    assert found["Drop-in session"].thin


def test_no_groups_match(world, evidence):
    other = PriorityFactory(name="Nothing evaluated")
    assert measures.what_works([world.young_people], priority=other) == []


def test_methods_that_worked_are_ordered_by_rating(world, evidence):
    suggestions = measures.methods_that_worked([world.young_people, world.carers])
    # Online survey (4 + 4 + 2) / 3 = 3.33 beats Focus group (3.5 + 3.5 + 2.5) / 3 = 3.17; no ratings last.
    assert [s.method.name for s in suggestions] == ["Online survey", "Focus group", "Drop-in session"]
    assert suggestions[0].overall_rating == pytest.approx(10 / 3)


def test_what_works_takes_the_same_number_of_queries_for_more_data(world, evidence, django_assert_num_queries):
    groups = [world.young_people, world.carers]
    with django_assert_num_queries(4):
        measures.what_works(groups)
    for n in range(6):
        method = MethodFactory(name=f"Method {n}")
        activity = finished_activity(world, title=f"More {n}", methods=[method, evidence.focus], participants_target=9)
        rate(activity, *[(4, 3, 2)] * (n + 1))
        evaluate(activity)
    with django_assert_num_queries(4):
        rows = measures.what_works(groups)
    assert len(rows) == 9


# The page ---------------------------------------------------------------------------------------------


def test_the_what_works_page_shows_the_table(client, world, evidence):
    client.force_login(world.board_member)
    response = client.get("/evaluation/what-works/", {"groups": [world.young_people.pk, world.carers.pk]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "5 evaluated activities targeted any of these groups" in page
    assert "Focus group" in page and "Online survey" in page
    assert "Thin evidence" in page
    assert "3.5" in page and "82%" in page


def test_the_what_works_page_before_choosing(client, world):
    client.force_login(world.officer_council)
    response = client.get("/evaluation/what-works/")
    assert response.status_code == 200
    assert b"Show what works" in response.content
    assert b"Methods used with" not in response.content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"area": ""}, "Choose at least one group"),
        ({"groups": "nonsense"}, "Choose groups from the list"),
        ({"groups": "999999"}, "Choose groups from the list"),
    ],
)
def test_the_what_works_page_explains_bad_choices(client, world, query, message):
    client.force_login(world.officer_council)
    response = client.get("/evaluation/what-works/", query)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "<title>Error: What works" in page


def test_what_works_needs_a_role(client, world):
    assert client.get("/evaluation/what-works/").status_code == 302
    response = client.post("/evaluation/what-works/")
    assert response.status_code in (302, 405)
    client.force_login(world.officer_council)
    assert client.post("/evaluation/what-works/").status_code == 405


def test_the_page_takes_the_same_number_of_queries_for_more_data(client, world, evidence, settings):
    settings.KEEP_PAGES = False  # the work of the page, not a page kept from the last request
    client.force_login(world.coordinator)
    query = {"groups": [world.young_people.pk, world.carers.pk]}
    client.get("/evaluation/what-works/", query)
    with CaptureQueriesContext(connection) as before:
        client.get("/evaluation/what-works/", query)
    for n in range(5):
        activity = finished_activity(world, title=f"More {n}", methods=[MethodFactory(name=f"Method {n}")])
        rate(activity, (4, 4, 4))
        evaluate(activity)
    with CaptureQueriesContext(connection) as after:
        client.get("/evaluation/what-works/", query)
    assert len(after) == len(before)


# The activity form's suggestions ---------------------------------------------------------------------


def test_the_new_activity_form_invites_choosing_groups(client, world, evidence):
    client.force_login(world.officer_council)
    page = client.get("/register/new/").content.decode()
    assert "Methods that worked for these groups" in page
    assert "Choose target groups to see which methods worked" in page


def test_the_edit_form_asks_for_methods_for_the_activitys_groups_once_loaded(client, world, evidence):
    """Working the evidence out is left to the panel's own request, with a link to it for those without scripts."""
    client.force_login(world.officer_council)
    activity = evidence.activities["a2"]
    page = client.get(f"/register/{activity.pk}/edit/").content.decode()
    query = "&amp;".join(f"groups={pk}" for pk in activity.groups.values_list("pk", flat=True))
    assert 'hx-trigger="load, change from:(input[name=groups]) delay:300ms"' in page
    assert f'href="/evaluation/what-works/?{query}"' in page
    assert "participants rated these methods best" not in page
    ids = [str(pk) for pk in activity.groups.values_list("pk", flat=True)]
    panel = client.get("/evaluation/what-works/methods-for-groups/", {"groups": ids}).content.decode()
    assert "participants rated these methods best" in panel
    assert "Focus group" in panel


def test_a_form_sent_back_with_errors_suggests_for_the_groups_ticked(client, world, evidence):
    client.force_login(world.officer_council)
    page = client.post("/register/new/", {"groups": [world.young_people.pk], "title": ""}).content.decode()
    assert "Enter a title" in page
    assert "participants rated these methods best" in page
    assert "Online survey" in page


def test_the_suggestions_panel_for_htmx(client, world, evidence):
    client.force_login(world.officer_council)
    response = client.get(
        "/evaluation/what-works/methods-for-groups/", {"groups": [world.carers.pk, "x", "-1", "99999999999999999999"]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert "Focus group" in page and "Online survey" not in page
    assert f"groups={world.carers.pk}" in page
    empty = client.get("/evaluation/what-works/methods-for-groups/").content.decode()
    assert "Choose target groups" in empty


def test_the_suggestions_panel_needs_a_role(client, world):
    response = client.get("/evaluation/what-works/methods-for-groups/", {"groups": [world.carers.pk]})
    assert response.status_code == 302
