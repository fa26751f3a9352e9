"""Pages for residents: no sign-in, and only public activities with their public fields."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from engaging.accounts.landing import BOARD, starts_on_board
from engaging.core.navigation import link
from engaging.evaluation.models import FeedbackLink
from engaging.evaluation.services import feedback_refusal
from engaging.lists.models import PublicAudience
from engaging.loop.models import Response
from engaging.register.filters import PublicActivityFilter
from engaging.register.models import FINISHED, UPCOMING, Activity, Status
from engaging.register.views.calendar import MAX_FEED_EVENTS, build_ical, ical_response
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
    shown = public_activities()
    context = {
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
    return render(request, "public/home.html", context)


def activities(request):
    activity_filter = PublicActivityFilter(request.GET or None, queryset=public_activities())
    page = Paginator(activity_filter.qs.prefetch_related("areas", "groups"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "public/activities.html",
        {
            "filter": activity_filter,
            "page_obj": page,
            "query": request.GET.urlencode(),
            "crumbs": [("Home", "/"), ("Get involved", None)],
        },
    )


def activity(request, pk: int):
    """An activity's public page: how to take part while it runs, and where to give feedback once it has closed."""
    shown = Activity.objects.filter(is_public=True, status__in=(*UPCOMING, *FINISHED)).only(*PUBLIC_FIELDS, "is_public")
    item = get_object_or_404(shown.prefetch_related("areas", "groups", "priorities", "methods"), pk=pk)
    lead = Activity.objects.filter(pk=pk).values_list("lead_organisation__name", flat=True).first()
    feedback = None
    if item.status in FINISHED:
        feedback_link = FeedbackLink.objects.filter(activity=item).first()
        if feedback_refusal(item, feedback_link) is None:
            feedback = reverse("feedback:form", args=[feedback_link.code])
    return render(
        request,
        "public/activity.html",
        {
            "activity": item,
            "audience": PublicAudience.of(item.groups.all()),
            "lead_name": lead,
            "closed": item.status in FINISHED,
            "feedback_url": feedback,
            "crumbs": [("Home", "/"), ("Get involved", "/get-involved/"), (item.title, None)],
        },
    )


def feed(request):
    activity_filter = PublicActivityFilter(request.GET or None, queryset=public_activities())
    payload = build_ical(
        activity_filter.qs[:MAX_FEED_EVENTS],
        name=f"{settings.SERVICE_NAME}: get involved",
        public=True,
        request=request,
    )
    return ical_response(payload, "get-involved.ics")


def accessibility(request):
    return render(request, "public/accessibility.html", {"crumbs": [("Home", "/"), ("Accessibility", None)]})
