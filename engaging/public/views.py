"""Pages for residents: no sign-in, and only public activities with their public fields."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from engaging.core.landing import BOARD, starts_on_board
from engaging.core.navigation import link
from engaging.register.filters import PublicActivityFilter
from engaging.register.models import Activity
from engaging.register.views.calendar import MAX_FEED_EVENTS, build_ical, ical_response

PUBLIC_FIELDS = ("id", "title", "summary", "how_to_take_part", "start_date", "end_date", "type", "level", "status")


def public_activities():
    return Activity.objects.public().only(*PUBLIC_FIELDS).order_by("start_date", "title")


def home(request):
    if starts_on_board(request.user):
        # A board member's home in the hub is the board's pages; residents' pages stay a click away in the menu.
        return redirect(link(BOARD))
    upcoming = list(public_activities().prefetch_related("areas")[:3])
    return render(request, "public/home.html", {"upcoming": upcoming})


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
    item = get_object_or_404(public_activities().prefetch_related("areas", "groups", "priorities", "methods"), pk=pk)
    lead = Activity.objects.filter(pk=pk).values_list("lead_organisation__name", flat=True).first()
    return render(
        request,
        "public/activity.html",
        {
            "activity": item,
            "lead_name": lead,
            "crumbs": [("Home", "/"), ("Get involved", "/get-involved/"), (item.title, None)],
        },
    )


def feed(request):
    activity_filter = PublicActivityFilter(request.GET or None, queryset=public_activities())
    payload = build_ical(
        activity_filter.qs[:MAX_FEED_EVENTS], name=f"{settings.SERVICE_NAME}: get involved", public=True
    )
    return ical_response(payload, "get-involved.ics")


def accessibility(request):
    return render(request, "public/accessibility.html", {"crumbs": [("Home", "/"), ("Accessibility", None)]})
