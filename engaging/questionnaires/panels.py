"""What questionnaires show on the register's activity page: the activity's questionnaires and a way to add one.

Added to the register's place in QuestionnairesConfig.ready() (see engaging/core/hooks.py).
"""

from django.db.models import Count

from engaging.core import hooks
from engaging.questionnaires.models import Questionnaire


def activity_questionnaires(request, activity, links=None) -> dict:
    return {
        "activity": activity,
        "questionnaires": list(
            Questionnaire.objects.filter(activity=activity).annotate(response_count=Count("responses"))
        ),
        "can_manage": request.user.has_perm("questionnaires.manage_questionnaires", activity),
    }


def register() -> None:
    hooks.add(
        "activity-page",
        template="questionnaires/_activity_questionnaires.html",
        context=activity_questionnaires,
        order=25,
    )
