"""A person's to-do list on "Your work": what is theirs to do across the register, the loop, evaluation and
the board, most urgent first.

Whose it is:
- feedback due or overdue, and evaluations missing: finished activities led by one of the person's
  organisations (an officer's, or a coordinator's own, such as the board's development group);
- join-up proposals to answer: to activities their organisation leads as an officer; a coordinator also
  answers those to organisations where nobody uses the hub (engaging/register/answering.py);
- actions owned: open screening actions owned by the person, or by one of their organisations;
- stories waiting for approval: public stories only a coordinator may approve or send back
  (engaging/voice/rules.py), to every coordinator, oldest first.

Most urgent first: anything overdue, then by due date, then what has no due date (evaluations, by the day
the activity closed). Each kind is read in one query, its most urgent few with the count of them all, however
many there are.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from engaging.accounts.access import roles_for
from engaging.accounts.models import Membership
from engaging.board.models import ScreeningAction
from engaging.evaluation.models import Evaluation
from engaging.loop import closure
from engaging.register.models import JoinUp
from engaging.voice.models import Story

SHOWN = 20  # the most urgent tasks listed; the counts are of them all

FEEDBACK, EVALUATION, JOINUP, ACTION, STORY = "feedback", "evaluation", "joinup", "action", "story"
KIND_LABELS = {
    FEEDBACK: ("activity needs feedback to participants", "activities need feedback to participants"),
    EVALUATION: ("finished activity is not evaluated", "finished activities are not evaluated"),
    JOINUP: ("join-up proposal is waiting for your answer", "join-up proposals are waiting for your answer"),
    ACTION: ("screening action is yours to do", "screening actions are yours to do"),
    STORY: ("story is waiting for your approval", "stories are waiting for your approval"),
}
# Where every task of a kind is listed together, for the counts that have such a page.
KIND_PAGES = {STORY: "voice:waiting"}

_MARK = 987654321  # stands in for a record's id while an address is worked out once for a list


def _address(name: str):
    """The address of the page `name` for any one record's id: reversed once, not once a row."""
    before, after = reverse(name, args=[_MARK]).split(str(_MARK))
    return lambda pk: f"{before}{pk}{after}"


def _most_urgent(queryset, *fields) -> tuple[int, list[tuple]]:
    """The first SHOWN rows of `queryset` as `fields`, and how many rows it has in all, in one query."""
    rows = list(queryset.annotate(_total=models.Window(models.Count("pk"))).values_list(*fields, "_total")[:SHOWN])
    return (rows[0][-1] if rows else 0), [row[:-1] for row in rows]


@dataclass(frozen=True)
class Task:
    kind: str
    title: str  # what it concerns: an activity's title, or an action's description
    title_url: str
    todo: str  # what to do, as the link's words
    url: str  # where it is done
    due: date | None
    since: date | None = None  # for what has no due date: when it became due
    today: date = field(default_factory=date.today, compare=False)

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < self.today

    def urgency(self) -> tuple:
        if self.due is not None:
            return (0, self.due, self.title)
        return (1, self.since or date.max, self.title)


@dataclass(frozen=True)
class Count:
    kind: str
    count: int

    @property
    def label(self) -> str:
        one, many = KIND_LABELS[self.kind]
        return f"{self.count} {one if self.count == 1 else many}"

    @property
    def url(self) -> str:
        return reverse(KIND_PAGES[self.kind]) if self.kind in KIND_PAGES else ""


@dataclass(frozen=True)
class TodoList:
    tasks: list[Task]  # at most SHOWN, most urgent first
    counts: list[Count]  # every kind with something to do, in the order of KIND_LABELS

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)


def todo_for(user, *, today: date | None = None) -> TodoList:
    """What `user` has to do, most urgent first (see the module's docstring for whose each task is)."""
    today = today or date.today()
    roles = roles_for(user)
    leads = roles.officer_of | (roles.organisations if roles.coordinator else frozenset())
    found: list[tuple[str, int, list[Task]]] = []
    if leads:
        found.append((FEEDBACK, *_feedback(leads, today)))
        found.append((EVALUATION, *_evaluations(leads, today)))
    if roles.officer_of or roles.coordinator:
        found.append((JOINUP, *_joinups(roles, today)))
    found.append((ACTION, *_actions(user, roles.organisations, today)))
    if user.has_perm("voice.approve_story"):
        found.append((STORY, *_stories(today)))
    tasks = sorted((t for _, _, listed in found for t in listed), key=Task.urgency)[:SHOWN]
    counts = [Count(kind, count) for kind, count, _ in found if count]
    return TodoList(tasks=tasks, counts=counts)


def _feedback(leads, today: date) -> tuple[int, list[Task]]:
    """Finished activities whose participants have not been told yet, soonest deadline first."""
    waiting = closure.not_told(closure.finished_activities().filter(lead_organisation__in=leads))
    waiting = waiting.annotate(closing_day=closure.CLOSING_DAY).order_by("closing_day", "pk")
    count, rows = _most_urgent(waiting, "pk", "title", "closing_day")
    detail, told = _address("register:detail"), _address("loop:closure_create")
    tasks = [
        Task(
            FEEDBACK,
            title,
            detail(pk),
            "Record how participants were told what happened",
            told(pk),
            due=closure.deadline(closing),
            today=today,
        )
        for pk, title, closing in rows
    ]
    return count, tasks


def _evaluations(leads, today: date) -> tuple[int, list[Task]]:
    """Finished activities with no evaluation, longest closed first."""
    evaluated = Exists(Evaluation.objects.filter(activity=OuterRef("pk")))
    missing = closure.finished_activities().filter(lead_organisation__in=leads).filter(~evaluated)
    missing = missing.annotate(closing_day=closure.CLOSING_DAY).order_by("closing_day", "pk")
    count, rows = _most_urgent(missing, "pk", "title", "closing_day")
    detail, evaluate = _address("register:detail"), _address("evaluation:evaluate")
    tasks = [
        Task(EVALUATION, title, detail(pk), "Evaluate the activity", evaluate(pk), due=None, since=closing, today=today)
        for pk, title, closing in rows
    ]
    return count, tasks


def _joinups(roles, today: date) -> tuple[int, list[Task]]:
    """Proposals waiting for this person's answer; each should be answered before the activity starts."""
    answerable = Q(to_activity__lead_organisation__in=roles.officer_of)
    if roles.coordinator:
        # Coordinators answer for organisations where nobody does.
        officers = Membership.objects.filter(
            organisation=OuterRef("to_activity__lead_organisation"), role=Membership.Role.OFFICER, user__is_active=True
        )
        answerable |= ~Exists(officers)
    waiting = JoinUp.objects.filter(
        answerable, status=JoinUp.Status.PROPOSED, to_activity__archived_at__isnull=True
    ).filter(from_activity__archived_at__isnull=True)
    shown = ("pk", "to_activity_id", "to_activity__title", "to_activity__start_date")
    waiting = waiting.order_by("to_activity__start_date", "pk")
    count, rows = _most_urgent(waiting, *shown, "from_activity__lead_organisation__name")
    detail, respond = _address("register:detail"), _address("joining:respond")
    tasks = [
        Task(
            JOINUP,
            title,
            detail(activity_id),
            f"Answer {proposer}'s proposal to join up",
            respond(pk),
            due=starts,
            today=today,
        )
        for pk, activity_id, title, starts, proposer in rows
    ]
    return count, tasks


def _actions(user, organisations, today: date) -> tuple[int, list[Task]]:
    """Open screening actions owned by the person or one of their organisations, soonest due first."""
    owned = ScreeningAction.objects.live().open().filter(Q(owner=user) | Q(owner_organisation__in=organisations))
    owned = owned.order_by("due_on", "pk")
    count, rows = _most_urgent(
        owned, "description", "due_on", "screening__agenda_item_id", "screening__agenda_item__title"
    )
    item = _address("board:item")
    tasks = [
        Task(
            ACTION,
            description,
            item(item_id) + "#actions",
            f"Follow it up on “{item_title}”",
            item(item_id) + "#actions",
            due=due_on,
            today=today,
        )
        for description, due_on, item_id, item_title in rows
    ]
    return count, tasks


def _stories(today: date) -> tuple[int, list[Task]]:
    """Public stories waiting for a coordinator to approve them or send them back, longest waiting first."""
    count, rows = _most_urgent(Story.objects.waiting_for_approval(), "pk", "title", "approval_asked_at", "created_at")
    story, decide = _address("voice:story"), _address("voice:decide")
    tasks = [
        Task(
            STORY,
            title,
            story(pk),
            "Approve the story or send it back",
            decide(pk),
            due=None,
            since=timezone.localdate(asked or created),
            today=today,
        )
        for pk, title, asked, created in rows
    ]
    return count, tasks
