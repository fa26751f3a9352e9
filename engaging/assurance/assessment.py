"""The engagement assessment for a board paper: what was done, who was reached, what people said,
what it changed and what is still open, for one agenda item. Shown as a page and written as Word.

Everything comes from the records linked to the item: its activities (AgendaItem.activities), their
participant numbers, findings and the responses to them, how people were told, evaluations, and the
item's screening and its actions. Sentences are short and plain, so a report author can paste them.
"""

import io
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Min, Sum
from django.utils.text import slugify

from engaging.assurance.figures import overdue_actions
from engaging.board.models import AgendaItem, Screening
from engaging.evaluation.models import Evaluation
from engaging.insight.models import Finding
from engaging.loop import closure
from engaging.loop.models import LoopClosure, Response
from engaging.register.models import FINISHED, EngagementLevel, ParticipantCount

# How many themes, and statements in people's words, the assessment quotes.
THEMES = 5
STATEMENTS = 3
LEVELS = list(EngagementLevel.values)
RESPONSE_ORDER = {s: i for i, s in enumerate(["done", "in_progress", "planned", "considering", "not_possible"])}
STILL_OPEN = (Response.Status.CONSIDERING, Response.Status.PLANNED, Response.Status.IN_PROGRESS)


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def _day(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "no date"


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

    @property
    def dates(self) -> str:
        return _day(self.start) if self.start == self.end else f"{_day(self.start)} to {_day(self.end)}"


@dataclass(frozen=True)
class GroupLine:
    name: str
    targeted: bool  # an activity for the item aimed at this group
    affected: bool  # the screening named it as affected
    people: int  # people from it counted as taking part, across the item's activities

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
    open_points: list[str] = field(default_factory=list)

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
        return sum(a.took_part or 0 for a in self.activities)

    def what_took_place(self) -> list[str]:
        if not self.activities:
            return ["No engagement has been linked to this item yet."]
        first = min(a.start for a in self.activities)
        last = max(a.end for a in self.activities)
        lines = [
            f"{_plural(len(self.activities), 'engagement activity', 'engagement activities')} "
            f"{'was' if len(self.activities) == 1 else 'were'} linked to this item, "
            f"from {_day(first)} to {_day(last)}."
        ]
        recorded = [a for a in self.activities if a.took_part is not None]
        if recorded:
            lines.append(f"{_plural(self.took_part, 'person', 'people')} took part.")
        else:
            lines.append("The number of people who took part has not been recorded.")
        highest = max(self.activities, key=lambda a: LEVELS.index(a.level_value))
        lines.append(f"The highest level of influence offered was “{highest.level.lower()}”.")
        if self.screening and self.screening.recommended_level:
            recommended = self.screening.get_recommended_level_display().lower()
            kind = self.screening.get_recommended_type_display().lower() if self.screening.recommended_type else ""
            what = f"{kind} at the “{recommended}” level" if kind else f"the “{recommended}” level"
            lines.append(f"The board's screening recommended {what}.")
            if LEVELS.index(highest.level_value) < LEVELS.index(self.screening.recommended_level):
                lines.append("The engagement did not reach the recommended level.")
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
        return [g for g in self.groups if not g.reached]

    def what_people_said(self) -> list[str]:
        if not self.findings:
            return ["No findings have been recorded from this engagement yet."]
        lines = [f"{_plural(self.findings, 'finding')} {'was' if self.findings == 1 else 'were'} recorded."]
        if self.themes:
            named = ", ".join(f"{name} ({n})" for name, n in self.themes)
            lines.append(f"The main themes were: {named}.")
        return lines

    def how_it_shaped(self) -> list[str]:
        if not self.responses:
            return ["No responses to what people said have been recorded yet."]
        counts: dict[str, int] = {}
        for response in self.responses:
            counts[response.status_label.lower()] = counts.get(response.status_label.lower(), 0) + 1
        parts = ", ".join(f"{n} {label}" for label, n in counts.items())
        return [
            f"There {'is' if len(self.responses) == 1 else 'are'} {_plural(len(self.responses), 'response')}: {parts}."
        ]


def _activities(item: AgendaItem) -> list[ActivityLine]:
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
        )
        for a in rows
    ]


def _groups(activity_ids: list[int], screening: Screening | None) -> list[GroupLine]:
    """Target and affected groups, and any other group people were counted from, with how many took part."""
    from engaging.register.models import Activity

    counted = {
        r["group"]: (r["group__name"], r["people"])
        for r in ParticipantCount.objects.filter(activity__in=activity_ids)
        .order_by()
        .values("group", "group__name")
        .annotate(people=Sum("count"))
    }
    targeted = dict(
        Activity.groups.through.objects.filter(activity__in=activity_ids).values_list("group", "group__name")
    )
    affected = dict(screening.affected_groups.values_list("pk", "name")) if screening else {}
    names = {**{pk: name for pk, (name, _) in counted.items()}, **targeted, **affected}
    lines = [
        GroupLine(
            name=name,
            targeted=pk in targeted,
            affected=pk in affected,
            people=counted.get(pk, ("", 0))[1] or 0,
        )
        for pk, name in names.items()
    ]
    return sorted(lines, key=lambda g: (not g.reached, g.name))


def _open_points(item, activities: list[ActivityLine], responses: list[ResponseLine], unanswered: int, today: date):
    """What still needs doing, one plain sentence each."""
    points = []
    if not activities:
        points.append("No engagement has been linked to this item.")
    for response in responses:
        if response.status in STILL_OPEN:
            points.append(f"“{_short(response.action)}” ({response.organisation}) is {response.status_label.lower()}.")
    if unanswered:
        points.append(f"{_plural(unanswered, 'finding')} {'has' if unanswered == 1 else 'have'} no response yet.")
    ids = [a.pk for a in activities]
    from engaging.register.models import Activity

    finished = {
        a.pk: closure.closing_day(a)
        for a in Activity.objects.filter(pk__in=ids, status__in=FINISHED).only("pk", "closed_on", "end_date")
    }
    told = dict(
        LoopClosure.objects.filter(activity__in=finished)
        .order_by()
        .values("activity")
        .annotate(first=Min("told_on"))
        .values_list("activity", "first")
    )
    evaluated = set(Evaluation.objects.filter(activity__in=finished).values_list("activity_id", flat=True))
    for activity in activities:
        if activity.pk not in finished:
            continue
        closed = finished[activity.pk]
        state = closure.state(closed=closed, told=[told[activity.pk]] if activity.pk in told else [], today=today)
        due = _day(closure.deadline(closed))
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
    for action in overdue_actions(today=today).filter(screening__agenda_item=item).select_related("owner_organisation"):
        owner = f" ({action.owner_organisation})" if action.owner_organisation else ""
        points.append(f"The screening action “{action.description}”{owner} was due on {_day(action.due_on)}.")
    return points


def _short(text: str, most: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def assess(item: AgendaItem, *, today: date) -> Assessment:
    """Gather everything the assessment says about `item`, as seen on `today`."""
    activities = _activities(item)
    ids = [a.pk for a in activities]
    screening = Screening.objects.filter(agenda_item=item).first()
    findings = Finding.objects.in_library().filter(activity__in=ids)
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
        _short(f.statement, 400)
        for f in Finding.objects.public()
        .filter(activity__in=ids)
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
    return Assessment(
        item=item,
        today=today,
        activities=activities,
        screening=screening,
        groups=_groups(ids, screening),
        findings=findings.count(),
        themes=themes,
        statements=statements,
        responses=responses,
        unanswered=unanswered,
        open_points=_open_points(item, activities, responses, unanswered, today),
    )


# --- Word ---------------------------------------------------------------------------------------


def _group_sentence(group: GroupLine) -> str:
    why = []
    if group.targeted:
        why.append("targeted")
    if group.affected:
        why.append("named as affected by the screening")
    reason = f" ({' and '.join(why)})" if why else ""
    if group.reached:
        return f"{group.name}: {_plural(group.people, 'person', 'people')} took part{reason}."
    return f"{group.name}: nobody was counted as taking part{reason}."


def write_docx(assessment: Assessment) -> bytes:
    """The assessment as a Word document: headings, short paragraphs and a table of the activities."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    document.core_properties.title = assessment.title
    document.core_properties.language = "en-GB"
    document.add_heading(assessment.title, level=1)
    meeting = assessment.item.meeting
    document.add_paragraph(
        f"For the meeting of {meeting.board} on {_day(meeting.starts_at.date())}. "
        f"Prepared from the Engaging Together records on {_day(assessment.today)}."
    )

    document.add_heading("What engagement took place", level=2)
    for line in assessment.what_took_place():
        document.add_paragraph(line)
    if assessment.activities:
        headings = ("Activity", "Lead", "Type", "Level", "Dates", "Took part")
        table = document.add_table(rows=1, cols=len(headings))
        table.style = "Table Grid"
        header = table.rows[0]
        # Repeat the header row on each page, and mark it as a header for screen readers.
        properties = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
        for cell, text in zip(header.cells, headings, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for a in assessment.activities:
            took_part = "Not recorded" if a.took_part is None else f"{a.took_part:,}"
            for cell, text in zip(
                table.add_row().cells, (a.title, a.lead, a.type, a.level, a.dates, took_part), strict=True
            ):
                cell.text = text

    document.add_heading("Who was reached and who was missed", level=2)
    for line in assessment.who_was_reached():
        document.add_paragraph(line)
    if assessment.reached:
        document.add_paragraph("Reached:")
        for group in assessment.reached:
            document.add_paragraph(_group_sentence(group), style="List Bullet")
    if assessment.missed:
        document.add_paragraph("Missed:")
        for group in assessment.missed:
            document.add_paragraph(_group_sentence(group), style="List Bullet")

    document.add_heading("What people said", level=2)
    for line in assessment.what_people_said():
        document.add_paragraph(line)
    if assessment.statements:
        document.add_paragraph("Some of what people told us:")
        for statement in assessment.statements:
            document.add_paragraph(f"“{statement}”", style="List Bullet")

    document.add_heading("How it shaped the proposal", level=2)
    for line in assessment.how_it_shaped():
        document.add_paragraph(line)
    for r in assessment.responses:
        text = f"{_short(r.action, 300)} ({r.organisation}): {r.status_label.lower()}."
        if r.decision_reference:
            text += f" Decision reference: {r.decision_reference}."
        if r.outcome:
            text += f" What changed: {_short(r.outcome, 300)}"
        document.add_paragraph(text, style="List Bullet")

    document.add_heading("What is still open", level=2)
    if assessment.open_points:
        for point in assessment.open_points:
            document.add_paragraph(point, style="List Bullet")
    else:
        document.add_paragraph("Nothing is outstanding.")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
