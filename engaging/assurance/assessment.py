"""The engagement assessment for a board paper: what was done, who was reached, what people said,
what it changed and what is still open, for one agenda item, with any survey indicators its author
chose. Shown as a page and written as Word.

Everything comes from the records linked to the item: its activities (AgendaItem.activities), their
participant numbers, findings and the responses to them, how people were told, evaluations, and the
item's screening and its actions. Sentences are short and plain, so a report author can paste them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Min, Sum
from django.utils.text import slugify

from engaging.board.models import AgendaItem, Screening, ScreeningAction
from engaging.evaluation.models import Evaluation
from engaging.insight.models import Finding
from engaging.loop import closure
from engaging.loop.models import LoopClosure, Response
from engaging.register.models import FINISHED, EngagementLevel, ParticipantCount, Status
from engaging.surveys import words as survey_words
from engaging.surveys.board import ChosenIndicator, followed
from engaging.surveys.models import Indicator

# How many themes, and statements in people's words, the assessment quotes.
THEMES = 5
STATEMENTS = 3
LEVELS = list(EngagementLevel.values)
RESPONSE_ORDER = {s: i for i, s in enumerate(["done", "in_progress", "planned", "considering", "not_possible"])}
STILL_OPEN = (Response.Status.CONSIDERING, Response.Status.PLANNED, Response.Status.IN_PROGRESS)


def plural(count: int, word: str, plural: str = "") -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def day_text(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "no date"


# Where an activity stands on the day of the assessment, by its status and dates as the register records them.
TOOK_PLACE, UNDER_WAY, PLANNED, CANCELLED = "took_place", "under_way", "planned", "cancelled"
STAGE_LABELS = {
    TOOK_PLACE: "Took place",
    UNDER_WAY: "Under way",
    PLANNED: "Planned, not started yet",
    CANCELLED: "Cancelled",
}


def stage(status: str, start: date, today: date) -> str:
    """An activity took place once finished (closed or later), is under way while open and started, and is
    only planned while its status is planned or its first day is still to come; cancelled ones never ran."""
    if status == Status.CANCELLED:
        return CANCELLED
    if status in FINISHED:
        return TOOK_PLACE
    if status == Status.OPEN and start <= today:
        return UNDER_WAY
    return PLANNED


@dataclass(frozen=True)
class ActivityLine:
    pk: int
    title: str
    url: str
    lead: str
    type: str
    level: str
    level_value: str
    start: date
    end: date
    status: str
    took_part: int | None
    target: int | None
    stage: str = TOOK_PLACE

    @property
    def dates(self) -> str:
        return day_text(self.start) if self.start == self.end else f"{day_text(self.start)} to {day_text(self.end)}"

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]

    @property
    def has_happened(self) -> bool:
        """It took place or is under way, so what people said in it can count as engagement."""
        return self.stage in (TOOK_PLACE, UNDER_WAY)


@dataclass(frozen=True)
class GroupLine:
    name: str
    targeted: bool  # an activity for the item aimed at this group
    affected: bool  # the screening named it as affected
    people: int  # people from it counted as taking part, across the item's activities
    planned: bool = False  # an activity not started yet aims at it, so it may still be reached

    @property
    def reached(self) -> bool:
        return self.people > 0


@dataclass(frozen=True)
class ResponseLine:
    action: str
    status: str
    status_label: str
    organisation: str
    decision_reference: str
    outcome: str
    url: str


@dataclass(frozen=True)
class OpenAction:
    """A screening action for the item that is not done, as the board's list of actions shows it."""

    description: str
    owner: str  # the organisation and person named, or "Nobody named"
    due: date
    overdue: bool

    @property
    def sentence(self) -> str:
        when = f"was due on {day_text(self.due)} and is overdue" if self.overdue else f"is due by {day_text(self.due)}"
        return f"The screening action “{self.description}” (owner: {self.owner}) is not done: it {when}."


@dataclass
class Assessment:
    item: AgendaItem
    today: date
    activities: list[ActivityLine]
    screening: Screening | None
    groups: list[GroupLine]
    findings: int
    themes: list[tuple[str, int]]
    statements: list[str]
    responses: list[ResponseLine]
    unanswered: int  # findings with no response yet
    open_actions: list[OpenAction] = field(default_factory=list)
    open_points: list[str] = field(default_factory=list)
    indicators: list[ChosenIndicator] = field(default_factory=list)  # the survey indicators the author chose

    # --- The five sections, as short paragraphs ---------------------------------------------

    @property
    def title(self) -> str:
        return f"Engagement assessment: {self.item.title}"

    @property
    def filename(self) -> str:
        slug = slugify(self.item.title)[:80].strip("-") or str(self.item.pk)
        return f"engagement-assessment-{slug}.docx"

    @property
    def took_part(self) -> int:
        return sum(a.took_part or 0 for a in self.happened)

    @property
    def happened(self) -> list[ActivityLine]:
        return [a for a in self.activities if a.has_happened]

    @property
    def planned(self) -> list[ActivityLine]:
        return [a for a in self.activities if a.stage == PLANNED]

    @property
    def overdue_actions(self) -> list[OpenAction]:
        return [a for a in self.open_actions if a.overdue]

    def what_took_place(self) -> list[str]:
        if not self.activities:
            return ["No engagement has been linked to this item yet."]
        lines = []
        happened, planned = self.happened, self.planned
        if happened:
            first = min(a.start for a in happened)
            last = max(a.end for a in happened)
            under_way = sum(1 for a in happened if a.stage == UNDER_WAY)
            if not under_way:
                verb = "took place"
            elif len(happened) == 1:
                verb = "is under way"
            else:
                verb = f"took place or are under way ({under_way} under way)"
            lines.append(
                f"{plural(len(happened), 'engagement activity', 'engagement activities')} {verb} for this item, "
                f"from {day_text(first)} to {day_text(last)}."
            )
            recorded = [a for a in happened if a.took_part is not None]
            if recorded:
                lines.append(f"{plural(sum(a.took_part or 0 for a in recorded), 'person', 'people')} took part.")
            else:
                lines.append("The number of people who took part has not been recorded.")
        else:
            lines.append("No engagement for this item has taken place yet.")
        if planned:
            named = "; ".join(f"“{a.title}”, from {day_text(a.start)}" for a in planned)
            lines.append(
                f"{plural(len(planned), 'more activity is', 'more activities are')} planned and "
                f"{'has' if len(planned) == 1 else 'have'} not started: {named}."
            )
        cancelled = sum(1 for a in self.activities if a.stage == CANCELLED)
        if cancelled:
            lines.append(f"{plural(cancelled, 'activity was', 'activities were')} cancelled.")
        if happened:
            highest = max(happened, key=lambda a: LEVELS.index(a.level_value))
            lines.append(f"The highest level of influence offered so far was “{highest.level.lower()}”.")
        if self.screening and self.screening.recommended_level:
            recommended = self.screening.get_recommended_level_display().lower()
            kind = self.screening.get_recommended_type_display().lower() if self.screening.recommended_type else ""
            what = f"{kind} at the “{recommended}” level" if kind else f"the “{recommended}” level"
            lines.append(f"The board's screening recommended {what}.")
            if happened and LEVELS.index(highest.level_value) < LEVELS.index(self.screening.recommended_level):
                lines.append("The engagement so far has not reached the recommended level.")
        return lines

    def who_was_reached(self) -> list[str]:
        lines = []
        if self.screening is None:
            lines.append("This item has not been screened, so no groups are recorded as affected.")
        if not self.groups:
            lines.append("No target groups or participant numbers by group have been recorded.")
        return lines

    @property
    def reached(self) -> list[GroupLine]:
        return [g for g in self.groups if g.reached]

    @property
    def missed(self) -> list[GroupLine]:
        """Groups nobody was counted from, and no engagement still to come aims at."""
        return [g for g in self.groups if not g.reached and not g.planned]

    @property
    def still_to_reach(self) -> list[GroupLine]:
        """Groups nobody was counted from yet, that planned engagement aims at: not missed, not yet reached."""
        return [g for g in self.groups if not g.reached and g.planned]

    def what_people_said(self) -> list[str]:
        if not self.findings:
            return ["No findings have been recorded from this engagement yet."]
        lines = [f"{plural(self.findings, 'finding')} {'was' if self.findings == 1 else 'were'} recorded."]
        if self.themes:
            named = ", ".join(f"{name} ({n})" for name, n in self.themes)
            lines.append(f"The main themes were: {named}.")
        return lines

    def what_surveys_show(self) -> list[str]:
        """Each chosen survey indicator in a sentence: its latest value, its change and its recent trend."""
        return [
            f"{row.indicator.name} ({row.indicator.survey.name}). {survey_words.latest(row.value)} "
            f"{row.change} {row.trend}"
            for row in self.indicators
        ]

    def how_it_shaped(self) -> list[str]:
        if not self.responses:
            return ["No responses to what people said have been recorded yet."]
        counts: dict[str, int] = {}
        for response in self.responses:
            counts[response.status_label.lower()] = counts.get(response.status_label.lower(), 0) + 1
        parts = ", ".join(f"{n} {label}" for label, n in counts.items())
        return [
            f"There {'is' if len(self.responses) == 1 else 'are'} {plural(len(self.responses), 'response')}: {parts}."
        ]


def _activities(item: AgendaItem, today: date) -> list[ActivityLine]:
    rows = item.activities.filter(archived_at__isnull=True).select_related("lead_organisation").order_by("start_date")
    return [
        ActivityLine(
            pk=a.pk,
            title=a.title,
            url=a.get_absolute_url(),
            lead=a.lead_organisation.name,
            type=a.get_type_display(),
            level=a.get_level_display(),
            level_value=a.level,
            start=a.start_date,
            end=a.end_date,
            status=a.get_status_display(),
            took_part=a.participants_actual,
            target=a.participants_target,
            stage=stage(a.status, a.start_date, today),
        )
        for a in rows
    ]


def _groups(linked, planned_ids: list[int], screening: Screening | None) -> list[GroupLine]:
    """Target and affected groups, and any other group people were counted from, with how many took part.

    `linked` is a subquery of the item's activities, so these queries run alike when none is linked."""
    from engaging.register.models import Activity

    counted = {
        r["group"]: (r["group__name"], r["people"])
        for r in ParticipantCount.objects.filter(activity__in=linked)
        .order_by()
        .values("group", "group__name")
        .annotate(people=Sum("count"))
    }
    targeted: dict[int, str] = {}
    aimed_later: set[int] = set()
    for activity, group, name in Activity.groups.through.objects.filter(activity__in=linked).values_list(
        "activity", "group", "group__name"
    ):
        targeted[group] = name
        if activity in planned_ids:
            aimed_later.add(group)
    affected = dict(screening.affected_groups.values_list("pk", "name")) if screening else {}
    names = {**{pk: name for pk, (name, _) in counted.items()}, **targeted, **affected}
    lines = [
        GroupLine(
            name=name,
            targeted=pk in targeted,
            affected=pk in affected,
            people=counted.get(pk, ("", 0))[1] or 0,
            planned=pk in aimed_later,
        )
        for pk, name in names.items()
    ]
    return sorted(lines, key=lambda g: (not g.reached, g.name))


def _open_actions(item: AgendaItem, today: date) -> list[OpenAction]:
    """The item's screening actions not done yet, by the board's own rule (ScreeningAction.objects.open())."""
    actions = (
        ScreeningAction.objects.live()
        .open()
        .filter(screening__agenda_item=item)
        .select_related("owner", "owner_organisation")
        .order_by("due_on", "pk")
    )
    result = []
    for action in actions:
        names = [str(action.owner_organisation)] if action.owner_organisation else []
        if action.owner:
            names.append(action.owner.get_full_name() or action.owner.username)
        result.append(
            OpenAction(
                description=action.description,
                owner=", ".join(names) or "nobody named",
                due=action.due_on,
                overdue=action.is_overdue(today),
            )
        )
    return result


def _open_points(
    linked,
    activities: list[ActivityLine],
    responses: list[ResponseLine],
    unanswered: int,
    open_actions: list[OpenAction],
    today: date,
):
    """What still needs doing, one plain sentence each: nothing here means nothing is outstanding."""
    points = []
    if not activities:
        points.append("No engagement has been linked to this item.")
    elif not any(a.has_happened for a in activities):
        points.append("None of the engagement for this item has taken place yet.")
    for activity in activities:
        if activity.stage == PLANNED:
            points.append(f"“{activity.title}” is planned to start on {day_text(activity.start)}.")
        elif activity.stage == UNDER_WAY:
            points.append(f"“{activity.title}” is still under way, until {day_text(activity.end)}.")
    for response in responses:
        if response.status in STILL_OPEN:
            points.append(f"“{shorten(response.action)}” ({response.organisation}) is {response.status_label.lower()}.")
    if unanswered:
        points.append(f"{plural(unanswered, 'finding')} {'has' if unanswered == 1 else 'have'} no response yet.")
    from engaging.register.models import Activity

    finished_activities = Activity.objects.filter(pk__in=linked, status__in=FINISHED)
    finished = {a.pk: closure.closing_day(a) for a in finished_activities.only("pk", "closed_on", "end_date")}
    told = dict(
        LoopClosure.objects.filter(activity__in=finished_activities.values("pk"))
        .order_by()
        .values("activity")
        .annotate(first=Min("told_on"))
        .values_list("activity", "first")
    )
    evaluated = set(
        Evaluation.objects.filter(activity__in=finished_activities.values("pk")).values_list("activity_id", flat=True)
    )
    for activity in activities:
        if activity.pk not in finished:
            continue
        closed = finished[activity.pk]
        state = closure.state(closed=closed, told=[told[activity.pk]] if activity.pk in told else [], today=today)
        due = day_text(closure.deadline(closed))
        if state == closure.OVERDUE:
            points.append(
                f"People who took part in “{activity.title}” have not been told what happened. This was due by {due}."
            )
        elif state == closure.WAITING:
            points.append(
                f"People who took part in “{activity.title}” have not been told what happened yet. "
                f"This is due by {due}."
            )
        if activity.pk not in evaluated:
            points.append(f"“{activity.title}” has not been evaluated.")
    if open_actions:
        overdue = sum(1 for action in open_actions if action.overdue)
        points.append(
            f"{plural(len(open_actions), 'screening action is', 'screening actions are')} not done"
            f"{f', {overdue} of them overdue' if overdue and len(open_actions) > 1 else ''}:"
        )
    points.extend(action.sentence for action in open_actions)
    return points


def shorten(text: str, most: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def assess(item: AgendaItem, *, today: date, indicators: Iterable[Indicator] = ()) -> Assessment:
    """Gather everything the assessment says about `item`, as seen on `today`, with the survey `indicators` its
    author chose."""
    activities = _activities(item, today)
    # The linked activities named by a subquery rather than their ids, so that an item with none linked
    # makes the same queries as one with many.
    linked = item.activities.filter(archived_at__isnull=True).values("pk")
    screening = Screening.objects.filter(agenda_item=item).first()
    findings = Finding.objects.in_library().filter(activity__in=linked)
    themes = [
        (r["theme__name"], r["n"])
        for r in Finding.themes.through.objects.filter(
            finding__in=findings.values("pk"), theme__archived_at__isnull=True
        )
        .order_by()
        .values("theme__name")
        .annotate(n=Count("finding"))
        .order_by("-n", "theme__name")[:THEMES]
    ]
    statements = [
        shorten(f.statement, 400)
        for f in Finding.objects.public()
        .filter(activity__in=linked)
        .order_by(F("people_count").desc(nulls_last=True), "-heard_on", "pk")[:STATEMENTS]
    ]
    links = Response.findings.through.objects.filter(finding__in=findings.values("pk"))
    answered = links.filter(response__archived_at__isnull=True).values("finding_id")
    responses = [
        ResponseLine(
            action=r.action,
            status=r.status,
            status_label=r.get_status_display(),
            organisation=r.organisation.name,
            decision_reference=r.decision_reference,
            outcome=r.outcome,
            url=r.get_absolute_url(),
        )
        for r in Response.objects.filter(pk__in=links.values("response_id")).select_related("organisation")
    ]
    responses.sort(key=lambda r: (RESPONSE_ORDER.get(r.status, 9), r.action))
    unanswered = findings.exclude(pk__in=answered).count()
    open_actions = _open_actions(item, today)
    return Assessment(
        item=item,
        today=today,
        activities=activities,
        screening=screening,
        groups=_groups(linked, [a.pk for a in activities if a.stage == PLANNED], screening),
        findings=findings.count(),
        themes=themes,
        statements=statements,
        responses=responses,
        unanswered=unanswered,
        open_actions=open_actions,
        open_points=_open_points(linked, activities, responses, unanswered, open_actions, today),
        indicators=[followed(indicator) for indicator in indicators],
    )
