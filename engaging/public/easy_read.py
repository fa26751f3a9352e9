"""The Easy Read version of an activity's "You said, we did" page."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from engaging.core.kept import kept_parts, render_page
from engaging.loop.easy_read import we_did
from engaging.loop.models import Response, public_feedback_activities, public_findings
from engaging.plain.checking import live_glossary
from engaging.plain.easy_read import opening_ideas
from engaging.plain.easy_read_views import shown_ideas
from engaging.plain.models import EasyRead
from engaging.plain.picturing import live_keywords, shown
from engaging.register.easy_read import about_activity


@require_safe
def you_said_we_did(request, pk: int):
    """The Easy Read version of an activity's "You said, we did" page: only what the standard page shows.

    A fixed number of queries, however many findings and responses there are. Kept for each set of roles, since
    those who may change a response's Easy Read version are offered a link to do so.
    """
    page = kept_parts(request, "you-said-we-did-easy-read", PARTS, lambda: _easy_read(request, pk), params=())
    standard = reverse("yswd:activity", args=[pk])
    crumbs = [("Home", "/"), ("You said, we did", reverse("yswd:index")), (page["name"], standard), ("Easy Read", None)]
    return render_page(request, "public/yswd_easy_read.html", {**page, "crumbs": crumbs}, params=())


PARTS = {"name": "public/_yswd_activity_name.html", "body": "public/_yswd_easy_read_body.html"}


def _easy_read(request, pk: int) -> dict:
    activity = get_object_or_404(
        public_feedback_activities().only("id", "title", "start_date", "end_date", "participants_actual"), pk=pk
    )
    heard = public_findings().filter(activity=activity)
    findings = list(heard.order_by("heard_on", "pk").only("id", "statement"))
    answering = Response.findings.through.objects.filter(finding__in=heard.values("pk")).values("response_id")
    responses = list(
        Response.objects.public()
        .filter(pk__in=answering)
        .order_by("-updated_at", "-pk")
        .only("id", "action", "outcome", "reason", "status", "organisation", "due_on", "completed_on")
    )
    saved = {
        easy_read.object_id: easy_read.ideas
        for easy_read in EasyRead.objects.filter(
            content_type=ContentType.objects.get_for_model(Response), object_id__in=[r.pk for r in responses]
        ).only("object_id", "ideas")
    }
    glossary, keywords, today = live_glossary(), live_keywords(), date.today()
    said = [
        shown_ideas([{"text": text} for text in opening_ideas(f.statement, glossary=glossary)], keywords)
        for f in findings
    ]
    did = [
        {
            "response": response,
            "ideas": we_did(response, saved.get(response.pk), glossary=glossary, keywords=keywords, today=today),
            "can_edit": request.user.has_perm("loop.change_response", response),
        }
        for response in responses
    ]
    return {
        "activity": activity,
        "about": [shown(text, keywords) for text in about_activity(activity, today)],
        "said": [ideas for ideas in said if ideas],
        "did": did,
        # The hub's own lines for what is not there yet: an egg timer, whatever words they share with others.
        "nothing_said": [shown("We have not shared what people told us yet.", keywords, "wait")],
        "nothing_done": [shown("We have not said what we are doing about it yet.", keywords, "wait")],
        "standard_url": reverse("yswd:activity", args=[pk]),
    }
