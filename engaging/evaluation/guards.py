"""The register's lifecycle asks this app before an activity may be marked evaluated."""

from engaging.register.models import Status
from engaging.register.services import guard_transition


@guard_transition(Status.EVALUATED)
def needs_an_evaluation(activity) -> str | None:
    from engaging.evaluation.models import Evaluation

    if not Evaluation.objects.filter(activity=activity).exists():
        return "Record the evaluation before marking the activity as evaluated."
    return None
