"""What evaluation shows on the register's pages: an activity's evaluation, and methods that worked.

Added to the register's places in EvaluationConfig.ready() (see engaging/core/hooks.py).
"""

from engaging.core import hooks
from engaging.evaluation import measures, services
from engaging.evaluation.links import feedback_url
from engaging.evaluation.models import Evaluation, FeedbackLink
from engaging.evaluation.views import group_ids, suggestion_context


def activity_evaluation(request, activity, links=None) -> dict:
    """The evaluation, participant ratings and the feedback link, on an activity's page."""
    link = FeedbackLink.objects.filter(activity=activity).first()
    return {
        "activity": activity,
        "evaluation": Evaluation.objects.filter(activity=activity).first(),
        "feedback": measures.feedback_summary(activity=activity),
        "link": link,
        "url": feedback_url(link, request) if link else "",
        "ready": services.can_be_evaluated(activity),
        "not_ready": services.not_ready_message(activity),
        "can_evaluate": request.user.has_perm("evaluation.evaluate_activity", activity),
        "can_manage_link": request.user.has_perm("evaluation.manage_feedback_link", activity),
    }


def chosen_group_ids(form) -> list[int]:
    """The groups ticked on the activity form: what was sent, or else what the activity already has."""
    if form.is_bound:
        return group_ids(form.data.getlist("groups") if hasattr(form.data, "getlist") else form.data.get("groups"))
    initial = form.initial.get("groups")
    if initial is None:
        initial = form.fields["groups"].initial
    return group_ids(initial)


def methods_that_worked(request, form, activity=None) -> dict:
    """On the activity form: methods that worked for the groups chosen, updated as groups are ticked.

    A form opened to edit an activity asks for them once it has loaded, as it does when groups are
    ticked: working them out reads every evaluated activity's feedback for those groups, which took
    longer than the rest of the page. A form sent back shows them at once.
    """
    ids = chosen_group_ids(form)
    if ids and not form.is_bound:
        return {"later": True, "query": "&".join(f"groups={pk}" for pk in ids)}
    return suggestion_context(ids)


def register() -> None:
    hooks.add("activity-page", template="evaluation/_activity_evaluation.html", context=activity_evaluation, order=30)
    hooks.add(
        "activity-form", template="evaluation/_methods_that_worked_slot.html", context=methods_that_worked, order=20
    )
