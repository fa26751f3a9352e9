"""Writes that touch several records: defining an indicator, recording a practice and its group."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from engaging.surveys.models import Answer, Indicator, PatientParticipationGroup, Practice, Question, Survey


def answers_of(question: Question, wanted, field: str) -> list[Answer]:
    """The question's answers named by id or by text (ignoring case); an unknown one is an error naming it."""
    answers = list(question.answers.all())
    by_id = {a.pk: a for a in answers}
    by_text = {a.text.casefold(): a for a in answers}
    found, unknown = [], []
    for item in wanted:
        answer = by_id.get(item) if isinstance(item, int) else by_text.get(" ".join(str(item).split()).casefold())
        if answer is None:
            unknown.append(str(item))
        elif answer not in found:
            found.append(answer)
    if unknown:
        shown = ", ".join(f"“{u}”" for u in unknown)
        raise ValidationError(
            {field: f"Not an answer to this question: {shown}. Its answers are: " + ", ".join(a.text for a in answers)}
        )
    return found


def check_indicator(*, survey: Survey, question: Question, positive: list[Answer], excluded: list[Answer]) -> None:
    """An indicator counts at least one positive answer, on a question of its own survey, and no answer is both
    positive and excluded."""
    errors = {}
    if question.survey_id != survey.pk:
        errors["question"] = "Choose a question of this survey"
    if not positive:
        errors["positive_answers"] = "Choose at least one answer that counts as positive"
    both = {a.text for a in positive} & {a.text for a in excluded}
    if both:
        errors["excluded_answers"] = "An answer cannot be both positive and excluded: " + ", ".join(sorted(both))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_indicator(
    *,
    indicator: Indicator | None = None,
    name: str,
    survey: Survey,
    question: Question,
    positive_answers: list[Answer],
    excluded_answers: list[Answer],
    higher_is_better: bool,
    period: str,
    on_dashboard: bool = False,
    user=None,
) -> Indicator:
    """Define (or change) an indicator: its question, which answers count as positive and which are left out."""
    check_indicator(survey=survey, question=question, positive=positive_answers, excluded=excluded_answers)
    if period not in Indicator.Period.values:
        raise ValidationError({"period": "Choose year, financial_year or quarter"})
    indicator = indicator or Indicator(created_by=user)
    indicator.name = " ".join(name.split())
    indicator.survey = survey
    indicator.question = question
    indicator.higher_is_better = higher_is_better
    indicator.period = period
    indicator.on_dashboard = on_dashboard
    indicator._history_user = user
    indicator.save()
    indicator.positive_answers.set(positive_answers)
    indicator.excluded_answers.set(excluded_answers)
    # The answers' M2M rows do not touch the indicator's row; saving it again marks the change for what is kept.
    indicator.save(update_fields=["updated_at"])
    return indicator


@transaction.atomic
def save_practice(
    *,
    practice: Practice | None = None,
    ods_code: str,
    name: str,
    area=None,
    primary_care_network: str = "",
    list_size: int | None = None,
    postcode: str = "",
    group_status: str = PatientParticipationGroup.Status.NONE,
    last_met: date | None = None,
    members: int | None = None,
    reviewed_on: date | None = None,
    agreed_actions: str = "",
    user=None,
) -> Practice:
    """Record a GP practice and its patient participation group together."""
    practice = practice or Practice()
    practice.ods_code = ods_code.strip().upper()
    practice.name = " ".join(name.split())
    practice.area = area
    practice.primary_care_network = primary_care_network.strip()
    practice.list_size = list_size
    practice.postcode = postcode.strip().upper()
    practice._history_user = user
    practice.full_clean()
    practice.save()
    group = PatientParticipationGroup.objects.filter(practice=practice).first() or PatientParticipationGroup(
        practice=practice
    )
    group.status = group_status
    group.last_met = last_met
    group.members = members
    group.reviewed_on = reviewed_on
    group.agreed_actions = agreed_actions.strip()
    group._history_user = user
    group.full_clean()
    group.save()
    return practice
