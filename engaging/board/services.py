"""Writes to the board's records that touch more than one row, each in one transaction."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from engaging.board import screening as engine
from engaging.board.models import AgendaItem, Screening, ScreeningAction, ScreeningRule
from engaging.lists.models import Group, Method

SCALAR_ANSWERS = (
    "changes_services", "who_is_affected", "influence", "time_available", "community_interest", "partner_capability",
)  # fmt: skip
M2M_ANSWERS = ("legal_duties", "affected_groups", "insight_reused")
METHODS_RECOMMENDED = 5


def seldom_heard_first(groups) -> list[Group]:
    """Groups with the seldom-heard ones first, each part in name order."""
    return sorted(groups, key=lambda g: (g.category != Group.Category.SELDOM_HEARD, g.name))


def methods_for(groups) -> tuple[list[Method], str]:
    """The methods to suggest for reaching `groups`, and where the suggestion comes from.

    First choice: "what works", the methods participants rated best in evaluated activities for these
    groups. When nothing has been evaluated for them yet: the methods most used by activities aimed at them.
    """
    from engaging.evaluation.measures import methods_that_worked

    groups = list(groups)
    if not groups:
        return [], "none"
    evidence = methods_that_worked(groups, limit=METHODS_RECOMMENDED)
    if evidence:
        return [item.method for item in evidence], "what_works"
    used = (
        Method.objects.filter(activities__groups__in=groups, activities__archived_at__isnull=True)
        .annotate(uses=Count("activities", distinct=True))
        .order_by("-uses", "name")[:METHODS_RECOMMENDED]
    )
    methods = list(used)
    return methods, ("most_used" if methods else "none")


METHOD_SOURCES = {
    "what_works": "The methods participants rated best in evaluated activities for these groups (“what works”).",
    "most_used": "No activity for these groups has been evaluated yet, so these are the methods used most for them.",
    "none": "No methods can be suggested: no activity in the register has reached these groups yet.",
}


def _derived_reasons(*, groups, methods, method_source: str, findings) -> list[dict]:
    """Reasons for the parts of the recommendation that come straight from the answers, not from rules."""
    seldom = [g.name for g in groups if g.category == Group.Category.SELDOM_HEARD]
    if groups:
        effect = "Involve these groups: " + ", ".join(g.name for g in groups) + "."
        if seldom:
            effect += " Seldom heard, so reach them directly: " + ", ".join(seldom) + "."
    else:
        effect = "No groups were chosen, so none can be recommended. Say who is affected to get groups and methods."
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
            "reason": METHOD_SOURCES[method_source],
            "weight": None,
            "effect": ("Suggested methods: " + ", ".join(m.name for m in methods) + ".")
            if methods
            else "No methods suggested.",
            "decides": ["methods"],
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


def _sync_actions(*, screening: Screening, outcome: engine.Outcome, today: date) -> None:
    """Bring the screening's actions into line with the rules that now match.

    An action added by a rule that still matches is kept as it is (with any changes people made to it);
    one whose rule no longer matches is removed unless it is done; actions added by hand are kept; a
    matching rule with no action yet adds one, owned by the item's lead organisation, due `today` plus
    the rule's days.
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
            due_on=today + timedelta(days=planned.due_in_days),
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
    methods, source = methods_for(groups)
    screening.recommended_type = outcome.type
    screening.recommended_level = outcome.level
    screening.reasons = outcome.reasons + _derived_reasons(
        groups=groups, methods=methods, method_source=source, findings=findings
    )
    screening.screened_by = user if user is not None and user.is_authenticated else None
    screening.screened_at = timezone.now()
    screening.full_clean(exclude=["agenda_item", *M2M_ANSWERS, "recommended_methods", "screened_by"])
    screening.save()
    for name in M2M_ANSWERS:
        getattr(screening, name).set(answers.get(name) or [])
    screening.recommended_methods.set(methods)
    _sync_actions(screening=screening, outcome=outcome, today=today)
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
