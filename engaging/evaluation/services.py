"""Writes for evaluation and participant feedback, each in one transaction, and the rules they keep."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from engaging.core.dates import after_activity_problems
from engaging.evaluation.models import EqualityMonitoring, Evaluation, FeedbackLink, ParticipantFeedback
from engaging.register.models import FINISHED, Activity, Status

EVALUATION_FIELDS = (
    "lessons",
    "what_worked",
    "what_did_not",
    "reach_notes",
    "participants_involved",
    "how_participants_involved",
    "evaluated_on",
)


HOW_NEEDED = "Describe how participants took part in the evaluation"


def can_be_evaluated(activity: Activity) -> bool:
    """An activity can be evaluated once it has finished: closed, reported, fed back or evaluated.

    Planned and open activities have not finished, and cancelled ones never ran.
    """
    return activity.status in FINISHED and activity.archived_at is None


def not_ready_message(activity: Activity) -> str:
    if activity.status == Status.CANCELLED:
        return "This activity was cancelled, so it cannot be evaluated."
    return f"This activity is {activity.get_status_display().lower()}. You can evaluate it once it has closed."


@transaction.atomic
def record_evaluation(*, activity: Activity, user, **fields) -> Evaluation:
    """Record the evaluation of a finished activity, or change the one already recorded.

    If participants took part in the evaluation, how they did must be said. It is dated on or after the
    day the activity started, and not in the future.
    """
    if not can_be_evaluated(activity):
        raise ValidationError({"activity": not_ready_message(activity)})
    unknown = set(fields) - set(EVALUATION_FIELDS)
    if unknown:
        raise TypeError(f"Not fields of an evaluation: {', '.join(sorted(unknown))}")
    evaluation = Evaluation.objects.select_for_update().filter(activity=activity).first()
    if evaluation is None:
        evaluation = Evaluation(activity=activity, evaluated_on=date.today())
    for name, value in fields.items():
        if value is not None or name != "evaluated_on":
            setattr(evaluation, name, value)
    problems = after_activity_problems(
        evaluation.evaluated_on,
        field="evaluated_on",
        name="the date of the evaluation",
        activity_start=activity.start_date,
    )
    if problems:
        raise ValidationError(dict(problems))
    if not evaluation.participants_involved:
        evaluation.how_participants_involved = ""
    elif not evaluation.how_participants_involved.strip():
        raise ValidationError({"how_participants_involved": HOW_NEEDED})
    if user is not None and getattr(user, "is_authenticated", False):
        evaluation.evaluated_by = user
        evaluation._history_user = user  # type: ignore[attr-defined]  # read by simple_history
    evaluation.full_clean(exclude=["activity", "evaluated_by"])
    evaluation.save()
    return evaluation


# Participant feedback -----------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why an activity is not taking feedback; `gone` means it took feedback once (410) rather than never (404)."""

    message: str
    gone: bool = False

    @property
    def status(self) -> int:
        return 410 if self.gone else 404


NOT_HERE = Refusal("There is no feedback form at this address. Check the address on your card or poster.")


def feedback_refusal(activity: Activity, link: FeedbackLink | None) -> Refusal | None:
    """Why participants cannot give feedback on this activity now, or None if they can.

    Feedback is taken through the activity's feedback link while it is open, for a public activity
    that has started (open, or finished) and has not been cancelled or archived.
    """
    if activity.archived_at is not None or not activity.is_public:
        return NOT_HERE
    if activity.status == Status.CANCELLED:
        return Refusal("This activity was cancelled, so it is not taking feedback.", gone=True)
    if link is None:
        return Refusal("This activity is not taking feedback online.")
    if not link.is_open:
        return Refusal(
            "The team is no longer collecting feedback on this activity. Thank you for your interest.", gone=True
        )
    if activity.status == Status.PLANNED:
        return Refusal("This feedback form opens when the activity starts. Please come back afterwards.")
    return None


@transaction.atomic
def give_feedback(
    *, activity: Activity, ratings: dict[str, int], comment: str = "", equality: dict[str, str] | None = None
) -> ParticipantFeedback:
    """Save one participant's ratings and, if they answered any, their equality answers.

    The two are saved as separate rows that share nothing but the activity: no key, no date, no
    order to match them by. Nothing about the person or their device is kept.
    """
    feedback = ParticipantFeedback(activity=activity, comment=comment.strip(), **ratings)
    feedback.full_clean(exclude=["activity"])
    feedback.save()
    answers = {name: value for name, value in (equality or {}).items() if value}
    if answers:
        unknown = set(answers) - set(EqualityMonitoring.QUESTIONS)
        if unknown:
            raise TypeError(f"Not equality questions: {', '.join(sorted(unknown))}")
        monitoring = EqualityMonitoring(activity=activity, **answers)
        monitoring.full_clean(exclude=["activity"])
        monitoring.save()
    return feedback


# The feedback link ------------------------------------------------------------------------------


@transaction.atomic
def get_feedback_link(*, activity: Activity) -> FeedbackLink:
    """The activity's feedback link, made (open) the first time it is asked for."""
    link, _created = FeedbackLink.objects.get_or_create(activity=activity)
    return link


@transaction.atomic
def set_feedback_link_open(*, link: FeedbackLink, is_open: bool) -> FeedbackLink:
    """Open or close the link: a closed link shows participants that feedback has closed."""
    link.is_open = is_open
    link.save(update_fields=["is_open"])
    return link
