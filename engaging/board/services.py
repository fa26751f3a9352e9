"""Writes to the board's records that touch more than one row, each in one transaction."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engaging.board import screening as engine
from engaging.board.methods import MethodAdvice, suggest_methods
from engaging.board.models import AgendaItem, Screening, ScreeningAction, ScreeningRule
from engaging.lists.models import Group

SCALAR_ANSWERS = (
    "changes_services", "who_is_affected", "influence", "time_available", "community_interest", "partner_capability",
)  # fmt: skip
M2M_ANSWERS = ("legal_duties", "affected_groups", "insight_reused")
METHODS_RECOMMENDED = 5


def seldom_heard_first(groups) -> list[Group]:
    """Groups with the seldom-heard ones first, each part in name order."""
    return sorted(groups, key=lambda g: (g.category != Group.Category.SELDOM_HEARD, g.name))


def methods_for(groups) -> MethodAdvice:
    """The methods to suggest for reaching `groups`, each with why, and those left out as unsuitable.

    See engaging.board.methods: evidence of what worked with each group, and what the partnership's fits
    say suits or does not suit them.
    """
    return suggest_methods(groups, limit=METHODS_RECOMMENDED)


def _derived_reasons(*, groups, advice: MethodAdvice, findings) -> list[dict]:
    """Reasons for the parts of the recommendation that come straight from the answers, not from rules."""
    seldom = [g.name for g in groups if g.category == Group.Category.SELDOM_HEARD]
    if groups:
        effect = "Involve these groups: " + ", ".join(g.name for g in groups) + "."
        if seldom:
            effect += " Seldom heard, so reach them directly: " + ", ".join(seldom) + "."
    else:
        effect = "No groups were chosen, so none can be recommended. Say who is affected to get groups and methods."
    if advice.suggested:
        method_reason = (
            "Each method is suggested because evaluations show it worked with these groups, or it suits them."
        )
        method_effect = "Suggested methods: " + ", ".join(s.method.name for s in advice.suggested) + "."
    elif groups:
        method_reason = (
            "No evaluation yet shows a method working with these groups, and none is known to suit them: "
            "ask the organisations that work with them which ways suit them."
        )
        method_effect = "No methods suggested."
    else:
        method_reason = "Methods are suggested for the groups affected, and none were chosen."
        method_effect = "No methods suggested."
    reasons = [
        {
            "question": "affected_groups",
            "question_label": "Who is affected?",
            "answer": "",
            "answer_label": ", ".join(g.name for g in groups) or "No groups chosen",
            "rule": None,
            "reason": "The groups affected are the groups to involve.",
            "weight": None,
            "effect": effect,
            "decides": ["groups"],
        },
        {
            "question": "affected_groups",
            "question_label": "Who is affected?",
            "answer": "",
            "answer_label": ", ".join(g.name for g in groups) or "No groups chosen",
            "rule": None,
            "reason": method_reason,
            "weight": None,
            "effect": method_effect,
            "decides": ["methods"],
            "methods": [{"id": s.method.pk, "name": s.method.name, "why": s.why} for s in advice.suggested],
            "left_out": [{"id": method.pk, "name": method.name, "why": why} for method, why in advice.left_out],
        },
    ]
    if findings:
        reasons.append(
            {
                "question": "existing_insight",
                "question_label": "What insight already exists?",
                "answer": "",
                "answer_label": f"{len(findings)} finding{'s' if len(findings) != 1 else ''} ticked",
                "rule": None,
                "reason": "What people have already said should be used before anyone is asked again.",
                "weight": None,
                "effect": "Reuse the findings ticked.",
                "decides": ["insight"],
            }
        )
    return reasons


# Board papers go to members a week before the meeting, so the work they report on must be done by then.
PAPERS_LEAD_DAYS = 7
# Less time than this before the papers go out is too little to do the screening's actions properly.
ENOUGH_DAYS = 14


@dataclass(frozen=True)
class Timing:
    """When the decision is taken and when the work for it must be done, seen from `today`."""

    decision_on: date
    from_meeting: bool  # the decision date is the meeting's, because the item gives none of its own
    work_done_by: date  # when the papers go out
    today: date

    @property
    def days_left(self) -> int:
        return (self.work_done_by - self.today).days

    @property
    def decided(self) -> bool:
        return self.decision_on <= self.today

    @property
    def enough_time(self) -> bool:
        return self.days_left >= ENOUGH_DAYS

    def due_on(self, days: int) -> date:
        """When an action the rules give `days` should be due: by the papers, and never on or after the decision.

        With too little time the action is due as soon as it can be, today at the latest, and the page says
        plainly that there is not enough time.
        """
        wanted = self.today + timedelta(days=days)
        latest = self.work_done_by if self.work_done_by >= self.today else self.decision_on - timedelta(days=1)
        return max(self.today, min(wanted, latest))


def timing_for(agenda_item: AgendaItem, today: date | None = None) -> Timing:
    """The decision's date is the item's own when it has one, else the day of the meeting that takes it."""
    today = today or date.today()
    meeting_day = timezone.localdate(agenda_item.meeting.starts_at)
    decision_on = agenda_item.decision_date or meeting_day
    return Timing(
        decision_on=decision_on,
        from_meeting=agenda_item.decision_date is None,
        work_done_by=decision_on - timedelta(days=PAPERS_LEAD_DAYS),
        today=today,
    )


def _sync_actions(*, screening: Screening, outcome: engine.Outcome, timing: Timing) -> None:
    """Bring the screening's actions into line with the rules that now match.

    An action added by a rule that still matches is kept as it is (with any changes people made to it);
    one whose rule no longer matches is removed unless it is done; actions added by hand are kept; a
    matching rule with no action yet adds one, owned by the item's lead organisation, due the rule's days
    from today but before the decision (see `Timing.due_on`).
    """
    existing = list(screening.actions.all())
    wanted = {planned.rule.pk: planned for planned in outcome.actions}
    for action in existing:
        if action.rule_id is not None and action.rule_id not in wanted and action.done_on is None:
            action.delete()
    have = {action.rule_id for action in existing if action.rule_id is not None}
    for rule_id, planned in wanted.items():
        if rule_id in have:
            continue
        ScreeningAction.objects.create(
            screening=screening,
            description=planned.description,
            owner_organisation_id=screening.agenda_item.lead_organisation_id,
            due_on=timing.due_on(planned.due_in_days),
            rule=planned.rule,
        )


@transaction.atomic
def screen_agenda_item(*, agenda_item: AgendaItem, answers: dict, user=None, today: date | None = None) -> Screening:
    """Record the answers about an agenda item and what they recommend, replacing any earlier screening.

    `answers` holds the Screening's answer fields (the form's cleaned data). The recommendation is worked
    out afresh by the rules engine (see engaging.board.screening) and stored with its reasons; the earlier
    answers and recommendation stay in the screening's history.
    """
    today = today or date.today()
    screening = Screening.objects.filter(agenda_item=agenda_item).first() or Screening(agenda_item=agenda_item)
    for name in SCALAR_ANSWERS:
        setattr(screening, name, answers.get(name) or "")
    groups = seldom_heard_first(answers.get("affected_groups") or [])
    findings = list(answers.get("insight_reused") or [])
    outcome = engine.recommend(
        engine.answers_for(**{**answers, "affected_groups": groups, "insight_reused": findings}),
        ScreeningRule.objects.order_by("pk"),
    )
    advice = methods_for(groups)
    screening.recommended_type = outcome.type
    screening.recommended_level = outcome.level
    screening.reasons = outcome.reasons + _derived_reasons(groups=groups, advice=advice, findings=findings)
    screening.screened_by = user if user is not None and user.is_authenticated else None
    screening.screened_at = timezone.now()
    screening.full_clean(exclude=["agenda_item", *M2M_ANSWERS, "recommended_methods", "screened_by"])
    screening.save()
    for name in M2M_ANSWERS:
        getattr(screening, name).set(answers.get(name) or [])
    screening.recommended_methods.set(advice.methods)
    _sync_actions(screening=screening, outcome=outcome, timing=timing_for(agenda_item, today))
    return screening


@transaction.atomic
def record_gunning(*, screening: Screening, values: dict) -> Screening:
    """Tick or untick the four Gunning principles on a screening that recommends consultation."""
    if not screening.consultation_recommended:
        raise ValidationError("The Gunning principles apply only when consultation is recommended.")
    for name in Screening.GUNNING:
        setattr(screening, name, bool(values.get(name)))
    screening.save(update_fields=[*Screening.GUNNING, "updated_at"])
    return screening


@transaction.atomic
def set_action_done(*, action: ScreeningAction, done: bool, today: date | None = None) -> ScreeningAction:
    """Mark an action done today, or not done again."""
    action.done_on = (today or date.today()) if done else None
    action.save(update_fields=["done_on", "updated_at"])
    return action


@transaction.atomic
def link_activity(*, agenda_item: AgendaItem, activity) -> None:
    """Record that an activity in the register is engagement done for this agenda item."""
    agenda_item.activities.add(activity)


@transaction.atomic
def unlink_activity(*, agenda_item: AgendaItem, activity) -> None:
    agenda_item.activities.remove(activity)
