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
  recommendation shows which answers led to it. What it led to is said in words ("sets the type",
  "on its own points to consultation, but the type follows …"): weights are how the rules settle a
  disagreement, kept for coordinators on the rules page, and never part of the advice itself.

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
DEFAULT_REASON = "None of the answers calls for more, so people should at least be told what is planned."
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


# Each answer as the reason for a recommendation: "Because <clause>, the board should…".
BECAUSE = {
    ("changes_services", "yes"): "it changes a service people use, or how they reach it",
    ("changes_services", "unsure"): "it is not yet clear whether services or access will change",
    ("changes_services", "no"): "nothing changes in the services people use",
    ("legal_duty", "any"): "there is a legal duty to involve or consult people",
    ("legal_duty", "none"): "no legal duty to involve or consult applies",
    ("seldom_heard", "yes"): "seldom-heard groups are affected",
    ("seldom_heard", "no"): "no seldom-heard group is affected",
    ("existing_insight", "yes"): "people have already told the partnership about this",
    ("existing_insight", "no"): "little is known yet about what people think of this",
    ("influence", "none"): "the decision has already been made",
    ("influence", "some"): "people can still choose between options",
    ("influence", "much"): "the options are still open",
    ("influence", "full"): "people can shape the whole thing",
    ("time_available", "under_4"): "there are under four weeks before the decision",
    ("time_available", "4_to_12"): "there are 4 to 12 weeks before the decision",
    ("time_available", "over_12"): "there are more than 12 weeks before the decision",
    ("community_interest", "low"): "the communities affected are not yet interested or able to take part",
    ("community_interest", "medium"): "the communities affected are fairly interested and able to take part",
    ("community_interest", "high"): "the communities affected are keen and able to take part",
    ("partner_capability", "low"): "the board and partners have little capacity to involve people",
    ("partner_capability", "medium"): "the board and partners have some capacity to involve people",
    ("partner_capability", "high"): "the board and partners are well able to involve people",
}

# What each type asks the board to do, and what each level means for the people involved.
TYPE_ADVICE = {
    EngagementType.INFORMATION: "tell the people affected clearly what is planned and why",
    EngagementType.INSIGHT: "first find out how people use services now and what matters to them",
    EngagementType.CONSULTATION: "consult the people affected before it decides",
    EngagementType.COLLECTIVE_INVOLVEMENT: "involve people in shaping the options together",
    EngagementType.INDIVIDUAL_INVOLVEMENT: "involve people in decisions about their own care and support",
    EngagementType.CO_PRODUCTION: "design it with the people affected, as equal partners",
}
LEVEL_MEANING = {
    EngagementLevel.INFORM: "people are told what is decided",
    EngagementLevel.CONSULT: "people give their views and the board weighs them before deciding",
    EngagementLevel.INVOLVE: "people work with the board to shape the options",
    EngagementLevel.COLLABORATE: "people share in making the decision",
    EngagementLevel.EMPOWER: "people make the decision themselves",
}


def because(question: str, answer: str, answer_label: str = "") -> str:
    """One answer as a reason, in words: "it changes a service people use", "the duty “…” applies"."""
    clause = BECAUSE.get((question, answer))
    if clause:
        return clause
    if question == "legal_duty" and answer_label.startswith("This duty applies: "):
        return f"the duty “{answer_label.removeprefix('This duty applies: ')}” applies"
    return f"the answer to “{answer_label or answer}” was given" if question else ""


def _joined(clauses: list[str]) -> str:
    clauses = list(dict.fromkeys(c for c in clauses if c))
    return clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " and " + clauses[-1]


def explain(type_: str, level: str, reasons: list[dict]) -> str:
    """Why this type and level, in one or two sentences a board member reads without knowing the rules.

    Built from the answers that decided the type and the level, then those that pointed the same way
    (stored with the screening's reasons).
    """
    parts = {"type", "level"}
    deciding = [r for r in reasons if parts & set(r.get("decides") or []) and r.get("question")]
    deciding += [r for r in reasons if parts & set(r.get("agrees") or []) and r.get("question") and r not in deciding]
    clauses = [because(r["question"], r.get("answer", ""), r.get("answer_label", "")) for r in deciding]
    advice = TYPE_ADVICE.get(type_, "involve the people affected")
    type_label = EngagementType(type_).label.lower() if type_ in TYPE_ORDER else type_
    level_label = EngagementLevel(level).label.lower() if level in LEVEL_ORDER else level
    meaning = LEVEL_MEANING.get(level, "")
    what = f"{type_label}, at the level “{level_label}”" + (f": {meaning}" if meaning else "")
    if not clauses:
        return f"None of the answers calls for more, so the board should at least {advice} ({what})."
    return f"Because {_joined(clauses)}, the board should {advice} ({what})."


def _effect(rule: ScreeningRule, type_rule, level_rule, question_list: dict[str, Question]) -> tuple[str, list[str]]:
    """What one matching rule led to, in words, and which parts of the recommendation it decided."""

    def decided_by(winner: ScreeningRule) -> str:
        question = question_list.get(winner.question)
        label = question.answer_label(winner.answer) if question else winner.answer
        return because(winner.question, winner.answer, label)

    parts: list[str] = []
    decides: list[str] = []
    if rule.recommends_type:
        label = EngagementType(rule.recommends_type).label.lower()
        if rule is type_rule:
            parts.append(f"sets the type: {label}")
            decides.append("type")
        elif type_rule.recommends_type == rule.recommends_type:
            parts.append(f"also points to {label}")
        else:
            parts.append(f"on its own points to {label}, but the type follows “{decided_by(type_rule)}”")
    if rule.recommends_level:
        label = EngagementLevel(rule.recommends_level).label.lower()
        if rule is level_rule:
            parts.append(f"sets the level: {label}")
            decides.append("level")
        elif level_rule.recommends_level == rule.recommends_level:
            parts.append(f"also points to the level {label}")
        else:
            parts.append(f"on its own points to the level {label}, but the level follows “{decided_by(level_rule)}”")
    if rule.action:
        parts.append(f"adds the action “{rule.action}”")
        decides.append("action")
    text = "; ".join(parts) if parts else "noted: it does not change the recommendation"
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
        effect, decides = _effect(rule, type_rule, level_rule, question_list)
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
                # Parts of the recommendation this answer also points to, though another decided them.
                "agrees": [
                    part
                    for part, attribute, chosen in (
                        ("type", "recommends_type", outcome.type),
                        ("level", "recommends_level", outcome.level),
                    )
                    if part not in decides and getattr(rule, attribute) == chosen
                ],  # fmt: skip
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
                    "question_label": "Every answer",
                    "answer": "",
                    "answer_label": "",
                    "rule": None,
                    "reason": DEFAULT_REASON,
                    "weight": None,
                    "effect": f"Sets the {label}: "
                    + (
                        EngagementType(DEFAULT_TYPE).label.lower()
                        if label == "type"
                        else EngagementLevel(DEFAULT_LEVEL).label.lower()
                    )
                    + ", the least the board should do.",
                    "decides": [label],
                }
            )
    return outcome
