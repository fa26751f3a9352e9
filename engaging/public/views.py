"""Pages for residents: no sign-in, and only public activities with their public fields.

Each page's content is the same for everyone, so it is kept (engaging/core/kept.py) until a table it reads
is written; what is around it (the menu for the visitor) is put in as each request is served.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from engaging.accounts.landing import BOARD, starts_on_board
from engaging.core.feeds import kept_feed
from engaging.core.kept import kept_html, kept_parts, page_of, render_page
from engaging.core.navigation import link
from engaging.evaluation.models import FeedbackLink
from engaging.evaluation.services import feedback_refusal
from engaging.lists.models import PublicAudience
from engaging.loop.models import Response
from engaging.questionnaires.models import Questionnaire
from engaging.register.filters import PublicActivityFilter
from engaging.register.models import FINISHED, UPCOMING, Activity, Status
from engaging.register.views.calendar import build_ical, ical_response
from engaging.reports.models import LocalAccount

PUBLIC_FIELDS = (
    "id", "title", "summary", "how_to_take_part", "start_date", "end_date", "type", "level", "status",
    "take_part_url", "take_part_email", "take_part_phone", "take_part_place", "take_part_times",
)  # fmt: skip


HOME_LISTED = 4  # activities listed under each heading of the home page


def public_activities():
    return Activity.objects.public().only(*PUBLIC_FIELDS).order_by("start_date", "title")


def home(request):
    if starts_on_board(request.user):
        # A board member's home in the hub is the board's pages; residents' pages stay a click away in the menu.
        return redirect(link(BOARD))
    body = kept_html(request, "home", "public/_home_body.html", home_context, params=(), by_roles=False)
    return render_page(request, "public/home.html", {"body": body}, params=())


def home_context() -> dict:
    shown = public_activities()
    return {
        # Closing soonest first, so nobody misses one that is about to end.
        "open_now": list(shown.filter(status=Status.OPEN).order_by("end_date", "title")[:HOME_LISTED]),
        "coming_up": list(shown.filter(status=Status.PLANNED)[:HOME_LISTED]),
        "changes": list(
            Response.objects.public()
            .filter(status=Response.Status.DONE)
            .select_related("organisation")
            .order_by("-completed_on", "-pk")[:3]
        ),
        "account_year": LocalAccount.objects.filter(is_published=True, board=None)
        .order_by("-year")
        .values_list("year", flat=True)
        .first(),
    }


ACTIVITIES_PARAMS = (*PublicActivityFilter.base_filters, "page")  # what "Get involved" reads from its address


def activities(request):
    def listed() -> dict:
        activity_filter = PublicActivityFilter(request.GET or None, queryset=public_activities())
        return {
            "filter": activity_filter,
            "page_obj": page_of(Paginator(activity_filter.qs.prefetch_related("areas"), 20), request),
            "query": request.GET.urlencode(),
        }

    body = kept_html(
        request, "get-involved", "public/_activities_body.html", listed, params=ACTIVITIES_PARAMS, by_roles=False
    )
    crumbs = [("Home", "/"), ("Get involved", None)]
    return render_page(request, "public/activities.html", {"body": body, "crumbs": crumbs}, params=ACTIVITIES_PARAMS)


def activity(request, pk: int):
    """An activity's public page: how to take part while it runs, and where to give feedback once it has closed."""

    def shown() -> dict:
        public = Activity.objects.filter(is_public=True, status__in=(*UPCOMING, *FINISHED))
        item = get_object_or_404(
            public.select_related("lead_organisation")
            .only(*PUBLIC_FIELDS, "is_public", "lead_organisation__name")
            .prefetch_related("areas", "groups", "methods"),
            pk=pk,
        )
        feedback = None
        if item.status in FINISHED:
            feedback_link = FeedbackLink.objects.filter(activity=item).first()
            if feedback_refusal(item, feedback_link) is None:
                feedback = reverse("feedback:form", args=[feedback_link.code])
        return {
            "activity": item,
            "audience": PublicAudience.of(item.groups.all()),
            "lead_name": item.lead_organisation.name if item.lead_organisation else None,
            "closed": item.status in FINISHED,
            "feedback_url": feedback,
            # Questionnaires residents can answer in the hub now, soonest closing first.
            "questionnaires": list(
                Questionnaire.objects.public().filter(activity=item).open_on().order_by("closes_on", "pk")
            ),
        }

    page = kept_parts(
        request, "public-activity", {"title": "public/_activity_title.html", "body": "public/_activity_body.html"},
        shown, params=(), by_roles=False,
    )  # fmt: skip
    crumbs = [("Home", "/"), ("Get involved", "/get-involved/"), (page["title"], None)]
    return render_page(request, "public/activity.html", {**page, "crumbs": crumbs}, params=())


def feed(request):
    activity_filter = PublicActivityFilter(request.GET or None, queryset=public_activities())

    def calendar():
        payload = build_ical(
            activity_filter.qs, name=f"{settings.SERVICE_NAME}: get involved", public=True, request=request
        )
        return ical_response(payload, "get-involved.ics")

    return kept_feed(request, "get-involved", activity_filter, calendar)


def accessibility(request):
    return render(request, "public/accessibility.html", {"crumbs": [("Home", "/"), ("Accessibility", None)]})
