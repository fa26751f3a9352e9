"""The public feedback form at /f/<code>/: anonymous ratings of an activity, and optional equality questions.

Nothing that identifies the participant is asked for or kept: no name, no contact details, no
network address, no browser details. The rate limit knows a client only by a keyed hash held in the
cache for an hour (see engaging.evaluation.throttle).
"""

from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from engaging.core.kept import kept_parts, render_page
from engaging.evaluation import services, throttle
from engaging.evaluation.forms import EqualityMonitoringForm, ParticipantFeedbackForm
from engaging.evaluation.models import FeedbackLink

CRUMBS = [("Home", "/"), ("Give feedback", None)]


def _link(code: str) -> FeedbackLink | None:
    if not (code.isascii() and code.isalnum() and len(code) <= 12):
        return None
    return FeedbackLink.objects.select_related("activity").filter(code=code.lower()).first()


def unavailable(request, refusal: services.Refusal):
    return render(
        request, "public/feedback_unavailable.html", {"refusal": refusal, "crumbs": CRUMBS}, status=refusal.status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def give_feedback(request, code: str):
    link = _link(code)
    if link is None:
        return unavailable(request, services.NOT_HERE)
    activity = link.activity
    refusal = services.feedback_refusal(activity, link)
    if refusal is not None:
        return unavailable(request, refusal)
    if request.method == "GET":
        # The empty form is the same for everyone who follows the link: kept, each request's own CSRF token put in.
        page = kept_parts(request, "feedback-form", FORM_PARTS, lambda: _empty(activity), params=(), by_roles=False)
        return render_page(request, "public/feedback_form.html", {**page, "crumbs": CRUMBS}, params=())

    if throttle.over_limit(request, activity.pk):
        response = render(
            request, "public/feedback_limit.html", {"limit": throttle.limit(), "crumbs": CRUMBS}, status=429
        )
        response["Retry-After"] = str(throttle.window())
        return response

    form = ParticipantFeedbackForm(request.POST)
    equality_form = EqualityMonitoringForm(request.POST)
    if form.caught_a_robot():
        # Look exactly like success, so that whatever filled the trap learns nothing.
        throttle.count_submission(request, activity.pk)
        return redirect("feedback:thanks", code=link.code)
    if form.is_valid() and equality_form.is_valid():
        services.give_feedback(
            activity=activity,
            ratings=form.ratings(),
            comment=form.cleaned_data["comment"],
            equality=equality_form.answers(),
        )
        throttle.count_submission(request, activity.pk)
        return redirect("feedback:thanks", code=link.code)
    # The participant's own answers, with what to put right.
    values = {"activity": activity, "form": form, "equality_form": equality_form}
    page = {
        name: mark_safe(render_to_string(template, values, request=request)) for name, template in FORM_PARTS.items()
    }
    return render_page(request, "public/feedback_form.html", {**page, "crumbs": CRUMBS})


def _empty(activity) -> dict:
    return {"activity": activity, "form": ParticipantFeedbackForm(None), "equality_form": EqualityMonitoringForm(None)}


FORM_PARTS = {"title": "public/_feedback_form_title.html", "body": "public/_feedback_form_body.html"}


@require_GET
def thanks(request, code: str):
    link = _link(code)
    if link is None or link.activity.archived_at is not None or not link.activity.is_public:
        return unavailable(request, services.NOT_HERE)
    return render(request, "public/feedback_thanks.html", {"activity": link.activity, "crumbs": CRUMBS})
