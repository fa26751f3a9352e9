"""'Your work': each person's to-do list, most urgent first, with a way to plan an activity."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engaging.assurance.todo import ACTION, EVALUATION, FEEDBACK, JOINUP, STORY, todo_for
from engaging.board.models import AgendaItem, Board, Meeting, Screening, ScreeningAction
from engaging.evaluation.models import Evaluation
from engaging.loop.models import LoopClosure
from engaging.register.models import JoinUp, Status
from engaging.voice.models import Consent, Story
from tests.factories import ActivityFactory, OrganisationFactory
from tests.voice.conftest import make_story

TODAY = date.today()


def finished(world, org, title, *, closed_days_ago):
    closed = TODAY - timedelta(days=closed_days_ago)
    start = closed - timedelta(days=5)
    return ActivityFactory(
        title=title, lead_organisation=org, status=Status.CLOSED, start_date=start, end_date=closed, closed_on=closed
    )


@pytest.fixture
def item(world):
    board = Board.objects.create(name="Dudley Health and Wellbeing Board", area=world.borough)
    meeting = Meeting.objects.create(board=board, starts_at=timezone.now() + timedelta(days=20), venue="Council House")
    return AgendaItem.objects.create(meeting=meeting, title="Urgent care review", lead_organisation=world.council,
                                     decision_sought="Agree the options.", order=1)  # fmt: skip


def action(item, description, due_on, **owner):
    screening, _ = Screening.objects.get_or_create(agenda_item=item, defaults={
        "changes_services": "yes", "influence": "some", "time_available": "4_to_12",
        "community_interest": "medium", "partner_capability": "medium"})  # fmt: skip
    return ScreeningAction.objects.create(screening=screening, description=description, due_on=due_on, **owner)


def kinds(todo) -> dict[str, int]:
    return {c.kind: c.count for c in todo.counts}


def test_an_officer_sees_feedback_evaluations_proposals_and_actions_of_their_own_organisation(
    world, item, council_activity, healthwatch_activity
):
    overdue = finished(world, world.council, "Long closed", closed_days_ago=200)
    due = finished(world, world.council, "Just closed", closed_days_ago=5)
    told = finished(world, world.council, "Told and evaluated", closed_days_ago=20)
    LoopClosure.objects.create(activity=told, channel="email", told_on=TODAY, summary="We told them.")
    Evaluation.objects.create(activity=told, lessons="Lots", evaluated_on=TODAY)
    finished(world, world.healthwatch, "Healthwatch's own", closed_days_ago=200)
    JoinUp.objects.create(from_activity=healthwatch_activity, to_activity=council_activity)
    action(item, "Ask carers first", TODAY - timedelta(days=2), owner_organisation=world.council)
    action(item, "Mine personally", TODAY + timedelta(days=9), owner=world.officer_council)
    action(item, "Healthwatch's action", TODAY, owner_organisation=world.healthwatch)

    todo = todo_for(world.officer_council)
    assert kinds(todo) == {FEEDBACK: 2, EVALUATION: 2, JOINUP: 1, ACTION: 2}
    titles = [t.title for t in todo.tasks]
    assert "Healthwatch's own" not in titles and "Healthwatch's action" not in titles
    assert "Told and evaluated" not in titles
    # Most urgent first: what is overdue, by due date, then what has no date.
    dated = [t for t in todo.tasks if t.due]
    assert [t.due for t in dated] == sorted(t.due for t in dated)
    assert todo.tasks[0].title == "Long closed" and todo.tasks[0].overdue
    assert todo.tasks[-1].kind == EVALUATION and todo.tasks[-1].due is None
    links = {t.title: t.url for t in todo.tasks if t.kind == FEEDBACK}
    assert links == {"Long closed": f"/feedback-loop/activities/{overdue.pk}/told/new/",
                     "Just closed": f"/feedback-loop/activities/{due.pk}/told/new/"}  # fmt: skip


def test_healthwatch_sees_its_own_and_not_the_councils(world, item, council_activity, healthwatch_activity):
    JoinUp.objects.create(from_activity=council_activity, to_activity=healthwatch_activity)
    finished(world, world.council, "Council's", closed_days_ago=200)
    todo = todo_for(world.officer_healthwatch)
    assert kinds(todo) == {JOINUP: 1}
    [task] = todo.tasks
    assert task.url == f"/joining-up/proposals/{JoinUp.objects.get().pk}/" and "Dudley Council" in task.todo


def test_a_coordinator_answers_proposals_to_organisations_where_nobody_uses_the_hub(world, healthwatch_activity):
    nobody = ActivityFactory(lead_organisation=OrganisationFactory(name="West Midlands Police"))
    JoinUp.objects.create(from_activity=healthwatch_activity, to_activity=nobody)
    council = ActivityFactory(lead_organisation=world.council)
    JoinUp.objects.create(from_activity=healthwatch_activity, to_activity=council)
    assert [t.title for t in todo_for(world.coordinator).tasks] == [nobody.title]
    assert [t.title for t in todo_for(world.officer_council).tasks] == [council.title]


def test_a_board_member_sees_the_actions_they_own(world, item):
    action(item, "Board member's", TODAY, owner=world.board_member)
    todo = todo_for(world.board_member)
    assert kinds(todo) == {ACTION: 1}
    assert todo.tasks[0].url == f"/board/items/{item.pk}/#actions"


def test_the_page_has_the_plan_button_and_lists_what_needs_doing(client, world, item):
    finished(world, world.council, "Long closed", closed_days_ago=200)
    client.force_login(world.officer_council)
    page = client.get("/register/your-work/").content.decode()
    assert 'href="/register/new/"' in page and "Plan an activity" in page
    assert "1 activity needs feedback to participants" in page
    assert "1 finished activity is not evaluated" in page
    assert "Overdue" in page and "Record how participants were told what happened" in page


def test_with_nothing_to_do_the_page_says_so_in_plain_words(client, world):
    client.force_login(world.officer_healthwatch)
    page = client.get("/register/your-work/").content.decode()
    assert "Nothing needs doing right now." in page and "Plan an activity" in page


def test_a_board_member_has_no_plan_button(client, world):
    client.force_login(world.board_member)
    page = client.get("/register/your-work/").content.decode()
    assert 'href="/register/new/"' not in page


def test_the_page_reads_the_same_number_of_queries_however_much_there_is_to_do(
    client, world, item, council_activity, healthwatch_activity, settings
):
    settings.KEEP_PAGES = False  # the work of the page, not a page kept from the last request
    client.force_login(world.officer_council)
    finished(world, world.council, "First", closed_days_ago=100)
    action(item, "First action", TODAY, owner=world.officer_council)
    JoinUp.objects.create(from_activity=healthwatch_activity, to_activity=council_activity)
    client.get("/register/your-work/")
    with CaptureQueriesContext(connection) as few:
        client.get("/register/your-work/")
    for n in range(30):
        finished(world, world.council, f"More {n}", closed_days_ago=n + 1)
        action(item, f"Action {n}", TODAY + timedelta(days=n), owner_organisation=world.council)
        other = ActivityFactory(lead_organisation=world.healthwatch)
        JoinUp.objects.create(from_activity=other, to_activity=council_activity)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/register/your-work/").content.decode()
    assert len(many) == len(few)
    assert "The 20 most urgent of 124 are listed." in page


def waiting_story(world, title="Signing at the GP") -> Story:
    return make_story(world.officer_council, title=title, scope=Consent.Scope.PUBLIC)


def test_a_coordinator_is_asked_to_approve_the_stories_waiting_and_nobody_else_is(world):
    newer = waiting_story(world, "A new story")
    older = waiting_story(world, "Signing at the GP")
    Story.objects.filter(pk=older.pk).update(approval_asked_at=timezone.now() - timedelta(days=3))
    make_story(world.officer_council, title="Board only", scope=Consent.Scope.BOARD)  # never waits
    todo = todo_for(world.coordinator)
    assert kinds(todo) == {STORY: 2}
    assert [t.title for t in todo.tasks] == [older.title, newer.title]  # longest waiting first
    task = todo.tasks[0]
    assert (task.url, task.title_url) == (f"/stories/{older.pk}/decide/", f"/stories/{older.pk}/")
    assert task.due is None and task.since == TODAY - timedelta(days=3)
    assert todo.counts[0].url == "/stories/waiting/"
    for person in (world.officer_council, world.board_member):
        assert STORY not in kinds(todo_for(person))


def test_your_work_links_a_coordinator_to_the_stories_waiting(client, world):
    story = waiting_story(world)
    client.force_login(world.coordinator)
    page = client.get("/register/your-work/").content.decode()
    assert '<a class="govuk-link" href="/stories/waiting/">1 story is waiting for your approval</a>' in page
    assert f'href="/stories/{story.pk}/decide/">Approve the story or send it back' in page
    assert f"waiting since {TODAY:%-d %b %Y}" in page
    Story.objects.filter(pk=story.pk).update(approval=Story.Approval.APPROVED)
    page = client.get("/register/your-work/").content.decode()
    assert "/stories/waiting/" not in page and "No story is waiting for your approval." in page


def test_a_coordinators_page_reads_the_same_number_of_queries_however_many_stories_wait(client, world, settings):
    settings.KEEP_PAGES = False  # the work of the page, not a page kept from the last request
    client.force_login(world.coordinator)
    waiting_story(world)
    client.get("/register/your-work/")
    with CaptureQueriesContext(connection) as few:
        client.get("/register/your-work/")
    for n in range(25):
        waiting_story(world, f"Story {n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/register/your-work/").content.decode()
    assert len(many) == len(few)
    assert "26 stories are waiting for your approval" in page and "The 20 most urgent of 26 are listed." in page


def test_each_kind_of_task_is_read_in_one_query_with_its_count(world, item, healthwatch_activity):
    """A kind's most urgent tasks come with the count of them all, so five kinds are five queries."""
    finished(world, world.board_org, "Ours, untold", closed_days_ago=30)
    nobody = ActivityFactory(lead_organisation=OrganisationFactory(name="West Midlands Police"))
    JoinUp.objects.create(from_activity=healthwatch_activity, to_activity=nobody)
    action(item, "Ours to do", TODAY, owner=world.coordinator)
    waiting_story(world)
    todo_for(world.coordinator)  # what is read once per person (roles and permissions) is read
    with CaptureQueriesContext(connection) as read:
        todo = todo_for(world.coordinator)
    assert set(kinds(todo)) == {FEEDBACK, EVALUATION, JOINUP, ACTION, STORY}
    assert len(read) == 5
