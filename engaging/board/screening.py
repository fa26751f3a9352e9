"""The screening's rules engine: from the answers about an agenda item to a recommended type and level of
engagement, actions, and the reasons for each.

The rules are data (`ScreeningRule`, edited by coordinators on /board/rules/). A rule matches when the
answer to its question is its answer. Then:

- the recommended type is the type of the matching rule with the highest weight among those that name
  a type; the level, likewise, among those that name a level. Type and level are decided separately, so
  two different rules may decide them. When weights are equal, the rule asking for more involvement (later
  in the list of types or levels) wins, and after that the older rule;
- when no matching rule names a type (or a level), the default applies: information, and the level
  inform, because people should at least be told what is planned;
- every matching rule with an action adds that action, due a number of days after the screening;
- every matching rule is listed as a reason, with the answer that matched it and what it led to, so the
  recommendation shows which answers led to it.

Some answers are worked out from others: `legal_duty` is "any" when at least one duty is ticked ("none"
otherwise) and also the id of each duty ticked, so a rule can name one duty; `seldom_heard` is "yes" when
any affected group is a seldom-heard group; `existing_insight` is "yes" when insight to reuse is ticked.
"""

from dataclasses import dataclass, field

from engaging.board.models import LegalDuty, Scale3, Screening, ScreeningRule
from engaging.lists.models import Group
from engaging.register.models import EngagementLevel, EngagementType

DEFAULT_TYPE = EngagementType.INFORMATION
DEFAULT_LEVEL = EngagementLevel.INFORM
DEFAULT_REASON = "No rule matched these answers, so the default applies: at least tell people what is planned."
# Days given to an action whose rule does not say.
DEFAULT_ACTION_DAYS = 28

TYPE_ORDER = list(EngagementType.values)
LEVEL_ORDER = list(EngagementLevel.values)

YES_NO = (("yes", "Yes"), ("no", "No"))


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    answers: tuple[tuple[str, str], ...]

    def answer_label(self, value: str) -> str:
        return dict(self.answers).get(value, value)


# The questions a rule can be about, in the order the form asks them. The legal duty question's answers
# also include one per duty: see `questions()`.
QUESTIONS: tuple[Question, ...] = (
    Question("changes_services", "Does it change services or how people reach them?", tuple(Screening.Answer.choices)),
    Question(
        "legal_duty",
        "Does a legal duty to involve or consult apply?",
        (("any", "At least one duty applies"), ("none", "No duty applies")),
    ),
    Question("seldom_heard", "Are seldom-heard groups affected?", YES_NO),
    Question("existing_insight", "Is there existing insight to reuse?", YES_NO),
    Question("influence", "How much can people still influence?", tuple(Screening.Influence.choices)),
    Question("time_available", "How much time is there?", tuple(Screening.Time.choices)),
    Question("community_interest", "How interested and able are the communities?", tuple(Scale3.choices)),
    Question("partner_capability", "How able are the board and partners to involve them?", tuple(Scale3.choices)),
)


def questions(duties=None) -> dict[str, Question]:
    """Every question by key, with one answer per legal duty (archived duties included, so old rules read well)."""
    if duties is None:
        duties = LegalDuty.everything.order_by("name")
    result = {}
    for question in QUESTIONS:
        if question.key == "legal_duty":
            answers = question.answers + tuple((str(duty.pk), f"This duty applies: {duty.name}") for duty in duties)
            question = Question(question.key, question.label, answers)
        result[question.key] = question
    return result


def answers_for(
    *,
    changes_services: str,
    legal_duties=(),
    affected_groups=(),
    insight_reused=(),
    influence: str,
    time_available: str,
    community_interest: str,
    partner_capability: str,
    **_others,
) -> dict[str, set[str]]:
    """The answers as rules see them: each question and the set of answers it has (most have one)."""
    duties = [str(duty.pk) for duty in legal_duties]
    return {
        "changes_services": {changes_services},
        "legal_duty": {"any", *duties} if duties else {"none"},
        "seldom_heard": {"yes" if any(g.category == Group.Category.SELDOM_HEARD for g in affected_groups) else "no"},
        "existing_insight": {"yes" if list(insight_reused) else "no"},
        "influence": {influence},
        "time_available": {time_available},
        "community_interest": {community_interest},
        "partner_capability": {partner_capability},
    }


def matching_rules(answers: dict[str, set[str]], rules) -> list[ScreeningRule]:
    """The rules whose question has their answer, in the order given."""
    return [rule for rule in rules if rule.answer in answers.get(rule.question, ())]


def winning_rule(rules, attribute: str, order: list[str]) -> ScreeningRule | None:
    """Of the rules that set `attribute`, the one with the highest weight.

    Equal weights go to the rule asking for more involvement (later in `order`), then to the older rule.
    """
    candidates = [rule for rule in rules if getattr(rule, attribute) in order]
    if not candidates:
        return None
    return min(candidates, key=lambda rule: (-rule.weight, -order.index(getattr(rule, attribute)), rule.pk or 0))


@dataclass(frozen=True)
class PlannedAction:
    rule: ScreeningRule
    description: str
    due_in_days: int


@dataclass
class Outcome:
    """What the rules recommend for a set of answers, and why."""

    type: str
    level: str
    type_rule: ScreeningRule | None
    level_rule: ScreeningRule | None
    matched: list[ScreeningRule] = field(default_factory=list)
    actions: list[PlannedAction] = field(default_factory=list)
    reasons: list[dict] = field(default_factory=list)

    @property
    def consultation(self) -> bool:
        return self.type == EngagementType.CONSULTATION or self.level == EngagementLevel.CONSULT


def _effect(rule: ScreeningRule, type_rule, level_rule) -> tuple[str, list[str]]:
    """What one matching rule led to, in words, and which parts of the recommendation it decided."""
    parts: list[str] = []
    decides: list[str] = []
    if rule.recommends_type:
        label = EngagementType(rule.recommends_type).label.lower()
        if rule is type_rule:
            parts.append(f"decided the type: {label}")
            decides.append("type")
        else:
            parts.append(f"asked for the type {label}, outweighed by a rule of weight {type_rule.weight}")
    if rule.recommends_level:
        label = EngagementLevel(rule.recommends_level).label.lower()
        if rule is level_rule:
            parts.append(f"decided the level: {label}")
            decides.append("level")
        else:
            parts.append(f"asked for the level {label}, outweighed by a rule of weight {level_rule.weight}")
    if rule.action:
        days = rule.action_due_days if rule.action_due_days is not None else DEFAULT_ACTION_DAYS
        parts.append(f"added the action “{rule.action}”, due in {days} day{'s' if days != 1 else ''}")
        decides.append("action")
    text = "; ".join(parts) if parts else "noted, with no effect on the recommendation"
    return text[0].upper() + text[1:] + ".", decides


def recommend(answers: dict[str, set[str]], rules=None, *, question_list: dict[str, Question] | None = None) -> Outcome:
    """Apply the rules (by default every live rule) to the answers. See the module's docstring for the rules."""
    if rules is None:
        rules = ScreeningRule.objects.order_by("pk")
    if question_list is None:
        question_list = questions()
    matched = matching_rules(answers, rules)
    type_rule = winning_rule(matched, "recommends_type", TYPE_ORDER)
    level_rule = winning_rule(matched, "recommends_level", LEVEL_ORDER)
    outcome = Outcome(
        type=type_rule.recommends_type if type_rule else DEFAULT_TYPE,
        level=level_rule.recommends_level if level_rule else DEFAULT_LEVEL,
        type_rule=type_rule,
        level_rule=level_rule,
        matched=matched,
    )
    # Rules that decided something come first, heaviest first; then the rest, heaviest first.
    for rule in sorted(matched, key=lambda r: (r is not type_rule and r is not level_rule, -r.weight, r.pk or 0)):
        question = question_list.get(rule.question)
        effect, decides = _effect(rule, type_rule, level_rule)
        outcome.reasons.append(
            {
                "question": rule.question,
                "question_label": question.label if question else rule.question,
                "answer": rule.answer,
                "answer_label": question.answer_label(rule.answer) if question else rule.answer,
                "rule": rule.pk,
                "reason": rule.reason,
                "weight": rule.weight,
                "effect": effect,
                "decides": decides,
            }
        )
        if rule.action:
            days = rule.action_due_days if rule.action_due_days is not None else DEFAULT_ACTION_DAYS
            outcome.actions.append(PlannedAction(rule=rule, description=rule.action, due_in_days=days))
    for decided, label in ((type_rule, "type"), (level_rule, "level")):
        if decided is None:
            outcome.reasons.append(
                {
                    "question": "",
                    "question_label": "No matching rule",
                    "answer": "",
                    "answer_label": "",
                    "rule": None,
                    "reason": DEFAULT_REASON,
                    "weight": None,
                    "effect": f"Decided the {label}: "
                    + (
                        EngagementType(DEFAULT_TYPE).label.lower()
                        if label == "type"
                        else EngagementLevel(DEFAULT_LEVEL).label.lower()
                    )
                    + " (the default).",
                    "decides": [label],
                }
            )
    return outcome
