"""Pages for evaluating activities, running their feedback links, and seeing what works for whom."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from engaging.accounts.access import internal_only
from engaging.core.forms import add_errors
from engaging.core.kept import kept_view
from engaging.core.record_versions import save_unless_created
from engaging.core.viewing import records_views
from engaging.evaluation import measures, services
from engaging.evaluation.forms import EvaluationForm, WhatWorksForm
from engaging.evaluation.links import feedback_url, qr_code_svg
from engaging.evaluation.models import Evaluation, FeedbackLink, ParticipantFeedback
from engaging.lists.models import Group
from engaging.register.views.access import activity_for_reading

REGISTER = ("Register", "/register/")
COMMENTS_SHOWN = 50


def _crumbs(activity, last: str) -> list:
    return [("Home", "/"), REGISTER, (activity.title, activity.get_absolute_url()), (last, None)]


def _evaluation_of(activity) -> Evaluation | None:
    return Evaluation.objects.filter(activity=activity).select_related("evaluated_by").first()


def evaluation_history(evaluation: Evaluation | None) -> list[tuple]:
    """Each saved version of the evaluation, newest first, with the names of the fields it changed."""
    if evaluation is None:
        return []
    records = list(evaluation.history.select_related("history_user").order_by("-history_date", "-history_id")[:100])
    labels = {
        f.name: str(f.verbose_name).capitalize() for f in Evaluation._meta.get_fields() if hasattr(f, "verbose_name")
    }
    versions = []
    for newer, older in zip(records, [*records[1:], None] if records else [], strict=True):
        changed = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["updated_at", "evaluated_by"])
            changed = [labels.get(change.field, change.field) for change in delta.changes]
        versions.append((newer, changed))
    return versions


@internal_only
@require_GET
@records_views("evaluation.activity")  # it shows the activity's equality answers; kept pages are recorded too
@kept_view()
def evaluation_detail(request, pk: int):
    """The evaluation of one activity: the worked-out figures, what was learned, ratings, and its history."""
    activity = activity_for_reading(pk)
    evaluation = _evaluation_of(activity)
    feedback = ParticipantFeedback.objects.filter(activity=activity)
    return render(
        request,
        "evaluation/detail.html",
        {
            "activity": activity,
            "evaluation": evaluation,
            "measures": measures.measures_for(activity),
            "comments": list(feedback.exclude(comment="").values("comment", "given_on")[:COMMENTS_SHOWN]),
            "equality": measures.equality_summary(activities=[activity]),
            "link": FeedbackLink.objects.filter(activity=activity).first(),
            "versions": evaluation_history(evaluation),
            "can_evaluate": request.user.has_perm("evaluation.evaluate_activity", activity),
            "ready": services.can_be_evaluated(activity),
            "not_ready": services.not_ready_message(activity),
            "crumbs": _crumbs(activity, "Evaluation"),
        },
    )


@internal_only
@require_http_methods(["GET", "POST"])
def evaluate(request, pk: int):
    """Record the evaluation of a finished activity, or change it, with the worked-out figures alongside."""
    activity = activity_for_reading(pk)
    if not request.user.has_perm("evaluation.evaluate_activity", activity):
        raise PermissionDenied
    if not services.can_be_evaluated(activity):
        messages.error(request, services.not_ready_message(activity))
        return redirect(activity)
    evaluation = _evaluation_of(activity)
    form = EvaluationForm(request.POST if request.method == "POST" else None, instance=evaluation)

    def save():
        try:
            return services.record_evaluation(activity=activity, user=request.user, **form.evaluation_fields())
        except ValidationError as error:
            add_errors(form, error)  # each problem at its field, so the error summary links to it
            return None

    existing = Evaluation.objects.filter(activity=activity)
    if request.method == "POST" and form.is_valid() and save_unless_created(form, activity, existing, save):
        messages.success(request, "The evaluation has been saved.")
        return redirect("evaluation:activity", pk=activity.pk)
    title = "Change the evaluation" if evaluation else "Evaluate this activity"
    return render(
        request,
        "evaluation/form.html",
        {
            "activity": activity,
            "evaluation": evaluation,
            "form": form,
            "title": title,
            "measures": measures.measures_for(activity),
            "crumbs": _crumbs(activity, title),
        },
    )


# The feedback link and QR code ------------------------------------------------------------------


@internal_only
@require_http_methods(["GET", "POST"])
def feedback_link(request, pk: int):
    """A printable page with the activity's feedback link and its QR code; officers open and close the link."""
    activity = activity_for_reading(pk)
    can_manage = request.user.has_perm("evaluation.manage_feedback_link", activity)
    link = FeedbackLink.objects.filter(activity=activity).first()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "create":
            services.get_feedback_link(activity=activity)
        elif action in ("open", "close") and link is not None:
            services.set_feedback_link_open(link=link, is_open=action == "open")
            messages.success(
                request,
                "The feedback link is open: participants can give feedback."
                if action == "open"
                else "The feedback link is closed: participants who use it are told feedback has closed.",
            )
        else:
            messages.error(request, "Choose to open or close the feedback link.")
        return redirect("evaluation:feedback_link", pk=activity.pk)
    if link is None and not can_manage:
        raise Http404("This activity has no feedback link.")
    url = feedback_url(link, request) if link else ""
    return render(
        request,
        "evaluation/feedback_link.html",
        {
            "activity": activity,
            "link": link,
            "url": url,
            "qr_code": qr_code_svg(url) if link else "",
            "refusal": services.feedback_refusal(activity, link) if link else None,
            "can_manage": can_manage,
            "responses": ParticipantFeedback.objects.filter(activity=activity).count(),
            "crumbs": _crumbs(activity, "Feedback link and QR code"),
        },
    )


# What works --------------------------------------------------------------------------------------


@internal_only
@require_GET
@records_views("evaluation.what-works", object_id=None)  # equality answers across activities
@kept_view(params=("groups", "area", "priority"))
def what_works(request):
    """Which methods worked for the groups chosen: ratings and reach from evaluated activities."""
    form = WhatWorksForm(request.GET or None)
    context = {
        "form": form,
        "minimum": measures.thin_evidence_below(),
        "crumbs": [("Home", "/"), ("What works", None)],
    }
    if form.is_bound and form.is_valid():
        groups, area, priority = form.cleaned_data["groups"], form.cleaned_data["area"], form.cleaned_data["priority"]
        activities = measures.evaluated_for(groups, area=area, priority=priority)
        found = measures.what_works_for(groups, area=area, priority=priority)
        context.update(
            {
                "evidence": found.evidence,
                "activity_count": found.activity_count,
                "feedback": found.feedback,
                "equality": measures.equality_summary(activities=activities),
                "chosen_groups": list(groups),
            }
        )
    return render(request, "evaluation/what_works.html", context)


def group_ids(values) -> list[int]:
    """The ids among `values` (strings, numbers or groups) that could be groups; anything else is ignored."""
    ids = []
    for value in values or []:
        value = getattr(value, "pk", value)
        if isinstance(value, int) or (isinstance(value, str) and value.isascii() and value.isdigit()):
            number = int(value)
            if 0 < number < 2**63:
                ids.append(number)
    return ids


def suggestion_context(ids: list[int]) -> dict:
    groups = list(Group.objects.filter(pk__in=ids)) if ids else []
    return {
        "groups": groups,
        "suggestions": measures.methods_that_worked(groups) if groups else [],
        "minimum": measures.thin_evidence_below(),
        "query": "&".join(f"groups={g.pk}" for g in groups),
    }


@internal_only
@require_GET
def methods_for_groups(request):
    """The "methods that worked" panel of the activity form, for the groups ticked so far (HTMX)."""
    context = suggestion_context(group_ids(request.GET.getlist("groups")))
    return render(request, "evaluation/_methods_that_worked.html", context)
