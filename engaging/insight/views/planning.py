"""Before you start: what people have already said, shown while an activity is planned, and marking it used."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from engaging.accounts.access import internal_only
from engaging.insight import services
from engaging.insight.models import Finding, FindingUse
from engaging.insight.planning import Plan, panel_context
from engaging.register.models import Activity
from engaging.register.views.access import activity_for_reading


@internal_only
@require_POST
def before_you_start(request):
    """The panel for an activity form that has not been saved yet (HTMX); reads whatever the form holds."""
    activity = None
    raw = request.POST.get("activity_id", "")
    if raw.isascii() and raw.isdigit() and len(raw) < 19:
        activity = Activity.objects.filter(pk=int(raw)).first()
    plan = Plan.from_data(request.POST, activity=activity)
    return render(request, "insight/_before_you_start.html", panel_context(request, plan, activity, inside_form=True))


def _back(request, activity):
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(activity)


@internal_only
@require_POST
def use_finding(request, pk: int):
    """Mark a finding as used in planning an activity (or, with `unuse`, take that back)."""
    activity = activity_for_reading(pk)
    if not request.user.has_perm("insight.use_finding", activity):
        raise PermissionDenied
    removing = "unuse" in request.POST
    raw = request.POST.get("unuse" if removing else "finding", "")
    if not (raw.isascii() and raw.isdigit() and len(raw) < 19):
        raise Http404("No such finding")
    finding = get_object_or_404(Finding.objects.in_library(), pk=int(raw))
    problem = ""
    if removing:
        services.unmark_used(finding=finding, activity=activity)
    else:
        try:
            services.mark_used(finding=finding, activity=activity, user=request.user)
        except services.UseProblem as error:
            problem = str(error)
    if request.htmx:
        used = FindingUse.objects.filter(finding=finding, activity=activity).exists()
        return render(
            request,
            "insight/_use_button.html",
            {
                "f": finding,
                "activity": activity,
                "used": used,
                "problem": problem,
                "inside_form": request.GET.get("form") == "1",
                "next": request.GET.get("next") or request.POST.get("next", ""),
                "announce": True,
            },
        )
    if problem:
        messages.error(request, problem)
    elif removing:
        messages.success(request, f"Finding {finding.pk} is no longer marked as used for “{activity}”.")
    else:
        messages.success(request, f"Finding {finding.pk} is marked as used in planning “{activity}”.")
    return _back(request, activity)
