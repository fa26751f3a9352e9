"""Generated findings, responses, participant feedback, evaluations and loop closures (see generator.py).

Each function takes the Generator, which holds the random source, the anchor date and what earlier
steps made (activities, organisations, officers), and writes its rows in bulk.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import timedelta

from engaging.demo import vocabulary
from engaging.demo.bulk import Sink, Weighted, next_id
from engaging.evaluation.models import EqualityMonitoring, Evaluation, FeedbackLink, ParticipantFeedback
from engaging.insight.models import Finding, FindingUse
from engaging.loop.models import LoopClosure, Response
from engaging.register.models import Status

FEEDBACK_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# Multiplying ids by a number with no factor in common with 31**7 spreads them over every 7-letter
# code without two ids ever sharing one.
FEEDBACK_CODE_STEP = 1_000_003


def feedback_code(pk: int) -> str:
    number = (pk * FEEDBACK_CODE_STEP) % len(FEEDBACK_CODE_ALPHABET) ** 7
    letters = []
    for _ in range(7):
        number, digit = divmod(number, len(FEEDBACK_CODE_ALPHABET))
        letters.append(FEEDBACK_CODE_ALPHABET[digit])
    return "".join(letters)


def build_findings(g) -> None:
    rng = g.rng
    finished = [a for a in g.activities if a[1] not in {Status.PLANNED, Status.CANCELLED}]
    weights = Weighted(finished, [1 + (a[0] * 7919 % 7) for a in finished])  # some activities hear far more
    sink = Sink(Finding, [
        "id", "activity_id", "statement", "kind", "people_count", "representativeness", "heard_on", "review_by",
        "is_public", "superseded_by_id", "created_by_id", "created_at", "updated_at", "archived_at",
    ])  # fmt: skip
    through = {
        "themes": Sink(Finding.themes.through, ["finding_id", "theme_id"]),
        "groups": Sink(Finding.groups.through, ["finding_id", "group_id"]),
        "areas": Sink(Finding.areas.through, ["finding_id", "area_id"]),
        "priorities": Sink(Finding.priorities.through, ["finding_id", "priority_id"]),
    }
    representativeness = Weighted(Finding.Representativeness.values, [2, 5, 3, 1, 1])
    first = next_id(Finding)
    last = first + g.scale.findings - 1
    g.findings_by_activity = defaultdict(list)
    themes, add_theme = g.themes, through["themes"].add
    add_group, add_area, add_priority = through["groups"].add, through["areas"].add, through["priorities"].add
    # Recorded in the order they were heard, as a hub's library grows (see build_activities).
    heard_from = sorted((weights.one(rng) for _ in range(g.scale.findings)), key=lambda a: a[2])
    for n in range(g.scale.findings):
        pk = first + n
        activity_id, _status, end, _closed, group_ids, area_ids, priority_ids, lead_id, *_ = heard_from[n]
        heard = end + timedelta(days=rng.randint(0, 20))
        # One in a hundred has been replaced by a later finding (always a later one, so never in a loop).
        superseded_by = min(last, pk + rng.randint(1, 500)) if rng.random() < 0.01 and pk < last else None
        created = g.midnight(heard)
        sink.add((
            pk, activity_id, vocabulary.finding(rng), "quote" if rng.random() < 0.5 else "summary",
            rng.randint(1, 60), representativeness.one(rng), heard, heard + timedelta(days=730),
            rng.random() < 0.9, superseded_by, g.officer_of.get(lead_id), created, created, None,
        ))  # fmt: skip
        for theme_id in themes.some(rng, rng.randint(1, 3)):
            add_theme((pk, theme_id))
        for group_id in group_ids[: rng.randint(1, len(group_ids))]:
            add_group((pk, group_id))
        for area_id in area_ids:
            add_area((pk, area_id))
        add_priority((pk, priority_ids[0]))
        g.findings_by_activity[activity_id].append(pk)
    sink.flush()
    for s in through.values():
        s.flush()
    g.log(f"  findings: {sink.count:,}")
    _build_finding_uses(g)


def _build_finding_uses(g) -> None:
    """Officers planning a new activity marked earlier findings from their borough as used."""
    rng = g.rng
    sink = Sink(FindingUse, ["finding_id", "activity_id", "used_by_id", "used_at"])
    heard_before: dict[int, list[int]] = defaultdict(list)  # by borough: activities with findings, in order
    for activity in sorted(g.activities, key=lambda a: (a[8], a[0])):
        pk, borough = activity[0], activity[9]
        earlier = heard_before[borough]
        if earlier and activity[1] != Status.CANCELLED and rng.random() < 0.1:
            source = earlier[rng.randrange(max(0, len(earlier) - 50), len(earlier))]
            findings = g.findings_by_activity[source]
            for finding_id in rng.sample(findings, k=min(len(findings), rng.randint(1, 3))):
                sink.add((finding_id, pk, g.officer_of.get(activity[7]), g.midnight(activity[8] - timedelta(days=20))))
        if g.findings_by_activity.get(pk):
            earlier.append(pk)
    sink.flush()
    g.log(f"  findings used again: {sink.count:,}")


def build_responses(g) -> None:
    rng = g.rng
    activity_of = {a[0]: a for a in g.activities}
    heard = [(activity_id, ids) for activity_id, ids in g.findings_by_activity.items()]
    if not heard:
        return
    sink = Sink(Response, [
        "id", "action", "organisation_id", "decision_reference", "status", "reason", "decided_on", "due_on",
        "completed_on", "outcome", "is_public", "created_by_id", "created_at", "updated_at", "archived_at",
    ])  # fmt: skip
    links = Sink(Response.findings.through, ["response_id", "finding_id"])
    recent = Weighted(Response.Status.values, [3, 3, 3, 2, 1])
    older = Weighted(Response.Status.values, [0.5, 1, 1.5, 6, 1])  # most old responses are done by now
    first = next_id(Response)
    for n in range(g.scale.responses):
        pk = first + n
        activity_id, finding_ids = heard[rng.randrange(len(heard))]
        activity = activity_of[activity_id]
        decided = min(g.anchor, activity[2] + timedelta(days=rng.randint(20, 240)))
        status = (older if (g.anchor - decided).days > 365 else recent).one(rng)
        completed = min(g.anchor, decided + timedelta(days=rng.randint(14, 200))) if status == "done" else None
        updated = g.midnight(completed or decided)
        sink.add((
            pk, vocabulary.response(rng), activity[7], f"Board meeting {decided:%B %Y}", status,
            "The budget for this has been cut." if status == "not_possible" else "", decided,
            decided + timedelta(days=90), completed,
            "People now wait less." if completed and rng.random() < 0.5 else "", rng.random() < 0.9,
            g.officer_of.get(activity[7]), updated, updated, None,
        ))  # fmt: skip
        for finding_id in rng.sample(finding_ids, k=min(len(finding_ids), rng.randint(1, 3))):
            links.add((pk, finding_id))
    sink.flush()
    links.flush()
    g.log(f"  responses: {sink.count:,}")


def build_feedback(g) -> None:
    """Participants' ratings through each finished activity's feedback link, and optional equality answers."""
    rng = g.rng
    finished = [a for a in g.activities if a[3] is not None]
    if not finished:
        return
    sink = Sink(ParticipantFeedback, [
        "id", "activity_id", "listened_to", "easy_to_take_part", "know_what_happens_next", "comment", "given_on",
    ])  # fmt: skip
    equality = Sink(EqualityMonitoring, ["id", "activity_id", *EqualityMonitoring.QUESTIONS])
    answers = [
        (name, [value for value, _ in choices.choices] + [""]) for name, choices in EqualityMonitoring.ANSWERS.items()
    ]
    first = next_id(ParticipantFeedback)
    mood = g.mood = {a[0]: rng.uniform(2.4, 4.6) for a in finished}  # how well each activity went
    gauss, comments, choice = rng.gauss, vocabulary.FEEDBACK_COMMENTS, rng.choice
    anchor = g.anchor

    def rating(centre: float) -> int:
        return min(5, max(1, round(gauss(centre, 0.9))))

    rated: set[int] = set()
    for n in range(g.scale.feedback):
        activity = finished[rng.randrange(len(finished))]
        activity_id = activity[0]
        centre = mood[activity_id]
        given = min(anchor, activity[2] + timedelta(days=int(rng.random() * 15)))
        comment = choice(comments) if rng.random() < 0.08 else ""
        sink.add((first + n, activity_id, rating(centre), rating(centre), rating(centre), comment, given))
        rated.add(activity_id)
        if rng.random() < 0.15:
            equality.add((uuid.UUID(int=rng.getrandbits(128), version=4).hex, activity_id,
                          *(choice(values) for _name, values in answers)))  # fmt: skip
    sink.flush()
    equality.flush()
    links = Sink(FeedbackLink, ["id", "activity_id", "code", "is_open", "created_at"])
    first_link = next_id(FeedbackLink)
    for n, activity_id in enumerate(sorted(rated)):
        pk = first_link + n
        links.add((pk, activity_id, feedback_code(pk), rng.random() < 0.2, g.now))
    links.flush()
    g.log(f"  participant feedback: {sink.count:,}; equality answers: {equality.count:,}; links: {links.count:,}")


def build_evaluations_and_closures(g) -> None:
    rng = g.rng
    closures = Sink(LoopClosure, [
        "id", "activity_id", "channel", "told_on", "people_reached", "summary", "created_by_id", "created_at",
        "updated_at",
    ])  # fmt: skip
    evaluations = Sink(Evaluation, [
        "id", "activity_id", "lessons", "what_worked", "what_did_not", "reach_notes", "participants_involved",
        "how_participants_involved", "evaluated_on", "evaluated_by_id", "created_at", "updated_at",
    ])  # fmt: skip
    channels = Weighted(LoopClosure.Channel.values, [6, 2, 4, 2, 3, 2, 1, 0.5])
    closure_id, evaluation_id = next_id(LoopClosure), next_id(Evaluation)
    g.evaluated_ids = set()
    for activity_id, status, _end, closed_on, *_rest in g.activities:
        if closed_on is None:
            continue
        lead_id = _rest[3]
        fed_back = status in {Status.FED_BACK, Status.EVALUATED}
        if fed_back or rng.random() < 0.3:
            told = closed_on + timedelta(days=rng.randint(5, 140))
            if told <= g.anchor:
                when = g.midnight(told)
                summary = rng.choice(vocabulary.CLOSURE_SUMMARIES)
                closures.add((closure_id, activity_id, channels.one(rng), told, rng.randint(5, 300), summary,
                              g.officer_of.get(lead_id), when, when))  # fmt: skip
                closure_id += 1
        if status == Status.EVALUATED:
            involved = rng.random() < 0.4
            evaluated = min(g.anchor, closed_on + timedelta(days=rng.randint(30, 150)))
            when = g.midnight(evaluated)
            evaluations.add((
                evaluation_id, activity_id, rng.choice(vocabulary.LESSONS), rng.choice(vocabulary.WHAT_WORKED),
                rng.choice(vocabulary.WHAT_DID_NOT), "", involved,
                "Two participants joined the review meeting." if involved else "", evaluated,
                g.officer_of.get(lead_id), when, when,
            ))  # fmt: skip
            evaluation_id += 1
            g.evaluated_ids.add(activity_id)
    closures.flush()
    evaluations.flush()
    g.log(f"  loop closures: {closures.count:,}; evaluations: {evaluations.count:,}")
