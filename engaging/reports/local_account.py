"""The figures and words of a Local Account: everything the web page, the PDF, Word and Easy Read show.

What counts for a year (1 January to 31 December):
- activities: not cancelled, with dates that touch the year; led by one of the board's member
  organisations when the account is for a board that lists its members;
- who took part: the actual participant numbers of those activities, and the people counted in
  each group; seldom-heard reach is the people counted in seldom-heard groups;
- what people said: findings heard in the year (themes counted across all of them; only public
  findings are quoted), and public stories heard in the year (never a board-only story);
- what changed: public responses done, or in progress, during the year;
- what we learned: evaluations made in the year, lessons quoted only from public activities,
  and participants' ratings given in the year.
Counts of non-public activities are included; their titles and words never are.
A fixed number of queries, however much data there is; the pages read the figures as stored (`figures_for`).
"""

import pickle
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, Sum

from engaging.accounts.models import Organisation
from engaging.assurance import refreshing, stored
from engaging.board.models import Board
from engaging.evaluation.models import Evaluation, ParticipantFeedback
from engaging.insight.models import Finding, Theme
from engaging.learning.figures import TrainingFigures, training_summary
from engaging.lists.models import Group
from engaging.loop.models import LoopClosure, Response, public_findings
from engaging.register.models import FINISHED, Activity, EngagementLevel, EngagementType, ParticipantCount
from engaging.reports.charts import Bar
from engaging.surveys.board import ForTheBoard, for_the_board
from engaging.voice.models import Story

TOP_THEMES = 8
QUOTED_FINDINGS = 6
CHANGES_SHOWN = 8
LESSONS_SHOWN = 5
STORIES_SHOWN = 4
EXAMPLES_SHOWN = 6


@dataclass(frozen=True)
class Quote:
    text: str
    source: str


@dataclass(frozen=True)
class Change:
    you_said: str
    we_did: str
    organisation: str
    status: str
    outcome: str


@dataclass(frozen=True)
class StoryExcerpt:
    title: str
    teller: str
    text: str


@dataclass(frozen=True)
class Ratings:
    people: int
    listened_to: int  # per cent who agreed or strongly agreed
    easy_to_take_part: int
    know_what_happens_next: int


@dataclass
class AccountFigures:
    year: int
    board_name: str = ""
    partners: list[str] = field(default_factory=list)  # the organisations the account speaks for
    # What we did
    activity_count: int = 0
    by_type: list[Bar] = field(default_factory=list)
    by_level: list[Bar] = field(default_factory=list)
    by_organisation: list[Bar] = field(default_factory=list)
    examples: list[Quote] = field(default_factory=list)  # public activities: title, lead organisation
    # Who took part
    participants: int = 0
    activities_with_numbers: int = 0
    groups_reached: int = 0
    seldom_heard: list[Bar] = field(default_factory=list)
    seldom_heard_people: int = 0
    # What people said
    findings_count: int = 0
    top_themes: list[Bar] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    stories: list[StoryExcerpt] = field(default_factory=list)
    story_ids: list[int] = field(default_factory=list)
    # What changed
    changes_done: int = 0
    changes_in_progress: int = 0
    changes: list[Change] = field(default_factory=list)
    people_told: int = 0
    times_told: int = 0
    # What we learned
    evaluations: int = 0
    finished_activities: int = 0
    lessons: list[Quote] = field(default_factory=list)
    ratings: Ratings | None = None
    # Training and support given to people who engage (engaging/learning/figures.py)
    training: TrainingFigures | None = None
    # The survey indicators the board follows, and patient participation group coverage (engaging/surveys/board.py)
    surveys: ForTheBoard | None = None

    def training_lines(self) -> list[str]:
        """The year's training in sentences, for the printed and Word reports (the web page links them too)."""
        t = self.training
        if t is None or not t.places_attended:
            return []
        people = f"{t.people_trained:,} {'person' if t.people_trained == 1 else 'people'}"
        places = f"{t.places_attended:,} place{'s' if t.places_attended != 1 else ''} on courses"
        members = f", including {t.elected_members:,} councillor{'s' if t.elected_members != 1 else ''}"
        first = f"Our own trainers gave free training in community engagement to {people} ({places})"
        first += (members if t.elected_members else "") + "."
        if t.network_event_places:
            first += f" {t.network_event_places:,} places were taken at our network events."
        lines = [first, f"Buying the same training in would have cost about £{t.estimated_saving:,.0f}. {t.assumption}"]
        if t.feedback.get("answers"):
            lines.append(f"People who came rated how useful it was {t.feedback['useful']:.1f} out of 5.")
        return lines

    def survey_lines(self) -> list[tuple[str, str]]:
        """Each indicator the board follows as (name and survey, what it shows in words), for the printed reports."""
        if self.surveys is None:
            return []
        from engaging.surveys.words import latest

        return [
            (f"{row.indicator.name} ({row.indicator.survey.name})", f"{latest(row.value)} {row.change} {row.trend}")
            for row in self.surveys.indicators
        ]

    def group_lines(self) -> list[str]:
        """Patient participation group coverage against the 100% target, and where the gaps are."""
        groups = self.surveys.groups if self.surveys else None
        if groups is None or not groups.practices:
            return []
        covering = (
            f", covering {groups.patients_percent:.0f}% of registered patients"
            if groups.patients_percent is not None
            else ""
        )
        lines = [
            f"{groups.with_active_group:,} of {groups.practices:,} GP practices ({groups.percent:.0f}%) have a working "
            f"patient participation group{covering}. The target is 100%."
        ]
        for gap in self.surveys.gaps:
            names = ", ".join(practice.name for practice in gap.gaps)
            lines.append(f"{gap.area.name}: {gap.with_active_group} of {gap.practices}; no working group at {names}.")
        return lines

    @property
    def evaluation_rate(self) -> int | None:
        """Per cent of the year's finished activities that have been evaluated."""
        if not self.finished_activities:
            return None
        return round(100 * self.evaluations / self.finished_activities)


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def activities_in_year(year: int, organisations=None):
    """Activities that were not cancelled and whose dates touch the year, optionally led by these organisations."""
    start, end = year_bounds(year)
    activities = Activity.objects.not_cancelled().running_between(start, end)
    if organisations is not None:
        activities = activities.filter(lead_organisation__in=organisations)
    return activities


def changes_in_year(year: int, organisations=None):
    """Public responses done in the year, or in progress during it.

    Done: completed in the year (or, with no completion date, last updated in it).
    In progress: decided, or last updated, in the year.
    """
    done = Q(status=Response.Status.DONE) & (
        Q(completed_on__year=year) | Q(completed_on__isnull=True, updated_at__year=year)
    )
    in_progress = Q(status=Response.Status.IN_PROGRESS) & (Q(decided_on__year=year) | Q(updated_at__year=year))
    responses = Response.objects.public().filter(done | in_progress)
    if organisations is not None:
        responses = responses.filter(organisation__in=organisations)
    return responses


def _organisations(board):
    """The organisations an account covers: a board's members, or everyone (None) for the whole hub."""
    if board is None:
        return None
    members = list(board.members.values_list("pk", flat=True))
    return members or None


def _bars(counts: dict, choices) -> list[Bar]:
    return [Bar(str(label), counts.get(value, 0)) for value, label in choices]


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def gather(year: int, board=None) -> AccountFigures:
    """Every figure of the Local Account for `year` (and `board`, if given)."""
    organisations = _organisations(board)
    figures = AccountFigures(year=year, board_name=board.name if board else "")
    partners = (
        Organisation.objects.filter(pk__in=organisations)
        if organisations
        else Organisation.objects.filter(on_board=True)
    )
    figures.partners = list(partners.order_by("name").values_list("name", flat=True))
    activities = activities_in_year(year, organisations)

    _what_we_did(figures, activities)
    _who_took_part(figures, activities)
    _what_people_said(figures, year, organisations)
    _what_changed(figures, year, organisations)
    _what_we_learned(figures, year, activities)
    # Training is the partnership's own, so a board's account counts it all.
    figures.training = training_summary(*year_bounds(year))
    figures.surveys = for_the_board(up_to_year=year)
    return figures


# The key of a year's figures stored for a board (or for every organisation), engaging/assurance/stored.py.
STORED = "year={};board={}"


def stored_figures(key: str, today: date) -> bytes | None:
    """A stored year's figures (`STORED`), as stored; None when its board is gone."""
    year, board_id = (part.partition("=")[2] for part in key.split(";"))
    board = Board.objects.filter(pk=board_id).first() if board_id else None
    if board_id and board is None:
        return None
    return pickle.dumps(gather(int(year), board), pickle.HIGHEST_PROTOCOL)


def figures_for(year: int, board=None) -> AccountFigures:
    """`gather`, as stored when it was last worked out: after a change, worked out again by the task worker once a
    reader has asked (engaging/assurance/stored.py), so no reader waits for it but the very first."""
    found = stored.figures("local-account", STORED.format(year, board.pk if board else ""), today=date.today())
    if found is None:
        return gather(year, board)
    figures = pickle.loads(found.content)  # noqa: S301  (written by stored_figures, above, into the hub's own database)
    if not found.up_to_date:
        refreshing.queue_refresh()
        # Figures may wait for their refresh; a story whose teller has withdrawn consent, or that is no longer
        # public, may not: it goes from the page at once.
        public = set(Story.objects.public().filter(pk__in=figures.story_ids).values_list("pk", flat=True))
        kept = [(pk, story) for pk, story in zip(figures.story_ids, figures.stories, strict=True) if pk in public]
        figures.story_ids = [pk for pk, _ in kept]
        figures.stories = [story for _, story in kept]
    return figures


def _what_we_did(figures: AccountFigures, activities) -> None:
    totals = activities.aggregate(
        n=Count("pk"), people=Sum("participants_actual"), counted=Count("participants_actual")
    )
    figures.activity_count = totals["n"]
    figures.participants = totals["people"] or 0
    figures.activities_with_numbers = totals["counted"]
    by_type = dict(activities.order_by().values_list("type").annotate(n=Count("pk")))
    by_level = dict(activities.order_by().values_list("level").annotate(n=Count("pk")))
    figures.by_type = _bars(by_type, EngagementType.choices)
    figures.by_level = _bars(by_level, EngagementLevel.choices)
    by_organisation = (
        activities.order_by()
        .values_list("lead_organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_organisation__name")
    )
    figures.by_organisation = [Bar(name, n) for name, n in by_organisation]
    examples = (
        activities.filter(is_public=True)
        .select_related("lead_organisation")
        .order_by(F("participants_actual").desc(nulls_last=True), "title")
        .only("title", "lead_organisation__name", "participants_actual")[:EXAMPLES_SHOWN]
    )
    figures.examples = [Quote(a.title, a.lead_organisation.name) for a in examples]


def _who_took_part(figures: AccountFigures, activities) -> None:
    counts = (
        ParticipantCount.objects.filter(activity__in=activities.values("pk"), count__gt=0)
        .order_by()
        .values_list("group__name", "group__category")
        .annotate(people=Sum("count"))
        .order_by("-people", "group__name")
    )
    rows = list(counts)
    figures.groups_reached = len(rows)
    seldom = [Bar(name, people) for name, category, people in rows if category == Group.Category.SELDOM_HEARD]
    figures.seldom_heard = seldom
    figures.seldom_heard_people = sum(bar.value for bar in seldom)


def _what_people_said(figures: AccountFigures, year: int, organisations) -> None:
    findings = Finding.objects.in_library().filter(heard_on__year=year)
    if organisations is not None:
        findings = findings.filter(activity__lead_organisation__in=organisations)
    figures.findings_count = findings.count()
    themes = (
        Theme.objects.filter(findings__in=findings.values("pk"))
        .annotate(n=Count("findings", distinct=True))
        .order_by("-n", "name")[:TOP_THEMES]
    )
    figures.top_themes = [Bar(theme.name, theme.n) for theme in themes]
    public = public_findings().filter(heard_on__year=year)  # the same findings, those anyone may read
    if organisations is not None:
        public = public.filter(activity__lead_organisation__in=organisations)
    quoted = (
        public.select_related("activity")
        .order_by("-people_count", "-heard_on", "pk")
        .only("statement", "activity__title", "people_count")[:QUOTED_FINDINGS]
    )
    figures.quotes = [Quote(f.statement, f.activity.title) for f in quoted]
    stories = Story.objects.public().heard_in(year).order_by("-created_at")[:STORIES_SHOWN]
    figures.stories = [StoryExcerpt(s.title, s.teller, s.text) for s in stories]
    figures.story_ids = [s.pk for s in stories]


def _what_changed(figures: AccountFigures, year: int, organisations) -> None:
    responses = changes_in_year(year, organisations)
    by_status = dict(responses.order_by().values_list("status").annotate(n=Count("pk")))
    figures.changes_done = by_status.get(Response.Status.DONE, 0)
    figures.changes_in_progress = by_status.get(Response.Status.IN_PROGRESS, 0)
    shown = list(
        responses.select_related("organisation").order_by("status", "-completed_on", "-updated_at")[:CHANGES_SHOWN]
    )
    said = _most_shared_findings(shown)
    figures.changes = [_change(response, said.get(response.pk)) for response in shown]
    told = LoopClosure.objects.filter(told_on__year=year)
    if organisations is not None:
        told = told.filter(activity__lead_organisation__in=organisations)
    totals = told.aggregate(n=Count("pk"), people=Sum("people_reached"))
    figures.times_told, figures.people_told = totals["n"], totals["people"] or 0


def _most_shared_findings(responses) -> dict:
    """For each response, the public finding it answers that most people shared (the first made, on a tie).

    The links first, then the findings by id: asked that way, SQLite looks each one up instead of
    reading every finding.
    """
    links = list(
        Response.findings.through.objects.filter(response__in=[r.pk for r in responses]).values_list(
            "response_id", "finding_id"
        )
    )
    findings = public_findings().filter(pk__in={finding for _, finding in links}).order_by("-people_count", "pk")
    rank = {finding.pk: (n, finding) for n, finding in enumerate(findings.only("statement", "people_count"))}
    best: dict = {}
    for response_id, finding_id in links:
        if finding_id in rank and (response_id not in best or rank[finding_id][0] < best[response_id][0]):
            best[response_id] = rank[finding_id]
    return {response_id: finding for response_id, (_, finding) in best.items()}


def _change(response, first) -> Change:
    """A response as "you said, we did": the public finding most people shared, and the action."""
    return Change(
        you_said=first.statement if first else "",
        we_did=response.action,
        organisation=response.organisation.name,
        status=response.get_status_display(),
        outcome=response.outcome,
    )


def _what_we_learned(figures: AccountFigures, year: int, activities) -> None:
    finished = activities.filter(status__in=FINISHED)
    totals = finished.aggregate(n=Count("pk"), evaluated=Count("evaluation"))
    figures.finished_activities, figures.evaluations = totals["n"], totals["evaluated"]
    lessons = (
        Evaluation.objects.filter(evaluated_on__year=year, activity__in=activities.filter(is_public=True).values("pk"))
        .select_related("activity")
        .order_by("-evaluated_on", "pk")
        .only("lessons", "activity__title")[:LESSONS_SHOWN]
    )
    figures.lessons = [Quote(e.lessons, e.activity.title) for e in lessons]
    feedback = ParticipantFeedback.objects.filter(given_on__year=year, activity__in=activities.values("pk"))
    ratings = feedback.aggregate(
        people=Count("pk"),
        listened=Count("pk", filter=Q(listened_to__gte=4)),
        easy=Count("pk", filter=Q(easy_to_take_part__gte=4)),
        next=Count("pk", filter=Q(know_what_happens_next__gte=4)),
    )
    if ratings["people"]:
        people = ratings["people"]
        figures.ratings = Ratings(
            people=people,
            listened_to=_percent(ratings["listened"], people),
            easy_to_take_part=_percent(ratings["easy"], people),
            know_what_happens_next=_percent(ratings["next"], people),
        )
