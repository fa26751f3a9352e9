"""Generated boards: one per borough, its meetings, agenda items, screenings and actions (see generator.py).

Each borough's board has the borough as its area and the organisations of that borough that sit on
a board as its members, which is how the assurance dashboard and the Local Account scope their
figures. Meetings are held about every other month for ten years, with a few still to come. Most
agenda items are screened some weeks before their meeting, and the recommendation, reasons and
actions come from the screening rules themselves (engaging.board.screening), so they agree with
what the hub would work out from the same answers.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta

from engaging.board import methods as method_advice
from engaging.board import screening as engine
from engaging.board.defaults import CARE_ACT, EQUALITY, install_defaults
from engaging.board.models import AgendaItem, Board, LegalDuty, Meeting, Screening, ScreeningAction, ScreeningRule
from engaging.board.services import METHODS_RECOMMENDED, PAPERS_LEAD_DAYS, Timing, _derived_reasons, seldom_heard_first
from engaging.demo import vocabulary
from engaging.demo.bulk import Sink, Weighted, next_id, through_sink
from engaging.lists.models import Group, Method

MEETINGS_EVERY_DAYS = 61
MEETINGS_AHEAD_DAYS = 120  # meetings already in the diary
ITEMS_PER_MEETING = (3, 5)
SCREENED_DAYS_BEFORE = (21, 42)
# Duties that come up most often in screenings; the rest are drawn less often.
COMMON_DUTIES = {
    EQUALITY: 5,
    CARE_ACT: 2,
    "The best value duty to consult": 2,
    "Integrated care boards' duty to involve the public": 3,
}


def _meeting_day(day: date) -> date:
    """Boards meet on a Tuesday, Wednesday or Thursday: move to the next of those."""
    while day.weekday() not in (1, 2, 3):
        day += timedelta(days=1)
    return day


def build_boards(g) -> None:
    """The boards, their members, meetings and agenda items, with the activities each item drew on."""
    rng = g.rng
    boards = Sink(Board, ["id", "name", "area_id", "description", "created_at", "updated_at", "archived_at"])
    members = through_sink(Board, "members")
    meetings = Sink(Meeting, [
        "id", "board_id", "starts_at", "venue", "is_public", "papers_url", "notes", "created_at", "updated_at",
        "archived_at",
    ])  # fmt: skip
    items = Sink(AgendaItem, [
        "id", "meeting_id", "title", "lead_organisation_id", "decision_sought", "decision_date", "outcome", "order",
        "created_at", "updated_at", "archived_at",
    ])  # fmt: skip
    item_activities = through_sink(AgendaItem, "activities")
    board_id, meeting_id, item_id = next_id(Board), next_id(Meeting), next_id(AgendaItem)
    g.boards = []
    g.agenda_items = []
    first_day = g.anchor - timedelta(days=g.years * 365)
    last_day = g.anchor + timedelta(days=MEETINGS_AHEAD_DAYS)
    for borough in g.boroughs:
        organisations = g.organisations_in[borough["index"]]
        member_ids = [o["id"] for o in organisations if o["on_board"]] or [organisations[0]["id"]]
        name = vocabulary.board_name(borough["name"])
        boards.add((board_id, name, borough["id"],
                    vocabulary.board_description(borough["name"]), g.now, g.now, None))  # fmt: skip
        for organisation_id in member_ids:
            members.add((board_id, organisation_id))
        board = {"id": board_id, "name": name, "borough": borough, "members": member_ids, "meetings": []}
        g.boards.append(board)
        home = vocabulary.venue(rng)
        day = first_day + timedelta(days=rng.randrange(MEETINGS_EVERY_DAYS))
        while day <= last_day:
            day = _meeting_day(day)
            past = day < g.anchor
            starts = datetime.combine(day, time(14 if rng.random() < 0.7 else 10, 0), tzinfo=UTC)
            public = rng.random() < 0.9  # now and then a private development session
            meetings.add((
                meeting_id, board_id, starts, home if rng.random() < 0.7 else vocabulary.venue(rng), public,
                f"https://example.org/boards/{board_id}/papers/{day:%Y-%m-%d}" if past else "",
                "" if public else "A private development session: the papers are for members only.",
                g.midnight(day - timedelta(days=42)), g.midnight(day - timedelta(days=42)), None,
            ))  # fmt: skip
            board["meetings"].append((meeting_id, day))
            for order in range(1, rng.randint(*ITEMS_PER_MEETING) + 1):
                lead_id = rng.choice(member_ids) if rng.random() < 0.7 else rng.choice(organisations)["id"]
                title, decision, outcome, changes = vocabulary.agenda_item(rng)
                items.add((item_id, meeting_id, title, lead_id, decision, day if past else None,
                           outcome if past else "", order, starts, starts, None))  # fmt: skip
                linked = _activities_for_item(g, borough["index"], day)
                for activity in linked:
                    item_activities.add((item_id, activity[0]))
                g.agenda_items.append((item_id, day, lead_id, changes, linked))
                item_id += 1
            meeting_id += 1
            day += timedelta(days=MEETINGS_EVERY_DAYS + rng.randint(-7, 7))
        board_id += 1
    for sink in (boards, members, meetings, items, item_activities):
        sink.flush()
    g.log(f"  boards: {boards.count:,}; meetings: {meetings.count:,}; agenda items: {items.count:,}")


def _activities_for_item(g, borough_index: int, day: date) -> list[tuple]:
    """Activities of the borough from the months around the meeting: the engagement done for the item."""
    rng = g.rng
    chosen: list[tuple] = []
    for _ in range(rng.choice((0, 1, 1, 2))):
        month = g.month_index(day) + rng.randint(-6, 2)
        candidates = g.activities_by_month.get((borough_index, month))
        if candidates:
            activity = candidates[rng.randrange(len(candidates))]
            if activity not in chosen:
                chosen.append(activity)
    return chosen


class MethodAdvice:
    """The methods to suggest for a set of groups, worked out from the generated activities.

    It follows the hub's evidence (engaging.board.methods): the methods rated best in evaluated
    activities for those groups; methods only used for them, never evaluated, are not suggested.
    Counting is done per group and added up, so an activity aimed at two of the groups counts twice:
    close enough for data made up at random, and a great deal quicker than asking the database for every screening.
    """

    def __init__(self, g, methods: dict[int, Method]):
        self.methods = methods
        self.used: dict[int, Counter] = defaultdict(Counter)
        self.rated: dict[int, dict[int, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))
        evaluated = g.evaluated_ids
        for activity in g.activities:
            pk, group_ids, method_ids = activity[0], activity[4], activity[10]
            mood = g.mood.get(pk) if pk in evaluated else None
            for group_id in group_ids:
                used = self.used[group_id]
                for method_id in method_ids:
                    used[method_id] += 1
                    if mood is not None:
                        rated = self.rated[group_id][method_id]
                        rated[0] += 1
                        rated[1] += mood

    def advise(self, group_ids: list[int]) -> tuple[list[Method], str]:
        rated: dict[int, list[float]] = defaultdict(lambda: [0, 0.0])
        for group_id in group_ids:
            for method_id, (n, total) in self.rated[group_id].items():
                rated[method_id][0] += n
                rated[method_id][1] += total
        if rated:
            order = sorted(rated, key=lambda m: (-rated[m][1] / rated[m][0], -rated[m][0], self.methods[m].name))
            return [self.methods[m] for m in order[:METHODS_RECOMMENDED]], "what_works"
        used: Counter = Counter()
        for group_id in group_ids:
            used.update(self.used[group_id])
        if used:
            order = sorted(used, key=lambda m: (-used[m], self.methods[m].name))
            return [self.methods[m] for m in order[:METHODS_RECOMMENDED]], "most_used"
        return [], "none"


def build_screenings(g) -> None:
    """Screen most agenda items a few weeks before their meeting, with their actions, some done."""
    rng = g.rng
    install_defaults(LegalDuty, ScreeningRule)  # in case the database was emptied after migrating
    rules = list(ScreeningRule.objects.order_by("pk"))
    duties = list(LegalDuty.objects.order_by("name"))
    question_list = engine.questions(LegalDuty.everything.order_by("name"))
    duty_draw = Weighted(duties, [COMMON_DUTIES.get(d.name, 1) for d in duties])
    groups = {group.pk: group for group in Group.everything.all()}
    advice = MethodAdvice(g, {method.pk: method for method in Method.everything.all()})
    influence = {True: Weighted(Screening.Influence.values, [1, 4, 3, 1]),
                 False: Weighted(Screening.Influence.values, [3, 2, 2, 1])}  # fmt: skip
    times = Weighted(Screening.Time.values, [2, 5, 3])
    scale3 = Weighted(["low", "medium", "high"], [2, 5, 3])
    changes_answer = {True: Weighted(["yes", "unsure", "no"], [7, 2, 1]),
                      False: Weighted(["yes", "unsure", "no"], [1, 2, 7])}  # fmt: skip
    sink = Sink(Screening, [
        "id", "agenda_item_id", "changes_services", "who_is_affected", "influence", "time_available",
        "community_interest", "partner_capability", "recommended_type", "recommended_level", "reasons",
        *Screening.GUNNING, "screened_by_id", "screened_at", "created_at", "updated_at",
    ])  # fmt: skip
    through = {name: through_sink(Screening, name) for name in
               ("legal_duties", "affected_groups", "insight_reused", "recommended_methods")}  # fmt: skip
    actions = Sink(ScreeningAction, [
        "id", "screening_id", "description", "owner_id", "owner_organisation_id", "due_on", "done_on", "rule_id",
        "created_at", "updated_at",
    ])  # fmt: skip
    outcomes: dict[tuple, engine.Outcome] = {}
    screening_id, action_id = next_id(Screening), next_id(ScreeningAction)
    for item_id, day, lead_id, changes, linked in g.agenda_items:
        screened_on = day - timedelta(days=rng.randint(*SCREENED_DAYS_BEFORE))
        if screened_on > g.anchor or rng.random() > (0.85 if day < g.anchor else 0.5):
            continue
        answer = changes_answer[changes].one(rng)
        item_duties = duty_draw.some(rng, rng.randint(*{"yes": (1, 3), "unsure": (0, 2), "no": (0, 1)}[answer]))
        group_ids = list(dict.fromkeys(gid for activity in linked for gid in activity[4]))[:4]
        group_ids = group_ids or g.groups.some(rng, rng.randint(1, 4))
        affected = seldom_heard_first([groups[gid] for gid in group_ids])
        findings = _insight_for(g, linked, screened_on) if rng.random() < 0.4 else []
        answers = {
            "changes_services": answer, "legal_duties": item_duties, "affected_groups": affected,
            "insight_reused": findings, "influence": influence[changes].one(rng), "time_available": times.one(rng),
            "community_interest": scale3.one(rng), "partner_capability": scale3.one(rng),
        }  # fmt: skip
        as_rules_see_them = engine.answers_for(**answers)
        key = tuple(sorted((question, tuple(sorted(values))) for question, values in as_rules_see_them.items()))
        outcome = outcomes.get(key)
        if outcome is None:
            outcome = outcomes[key] = engine.recommend(as_rules_see_them, rules, question_list=question_list)
        methods, source = advice.advise([group.pk for group in affected])
        suggested = [
            method_advice.Suggestion(method=m, why="Worked with these groups in evaluated activities.") for m in methods
        ]
        if source != "what_works":
            methods, suggested = [], []
        reasons = outcome.reasons + _derived_reasons(
            groups=affected, advice=method_advice.MethodAdvice(suggested=suggested), findings=findings
        )
        gunning = (False,) * 4
        if outcome.consultation:
            ticked = rng.choice((4, 4, 4, 3, 2, 0))
            gunning = tuple(n < ticked for n in range(4))
        screened_at = datetime.combine(screened_on, time(10, 30), tzinfo=UTC)
        sink.add((
            screening_id, item_id, answer, vocabulary.who_is_affected(rng), answers["influence"],
            answers["time_available"], answers["community_interest"], answers["partner_capability"], outcome.type,
            outcome.level, json.dumps(reasons), *gunning, g.officer_of.get(lead_id), screened_at, screened_at,
            screened_at,
        ))  # fmt: skip
        for duty in item_duties:
            through["legal_duties"].add((screening_id, duty.pk))
        for group in affected:
            through["affected_groups"].add((screening_id, group.pk))
        for finding_id in findings:
            through["insight_reused"].add((screening_id, finding_id))
        for method in methods:
            through["recommended_methods"].add((screening_id, method.pk))
        for planned in outcome.actions:
            due = Timing(decision_on=day, from_meeting=True, work_done_by=day - timedelta(days=PAPERS_LEAD_DAYS),
                         today=screened_on).due_on(planned.due_in_days)  # fmt: skip
            done = None
            overdue_for = (g.anchor - due).days
            if rng.random() < (0.92 if overdue_for > 60 else 0.5 if overdue_for > 0 else 0.15):
                done = min(g.anchor, screened_on + timedelta(days=rng.randint(1, planned.due_in_days + 20)))
            actions.add((action_id, screening_id, planned.description, None, lead_id, due, done, planned.rule.pk,
                         screened_at, screened_at))  # fmt: skip
            action_id += 1
        screening_id += 1
    sink.flush()
    for s in (*through.values(), actions):
        s.flush()
    g.log(f"  screenings: {sink.count:,}; actions: {actions.count:,}; answer sets: {len(outcomes):,}")


def _insight_for(g, linked: list[tuple], screened_on: date) -> list[int]:
    """A few findings heard before the screening, from the activities the item drew on."""
    heard = [a[0] for a in linked if a[2] + timedelta(days=20) < screened_on and g.findings_by_activity.get(a[0])]
    if not heard:
        return []
    findings = g.findings_by_activity[g.rng.choice(heard)]
    return g.rng.sample(findings, k=min(len(findings), g.rng.randint(1, 2)))
