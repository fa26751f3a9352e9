"""The engagement review: what the screening recommended for an agenda item, against what happened in the
activities linked to it."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count

from engaging.insight.models import Finding, FindingUse
from engaging.lists.models import Group
from engaging.loop.models import Response
from engaging.register.models import Activity, EngagementLevel, EngagementType, ParticipantCount, Status

LEVELS = list(EngagementLevel.values)


def highest_level(levels) -> str | None:
    """The level giving people the most influence among `levels`, or None when there are none."""
    known = [level for level in levels if level in LEVELS]
    return max(known, key=LEVELS.index) if known else None


def compare_levels(recommended: str, reached: str | None) -> str:
    """ "none" without activities; else "below", "met" or "above" the recommended level."""
    if reached is None or recommended not in LEVELS:
        return "none"
    difference = LEVELS.index(reached) - LEVELS.index(recommended)
    return "below" if difference < 0 else "met" if difference == 0 else "above"


@dataclass(frozen=True)
class GroupOutcome:
    group: Group
    recommended: bool
    count: int  # people counted from this group across the linked activities
    over: bool = True  # every linked activity has finished, so nobody more can be reached through them
    planned: bool = False  # a linked activity still to finish aims at this group

    @property
    def reached(self) -> bool:
        return self.count > 0

    @property
    def result(self) -> str:
        """ "reached"; "missed" only once the engagement is over; before that "planned" (an activity still
        to finish aims at the group) or "not_yet" (none does, so far)."""
        if self.reached:
            return "reached"
        if self.over:
            return "missed"
        return "planned" if self.planned else "not_yet"

    @property
    def seldom_heard(self) -> bool:
        return self.group.category == Group.Category.SELDOM_HEARD


@dataclass
class EngagementReview:
    activities: list[Activity]
    today: date
    recommended_level: str
    reached_level: str | None
    level_verdict: str
    recommended_type: str
    types_used: list[str]  # labels, in the order of the types
    groups: list[GroupOutcome] = field(default_factory=list)
    insight_ticked: list[Finding] = field(default_factory=list)
    insight_used: list[Finding] = field(default_factory=list)  # marked as used by a linked activity
    findings_heard: int = 0
    responses_by_status: dict[str, int] = field(default_factory=dict)

    @property
    def recommended_level_label(self) -> str:
        return EngagementLevel(self.recommended_level).label if self.recommended_level in LEVELS else ""

    @property
    def reached_level_label(self) -> str:
        return EngagementLevel(self.reached_level).label if self.reached_level else ""

    @property
    def recommended_type_label(self) -> str:
        return EngagementType(self.recommended_type).label if self.recommended_type in EngagementType.values else ""

    @property
    def reached(self) -> list[GroupOutcome]:
        return [g for g in self.groups if g.recommended and g.reached]

    @property
    def missed(self) -> list[GroupOutcome]:
        """Recommended groups nobody was counted from, once every linked activity has finished."""
        return [g for g in self.groups if g.recommended and g.result == "missed"]

    @property
    def not_reached_yet(self) -> list[GroupOutcome]:
        """Recommended groups not reached so far, while the engagement is still going on or to come."""
        return [g for g in self.groups if g.recommended and g.result in ("planned", "not_yet")]

    @property
    def over(self) -> bool:
        return all(not is_under_way(a, self.today) for a in self.activities)

    @property
    def recommended_count(self) -> int:
        return sum(1 for g in self.groups if g.recommended)

    @property
    def also_reached(self) -> list[GroupOutcome]:
        return [g for g in self.groups if not g.recommended and g.reached]

    @property
    def ticked_and_used(self) -> list[Finding]:
        used = {f.pk for f in self.insight_used}
        return [f for f in self.insight_ticked if f.pk in used]

    @property
    def responses(self) -> int:
        return sum(self.responses_by_status.values())

    @property
    def acted_on(self) -> int:
        """Responses that were done or are being done."""
        return sum(self.responses_by_status.get(s, 0) for s in (Response.Status.DONE, Response.Status.IN_PROGRESS))

    @property
    def responses_listed(self) -> list[tuple[str, int]]:
        return [(Response.Status(s).label, n) for s, n in self.responses_by_status.items()]


STATUS_ORDER = [
    Response.Status.DONE,
    Response.Status.IN_PROGRESS,
    Response.Status.PLANNED,
    Response.Status.CONSIDERING,
    Response.Status.NOT_POSSIBLE,
]


# An activity in one of these has stopped taking part: nobody more is reached through it.
FINISHED = {Status.CLOSED, Status.REPORTED, Status.FED_BACK, Status.EVALUATED}


def is_under_way(activity: Activity, today: date) -> bool:
    """Still to finish: not closed (or later) and its last day not yet past."""
    return activity.status not in FINISHED and activity.end_date >= today


def engagement_review(
    agenda_item, screening, today: date | None = None, *, linked=None, groups=None, ticked=None
) -> EngagementReview:
    """Compare the screening's recommendation with the activities linked to the item.

    - level: the highest level among the linked activities (not cancelled or archived) against the one
      recommended;
    - groups: a recommended (affected) group is reached when the linked activities' participant numbers
      count at least one person from it. It is missed only once every linked activity has finished
      (closed, or past its last day); until then it is planned to be reached when an activity still to
      finish aims at it, and not reached yet otherwise. Groups counted but not recommended are listed too;
    - insight: the findings the screening ticked to reuse, and the findings the linked activities marked
      as used;
    - influence: the responses to the findings heard in the linked activities, by status, each once.

    The item's page passes what it has read already: its `linked` activities (with their leads, in date
    order), the screening's affected `groups` and the findings it `ticked`. The same queries run however
    many activities, groups or findings there are, or none: the linked activities are named to the
    database by a subquery, never by a list of ids that may be empty.
    """
    if linked is None:
        linked = agenda_item.activities.select_related("lead_organisation").order_by("start_date", "pk")
    activities = [a for a in linked if a.status != Status.CANCELLED]
    live = agenda_item.activities.exclude(status=Status.CANCELLED).values("pk")
    today = today or date.today()
    under_way = {a.pk for a in activities if is_under_way(a, today)}
    aimed_at = {
        group_id
        for activity_id, group_id in Activity.groups.through.objects.filter(activity__in=live).values_list(
            "activity_id", "group_id"
        )
        if activity_id in under_way
    }
    counts: dict[int, int] = {}
    counted: dict[int, Group] = {}
    for row in ParticipantCount.objects.filter(activity__in=live).select_related("group").order_by():
        counts[row.group_id] = counts.get(row.group_id, 0) + (row.count or 0)
        counted[row.group_id] = row.group
    recommended_groups = list(screening.affected_groups.all()) if groups is None else list(groups)
    recommended_ids = {g.pk for g in recommended_groups}
    others = [g for pk, g in counted.items() if counts[pk] and pk not in recommended_ids]
    over = not under_way
    outcomes = [GroupOutcome(g, True, counts.get(g.pk) or 0, over, g.pk in aimed_at) for g in recommended_groups]
    outcomes += [GroupOutcome(g, False, counts.get(g.pk) or 0, over, g.pk in aimed_at) for g in others]
    outcomes.sort(key=lambda o: (not o.recommended, not o.seldom_heard, o.group.name))

    used = list(
        Finding.objects.filter(pk__in=FindingUse.objects.filter(activity__in=live).values("finding"))
        .select_related("activity")
        .order_by("-heard_on", "-pk")
    )
    heard = Finding.objects.filter(activity__in=live)
    linked_responses = Response.objects.filter(findings__in=heard.values("pk")).values("pk")
    by_status = dict(
        Response.objects.filter(pk__in=linked_responses).order_by().values_list("status").annotate(n=Count("pk"))
    )
    if ticked is None:
        ticked = screening.insight_reused.select_related("activity").order_by("-heard_on", "-pk")
    reached = highest_level(a.level for a in activities)
    return EngagementReview(
        activities=activities,
        today=today,
        recommended_level=screening.recommended_level,
        reached_level=reached,
        level_verdict=compare_levels(screening.recommended_level, reached),
        recommended_type=screening.recommended_type,
        types_used=[EngagementType(t).label for t in EngagementType.values if t in {a.type for a in activities}],
        groups=outcomes,
        insight_ticked=list(ticked),
        insight_used=used,
        findings_heard=heard.count(),
        responses_by_status={s.value: by_status[s] for s in STATUS_ORDER if by_status.get(s)},
    )
