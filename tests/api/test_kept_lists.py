"""Every list in the API keeps its pages until a record it shows changes, for everyone with the caller's roles
alone: people with other roles (residents, partners of another organisation) are never given it. With nothing
kept, a list makes as many queries for many records as for one."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engaging.api.routers import learning
from engaging.board.models import AgendaItem, Board, Meeting
from engaging.evaluation.models import Evaluation
from engaging.learning.models import Course, CourseSession
from engaging.loop.models import LoopClosure
from engaging.surveys.models import Practice
from engaging.themes import frameworks
from engaging.themes.models import Comment
from engaging.voice.models import Consent, Story
from tests.factories import ActivityFactory
from tests.learning.conftest import make_course, make_session
from tests.voice.conftest import make_story

pytestmark = pytest.mark.django_db(transaction=True)


def finished(world, n: int = 0):
    today = date.today()
    return ActivityFactory(
        title=f"Carers' drop-in {n}", lead_organisation=world.council, status="fed_back",
        start_date=today - timedelta(days=60), end_date=today - timedelta(days=50), is_public=True,
    )  # fmt: skip


def board_of(world) -> Board:
    return Board.objects.first() or Board.objects.create(name="Health and Wellbeing Board", area=world.borough)


def meeting(world, n: int = 0) -> Meeting:
    starts = timezone.now() + timedelta(days=10 + n)
    return Meeting.objects.create(board=board_of(world), starts_at=starts, venue=f"Room {n}", is_public=True)


@dataclass
class Kind:
    """One list: its address, a table only working its page out reads, what field shows a change, and how to add and
    change a record."""

    path: str
    table: str
    field: str
    add: Callable  # (world, n) -> the record
    change: Callable  # (record, text) -> None
    readers: tuple = ("officer_council", "officer_healthwatch", "coordinator", "board_member")


def _update(model, name):
    return lambda record, text: model.objects.filter(pk=record.pk).update(**{name: text})


KINDS = {
    "evaluations": Kind(
        "evaluations", "evaluation_evaluation", "lessons",
        lambda world, n: Evaluation.objects.create(activity=finished(world, n), lessons="Evenings suited carers.",
                                                   evaluated_on=date.today()),
        _update(Evaluation, "lessons"),
    ),
    "loop-closures": Kind(
        "loop-closures", "loop_loopclosure", "summary",
        lambda world, n: LoopClosure.objects.create(activity=finished(world, n), channel="email",
                                                    told_on=date.today(), summary="We wrote to everyone."),
        _update(LoopClosure, "summary"), readers=(None, "officer_council", "officer_healthwatch", "coordinator"),
    ),
    "meetings": Kind(
        "meetings", "board_meeting", "venue", meeting, _update(Meeting, "venue"),
        readers=(None, "officer_council", "officer_healthwatch", "board_member"),
    ),
    "agenda-items": Kind(
        "agenda-items", "board_agendaitem", "title",
        lambda world, n: AgendaItem.objects.create(meeting=meeting(world, n), title=f"Item {n}",
                                                   lead_organisation=world.council, decision_sought="Agree it."),
        _update(AgendaItem, "title"), readers=(None, "officer_council", "officer_healthwatch", "coordinator"),
    ),
    "stories": Kind(
        "stories", "voice_story", "title",
        lambda world, n: make_story(world.officer_council, title=f"Story {n}"),
        _update(Story, "title"), readers=("officer_council", "officer_healthwatch", "board_member"),
    ),
    "comments": Kind(
        "comments", "themes_comment", "text",
        lambda world, n: Comment.objects.create(framework=frameworks.get_framework("nhs-patient-experience"),
                                                text=f"The staff were kind, visit {n}.", source="import",
                                                written_on=date.today()),
        _update(Comment, "text"),
    ),
    "courses": Kind(
        "courses", "learning_course", "title", lambda world, n: make_course(f"Course {n}"), _update(Course, "title"),
        readers=(None, "officer_council", "coordinator"),
    ),
    "course-sessions": Kind(
        "course-sessions", "learning_booking", "venue",  # the sessions themselves are read for the key too
        lambda world, n: make_session(days=10 + n, venue=f"Room {n}"), _update(CourseSession, "venue"),
        readers=(None, "officer_council", "coordinator"),
    ),
    "practices": Kind(
        "practices", "surveys_practice", "name",
        lambda world, n: Practice.objects.create(ods_code=f"M{n:05}", name=f"Practice {n}", area=world.ward),
        _update(Practice, "name"), readers=(None, "officer_council", "coordinator"),
    ),
}  # fmt: skip
NAMES = sorted(KINDS)


def listed(client, path, **params):
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(path, **params)
    assert answer.status_code == 200, answer.content
    return answer.json(), [query["sql"] for query in captured]


def reads(queries, table) -> bool:
    return any(f'"{table}"' in sql for sql in queries)


@pytest.mark.parametrize("name", NAMES)
def test_a_page_is_kept_until_a_record_it_shows_changes(world, as_, name):
    kind = KINDS[name]
    record = kind.add(world, 0)
    client = as_(kind.readers[-1])
    first, queries = listed(client, kind.path)
    assert first["count"] == 1 and reads(queries, kind.table)
    again, queries = listed(client, kind.path)
    assert again == first and not reads(queries, kind.table)
    kind.change(record, "Changed since it was kept")
    after, queries = listed(client, kind.path)
    assert reads(queries, kind.table)
    assert [item[kind.field] for item in after["items"]] == ["Changed since it was kept"]
    kind.add(world, 1)
    assert listed(client, kind.path)[0]["count"] == 2


@pytest.mark.parametrize("name", NAMES)
def test_people_with_other_roles_are_never_given_the_kept_page(world, as_, name):
    """Each reader's first request works the page out again, though the page was kept for the one before."""
    kind = KINDS[name]
    kind.add(world, 0)
    for persona in kind.readers:
        client = as_(persona)
        assert reads(listed(client, kind.path)[1], kind.table), persona
        assert not reads(listed(client, kind.path)[1], kind.table), persona


def test_partners_of_different_organisations_are_never_given_each_others_page(world, as_):
    """Officers of two organisations read the same stories, but a page kept for one is never the other's: what
    an officer may do follows from their own organisation, so each is kept apart."""
    make_story(world.officer_council, title="Told to the council")
    council, healthwatch = as_("officer_council"), as_("officer_healthwatch")
    assert reads(listed(council, "stories")[1], "voice_story")
    body, queries = listed(healthwatch, "stories")
    assert reads(queries, "voice_story") and body["count"] == 1
    assert not reads(listed(healthwatch, "stories")[1], "voice_story")
    assert not reads(listed(council, "stories")[1], "voice_story")


def test_anonymous_and_partner_pages_differ_in_records_and_fields(world, as_):
    make_story(world.officer_council, title="For the board only")
    make_story(world.coordinator, title="For everyone", scope=Consent.Scope.PUBLIC)
    Story.objects.filter(title="For everyone").update(approval=Story.Approval.APPROVED)
    partner, _ = listed(as_("board_member"), "stories")
    public, _ = listed(as_(None), "stories")
    assert {item["title"] for item in partner["items"]} == {"For the board only", "For everyone"}
    assert [item["title"] for item in public["items"]] == ["For everyone"] and "consent" not in public["items"][0]
    assert listed(as_("board_member"), "stories")[0] == partner


@pytest.mark.parametrize("params", [{"offset": "1"}, {"limit": "3", "offset": "2"}, {"offset": "50"}])
@pytest.mark.parametrize("name", ["evaluations", "comments", "stories"])
def test_pages_off_the_lists_steps_are_answered_afresh(world, as_, name, params):
    kind = KINDS[name]
    kind.add(world, 0)
    client = as_("coordinator")
    listed(client, kind.path, **params)
    assert reads(listed(client, kind.path, **params)[1], kind.table)


def test_filters_with_made_up_values_are_answered_afresh(world, as_):
    kind = KINDS["evaluations"]
    kind.add(world, 0)
    client = as_("coordinator")
    for params in ({"organisation": "999999"}, {"activity": "999999"}):
        listed(client, "evaluations", **params)
        assert reads(listed(client, "evaluations", **params)[1], kind.table)


def test_a_comments_filter_from_a_fixed_list_is_kept_apart(world, as_):
    kind = KINDS["comments"]
    kind.add(world, 0)
    client = as_("coordinator")
    assert listed(client, "comments", source="feedback")[0]["count"] == 0
    body, queries = listed(client, "comments", source="feedback")
    assert body["count"] == 0 and not reads(queries, kind.table)
    assert listed(client, "comments")[0]["count"] == 1


def test_a_session_that_starts_leaves_the_kept_list(world, as_, monkeypatch):
    make_session(days=1, venue="Soon")
    make_session(days=5, venue="Later")
    client = as_(None)
    assert [item["venue"] for item in listed(client, "course-sessions")[0]["items"]] == ["Soon", "Later"]
    # Two days on: nothing was written, yet the first session has started.
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr(learning.timezone, "now", lambda: later)
    body, queries = listed(client, "course-sessions")
    assert [item["venue"] for item in body["items"]] == ["Later"] and reads(queries, "learning_booking")


@pytest.mark.parametrize("name", NAMES)
def test_with_nothing_kept_the_queries_are_the_same_for_many_records(world, as_, name, settings):
    settings.KEEP_PAGES = False
    kind = KINDS[name]
    kind.add(world, 0)
    client = as_(kind.readers[-1])
    listed(client, kind.path)  # what is read once a process or once a token is read before counting
    one = listed(client, kind.path)[1]
    for n in range(1, 6):
        kind.add(world, n)
    body, many = listed(client, kind.path)
    assert body["count"] == 6
    assert len(many) == len(one), "\n".join(many)
