from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from engaging.evaluation import measures, services
from engaging.evaluation.links import feedback_url
from engaging.evaluation.models import Evaluation, FeedbackLink
from engaging.evaluation.views import group_ids, suggestion_context

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_evaluation(context, activity):
    """The evaluation, participant ratings and the feedback link, on an activity's page."""
    request = context["request"]
    link = FeedbackLink.objects.filter(activity=activity).first()
    html = render_to_string(
        "evaluation/_activity_evaluation.html",
        {
            "activity": activity,
            "evaluation": Evaluation.objects.filter(activity=activity).first(),
            "feedback": measures.feedback_summary(activity=activity),
            "link": link,
            "url": feedback_url(link, request) if link else "",
            "ready": services.can_be_evaluated(activity),
            "not_ready": services.not_ready_message(activity),
            "can_evaluate": request.user.has_perm("evaluation.evaluate_activity", activity),
            "can_manage_link": request.user.has_perm("evaluation.manage_feedback_link", activity),
        },
        request=request,
    )
    return mark_safe(html)


def chosen_group_ids(form) -> list[int]:
    """The groups ticked on the activity form: what was sent, or else what the activity already has."""
    if form.is_bound:
        return group_ids(form.data.getlist("groups") if hasattr(form.data, "getlist") else form.data.get("groups"))
    initial = form.initial.get("groups")
    if initial is None:
        initial = form.fields["groups"].initial
    return group_ids(initial)


@register.simple_tag(takes_context=True)
def methods_that_worked(context, form):
    """On the activity form: methods that worked for the groups chosen, updated as groups are ticked."""
    html = render_to_string(
        "evaluation/_methods_that_worked_slot.html",
        suggestion_context(chosen_group_ids(form)),
        request=context["request"],
    )
    return mark_safe(html)
