"""What an evaluation works out instead of asking: reach, groups reached, cost, influence, ratings, what works.

Each measure is a plain function of the records, so the evaluation page, the activity page, the API
and "what works" all count the same way.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Q, Sum

from engaging.evaluation.models import EqualityMonitoring, ParticipantFeedback
from engaging.lists.models import Area, Group, Method
from engaging.loop.models import Response
from engaging.register.models import Activity, ParticipantCount, Status

# The three questions every participant is asked, in the order they are asked.
QUESTIONS = (
    ("listened_to", "I felt listened to"),
    ("easy_to_take_part", "It was easy to take part"),
    ("know_what_happens_next", "I know what will happen next"),
)

# Counts below this are never shown: see `suppress`.
SMALL_NUMBER = 5
FEWER_THAN_5 = "fewer than 5"
WITHHELD = "withheld"


def thin_evidence_below() -> int:
    """Methods with fewer evaluated activities than this are flagged as thin evidence."""
    return getattr(settings, "WHAT_WORKS_MIN_EVALUATIONS", 3)


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


# Reach ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    target: int | None
    actual: int | None

    @property
    def ratio(self) -> float | None:
        """Actual ÷ target; None when either is missing or the target is zero."""
        if self.actual is None or not self.target:
            return None
        return self.actual / self.target

    @property
    def percent(self) -> int | None:
        ratio = self.ratio
        return None if ratio is None else round(ratio * 100)

    def describe(self) -> str:
        if self.actual is None and self.target is None:
            return "Not recorded: no target and no number of participants"
        if self.actual is None:
            return f"Not recorded: the target was {self.target:,} but the number who took part is not recorded"
        if self.target is None:
            return f"{_plural(self.actual, 'person', 'people')} took part; no target was set"
        if self.target == 0:
            return f"{_plural(self.actual, 'person', 'people')} took part; the target was 0, so there is no percentage"
        return f"{self.actual:,} of a target of {self.target:,} ({self.percent}%)"


def reach(activity: Activity) -> Reach:
    """Reach against target: how many took part compared with how many the activity aimed for."""
    return Reach(target=activity.participants_target, actual=activity.participants_actual)


# Groups reached or missed -----------------------------------------------------------------


@dataclass(frozen=True)
class GroupReach:
    group: Group
    count: int | None  # None: no number was recorded for this group

    @property
    def reached(self) -> bool:
        return bool(self.count)


@dataclass(frozen=True)
class GroupsReached:
    groups: list[GroupReach]

    @property
    def reached(self) -> list[GroupReach]:
        return [g for g in self.groups if g.reached]

    @property
    def missed(self) -> list[GroupReach]:
        return [g for g in self.groups if not g.reached]

    def describe(self) -> str:
        if not self.groups:
            return "The activity had no target groups"
        if not self.reached:
            return f"None of the {_plural(len(self.groups), 'target group')} reached"
        return f"{len(self.reached)} of {_plural(len(self.groups), 'target group')} reached"


def groups_reached(activity: Activity) -> GroupsReached:
    """A target group is reached when the participant breakdown counts at least one person from it.

    A target group with no count recorded, or a count of 0, was missed. Counts for groups the
    activity did not target are not part of this measure.
    """
    counts = dict(ParticipantCount.objects.filter(activity=activity).values_list("group_id", "count"))
    targets = sorted(activity.groups.all(), key=lambda g: g.name)
    return GroupsReached([GroupReach(group=g, count=counts.get(g.pk)) for g in targets])


# Cost ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cost:
    total: Decimal | None
    participants: int | None

    @property
    def per_participant(self) -> Decimal | None:
        """The cost divided by the number who took part, to the penny; None without both, or with nobody."""
        if self.total is None or not self.participants:
            return None
        return (Decimal(self.total) / self.participants).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def describe(self) -> str:
        if self.total is None:
            return "Not recorded"
        each = self.per_participant
        if each is None:
            return f"£{self.total:,.2f}; the number who took part is not recorded, so there is no cost per participant"
        return f"£{self.total:,.2f}, or £{each:,.2f} per participant"


def cost(activity: Activity) -> Cost:
    return Cost(total=activity.cost, participants=activity.participants_actual)


# Influence on decisions -------------------------------------------------------------------

# Most telling first: what was done comes before what is only being thought about.
STATUS_ORDER = (
    Response.Status.DONE,
    Response.Status.IN_PROGRESS,
    Response.Status.PLANNED,
    Response.Status.CONSIDERING,
    Response.Status.NOT_POSSIBLE,
)


@dataclass(frozen=True)
class Influence:
    by_status: dict[str, int]  # status → number of responses, most telling first, only statuses with any

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def acted_on(self) -> bool:
        """Whether anything was done or is being done as a result."""
        return any(self.by_status.get(s, 0) for s in (Response.Status.DONE, Response.Status.IN_PROGRESS))

    def describe(self) -> str:
        if not self.total:
            return "No responses recorded yet"
        parts = [f"{n} {Response.Status(s).label.lower()}" for s, n in self.by_status.items()]
        return f"{_plural(self.total, 'response')}: {', '.join(parts)}"


def responses_to(activity: Activity):
    """The live responses to any live finding heard at this activity, each once."""
    linked = Response.objects.filter(findings__activity=activity, findings__archived_at__isnull=True)
    return Response.objects.filter(pk__in=linked.values("pk"))


def influence(activity: Activity) -> Influence:
    """Influence on decisions: the responses to the activity's findings, counted by status."""
    counts = dict(responses_to(activity).order_by().values_list("status").annotate(n=Count("pk")))
    return Influence({s.value: counts[s] for s in STATUS_ORDER if counts.get(s)})


# Participant ratings ----------------------------------------------------------------------


@dataclass(frozen=True)
class Rating:
    question: str
    label: str
    mean: float | None  # 1 (strongly disagree) to 5 (strongly agree)
    count: int
    agree: int = 0  # how many agreed or strongly agreed

    @property
    def agree_percent(self) -> int | None:
        return round(100 * self.agree / self.count) if self.count else None


@dataclass(frozen=True)
class FeedbackSummary:
    count: int
    ratings: list[Rating] = field(default_factory=list)

    def describe(self) -> str:
        if not self.count:
            return "No participant feedback yet"
        means = "; ".join(f"{r.label.lower()}: {r.mean:.1f}" for r in self.ratings if r.mean is not None)
        return f"{_plural(self.count, 'response')}, mean ratings out of 5: {means}"


def feedback_summary(feedback=None, *, activity: Activity | None = None) -> FeedbackSummary:
    """The mean of each rating, with how many gave it and how many agreed (4 or 5), in one query."""
    if feedback is None:
        feedback = ParticipantFeedback.objects.filter(activity=activity)
    aggregates: dict[str, Any] = {"total": Count("pk")}
    for name, _label in QUESTIONS:
        aggregates[f"{name}_mean"] = Avg(name)
        aggregates[f"{name}_count"] = Count(name)
        aggregates[f"{name}_agree"] = Count("pk", filter=Q(**{f"{name}__gte": 4}))
    row = feedback.order_by().aggregate(**aggregates)
    ratings = [
        Rating(
            question=name,
            label=label,
            mean=row[f"{name}_mean"],
            count=row[f"{name}_count"],
            agree=row[f"{name}_agree"],
        )
        for name, label in QUESTIONS
    ]
    return FeedbackSummary(count=row["total"], ratings=ratings)


# Everything about one activity ------------------------------------------------------------


@dataclass(frozen=True)
class ActivityMeasures:
    reach: Reach
    groups: GroupsReached
    cost: Cost
    influence: Influence
    feedback: FeedbackSummary


def measures_for(activity: Activity) -> ActivityMeasures:
    return ActivityMeasures(
        reach=reach(activity),
        groups=groups_reached(activity),
        cost=cost(activity),
        influence=influence(activity),
        feedback=feedback_summary(activity=activity),
    )


# Equality monitoring, in aggregate only ---------------------------------------------------


def suppress(counts: list[int]) -> list[int | str]:
    """What may be shown of one question's counts, one per answer, so that no small number can be read or worked out.

    The rule:
    1. A count from 1 to 4 is shown as "fewer than 5".
    2. When exactly one count is hidden by rule 1, the smallest other count above zero (the first,
       if several are equal) is hidden too, shown as "withheld": otherwise anyone who knew or guessed
       how many answered could subtract the shown counts and find the hidden one.
    3. A count of 0 is shown: it describes nobody.
    No totals are shown alongside, neither per question nor of everyone who answered (see
    `equality_summary`), so there is nothing to subtract from in the first place; rule 2 still holds
    if someone knows the total another way.
    """
    shown: list[int | str] = [FEWER_THAN_5 if 0 < n < SMALL_NUMBER else n for n in counts]
    hidden = [i for i, value in enumerate(shown) if value == FEWER_THAN_5]
    if len(hidden) == 1:
        others = [(n, i) for i, n in enumerate(counts) if i != hidden[0] and n > 0]
        if others:
            shown[min(others)[1]] = WITHHELD
    return shown


@dataclass(frozen=True)
class AnswerCount:
    label: str
    shown: int | str

    @property
    def suppressed(self) -> bool:
        return isinstance(self.shown, str)


@dataclass(frozen=True)
class QuestionCounts:
    name: str
    label: str
    answers: list[AnswerCount]


@dataclass(frozen=True)
class EqualitySummary:
    responses: int  # how many people answered any of the questions
    questions: list[QuestionCounts]

    @property
    def too_few(self) -> bool:
        """Fewer than 5 people answered at all, so nothing of their answers is shown."""
        return self.responses < SMALL_NUMBER


def equality_summary(monitoring=None, *, activities=None) -> EqualitySummary:
    """Counts of each answer to each equality question, suppressed by `suppress`, in one query.

    Blank answers (a question skipped) are not counted, and no totals are shown. When fewer than 5
    people answered any question (`too_few`), no counts are shown at all. `responses` is for that
    test only: pages do not show it.
    """
    if monitoring is None:
        monitoring = EqualityMonitoring.objects.filter(activity__in=activities)
    aggregates: dict[str, Any] = {"total": Count("pk")}
    for name, answers in EqualityMonitoring.ANSWERS.items():
        for value in answers.values:
            aggregates[f"{name}_{value}"] = Count("pk", filter=Q(**{name: value}))
    row = monitoring.order_by().aggregate(**aggregates)
    questions = []
    for name, choices in EqualityMonitoring.ANSWERS.items():
        shown = suppress([row[f"{name}_{value}"] for value in choices.values])
        counts = [AnswerCount(label=str(label), shown=s) for label, s in zip(choices.labels, shown, strict=True)]
        questions.append(QuestionCounts(name=name, label=EqualityMonitoring.question_label(name), answers=counts))
    return EqualitySummary(responses=row["total"], questions=questions)


# What works --------------------------------------------------------------------------------


def evaluated_activities():
    """Activities whose evaluation has been recorded (live, and not cancelled)."""
    return Activity.objects.filter(evaluation__isnull=False).exclude(status=Status.CANCELLED)


def evaluated_for(groups, *, area=None, priority=None):
    """Evaluated activities that targeted any of `groups`, in an area that meets `area`, serving `priority`."""
    linked = Activity.groups.through.objects.filter(group__in=groups).values("activity_id")
    activities = evaluated_activities().filter(pk__in=linked)
    if area is not None:
        meeting = Area.objects.meeting([area]).values("pk")
        activities = activities.filter(
            pk__in=Activity.areas.through.objects.filter(area__in=meeting).values("activity_id")
        )
    if priority is not None:
        served = Activity.priorities.through.objects.filter(priority=priority).values("activity_id")
        activities = activities.filter(pk__in=served)
    return activities


@dataclass(frozen=True)
class MethodEvidence:
    method: Method
    evaluations: int  # evaluated activities that used the method
    ratings: list[Rating]
    reach_mean: float | None  # mean of actual ÷ target over the activities with both recorded
    reach_count: int  # how many activities that mean is over
    thin: bool  # fewer evaluations than `thin_evidence_below()`

    @property
    def reach_percent(self) -> int | None:
        return None if self.reach_mean is None else round(self.reach_mean * 100)

    @property
    def overall_rating(self) -> float | None:
        """The mean of the three questions' means, for putting methods in order."""
        means = [r.mean for r in self.ratings if r.mean is not None]
        return sum(means) / len(means) if means else None


@dataclass(frozen=True)
class WhatWorks:
    evidence: list[MethodEvidence]
    activity_count: int  # evaluated activities the evidence comes from
    feedback: FeedbackSummary  # their participants' ratings, all together


def what_works(groups, *, area=None, priority=None) -> list[MethodEvidence]:
    """For each method, the evidence from evaluated activities that targeted any of `groups`.

    - evaluations: how many such activities used the method;
    - ratings: the mean of each participant rating over all those activities' feedback, and how many
      ratings that is (each participant counts once, so busy activities weigh more);
    - reach: the mean of actual ÷ target over those activities that recorded both (and a target above 0);
    - thin: fewer evaluations than WHAT_WORKS_MIN_EVALUATIONS (default 3).
    Four queries, however many methods, activities or ratings there are. Most evaluations first.
    """
    return what_works_for(groups, area=area, priority=priority).evidence


def what_works_for(groups, *, area=None, priority=None) -> WhatWorks:
    """`what_works`, with how many activities it comes from and their ratings all together.

    Each activity's feedback is totalled once, then added to each method it used and to the whole, rather
    than joining every rating to every method in the database.
    """
    activities = evaluated_for(groups, area=area, priority=priority)
    reach_of = {}
    for pk, actual, target in activities.values_list("pk", "participants_actual", "participants_target"):
        reach_of[pk] = actual / target if actual is not None and target and target > 0 else None
    used = Activity.methods.through.objects.filter(
        activity__in=activities.values("pk"), method__archived_at__isnull=True
    ).order_by()
    activities_by_method: dict[int, list[int]] = {}
    for method_id, activity_id in used.values_list("method_id", "activity_id"):
        activities_by_method.setdefault(method_id, []).append(activity_id)
    totals = _ratings_by_activity(activities)
    minimum = thin_evidence_below()
    evidence = []
    for method in Method.objects.filter(pk__in=used.values("method_id")):
        ids = activities_by_method[method.pk]
        reaches = [reach_of[pk] for pk in ids if reach_of.get(pk) is not None]
        evidence.append(
            MethodEvidence(
                method=method,
                evaluations=len(ids),
                ratings=_added_up(totals[pk] for pk in ids if pk in totals),
                reach_mean=sum(reaches) / len(reaches) if reaches else None,
                reach_count=len(reaches),
                thin=len(ids) < minimum,
            )
        )
    evidence.sort(key=lambda e: (-e.evaluations, e.method.name))
    everyone = FeedbackSummary(count=sum(t["total"] for t in totals.values()), ratings=_added_up(totals.values()))
    return WhatWorks(evidence=evidence, activity_count=len(reach_of), feedback=everyone)


def _ratings_by_activity(activities) -> dict[int, dict]:
    """For each activity with feedback: how many gave it, and each question's total, count and how many
    agreed, in one query."""
    # Only the ratings' own columns are named, so the database reads them from the index alone.
    aggregates: dict[str, Any] = {"total": Count("*")}
    for name, _label in QUESTIONS:
        aggregates[f"{name}_sum"] = Sum(name)
        aggregates[f"{name}_count"] = Count(name)
        aggregates[f"{name}_agree"] = Count(name, filter=Q(**{f"{name}__gte": 4}))
    rows = (
        ParticipantFeedback.objects.filter(activity__in=activities.values("pk"))
        .order_by()
        .values("activity_id")
        .annotate(**aggregates)
    )
    return {row.pop("activity_id"): row for row in rows}


def _added_up(totals) -> list[Rating]:
    """Each question's rating over the activities whose `_ratings_by_activity` totals are given."""
    totals = list(totals)
    ratings = []
    for name, label in QUESTIONS:
        added = sum(t[f"{name}_sum"] or 0 for t in totals)
        count = sum(t[f"{name}_count"] for t in totals)
        agree = sum(t[f"{name}_agree"] for t in totals)
        ratings.append(
            Rating(question=name, label=label, mean=added / count if count else None, count=count, agree=agree)
        )
    return ratings


def methods_that_worked(groups, *, limit: int = 5) -> list[MethodEvidence]:
    """The methods participants rated best in evaluated activities for these groups, best first.

    Methods with ratings come before those without; ties go to the one with more evaluations.
    """
    evidence = what_works(groups)
    evidence.sort(key=lambda e: (e.overall_rating is None, -(e.overall_rating or 0), -e.evaluations, e.method.name))
    return evidence[:limit]
