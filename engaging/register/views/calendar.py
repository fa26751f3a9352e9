import calendar as pycalendar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from engaging.accounts.access import internal_only
from engaging.core.addresses import absolute_url, site_host
from engaging.register.models import Activity
from engaging.register.views.activities import filtered_activities

MAX_FEED_EVENTS = 2000


@internal_only
def month(request, year: int | None = None, month: int | None = None):
    today = date.today()
    year = year or today.year
    month = month or today.month
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise Http404("No such month")
    first = date(year, month, 1)
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    activity_filter = filtered_activities(request)
    running = list(
        activity_filter.qs.running_between(first, last)
        .select_related("lead_organisation")
        .order_by("start_date", "title")
    )
    by_day: dict[date, list[tuple[str, Activity]]] = {}
    through_month = []
    for activity in running:
        if activity.start_date < first and activity.end_date > last:
            through_month.append(activity)
            continue
        if first <= activity.start_date <= last:
            by_day.setdefault(activity.start_date, []).append(
                ("starts" if activity.end_date > activity.start_date else "", activity)
            )
        if activity.end_date != activity.start_date and first <= activity.end_date <= last:
            by_day.setdefault(activity.end_date, []).append(("ends", activity))
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([(day, day.month == month, by_day.get(day, [])) for day in week])
    previous_month = first - timedelta(days=1)
    next_month = last + timedelta(days=1)
    query = request.GET.urlencode()
    return render(
        request,
        "register/calendar.html",
        {
            "filter": activity_filter,
            "weeks": weeks,
            "first": first,
            "through_month": through_month,
            "previous_month": previous_month,
            "next_month": next_month,
            "query": query,
            "weekdays": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            "crumbs": [("Home", "/"), ("Register", "/register/"), ("Calendar", None)],
        },
    )


def build_ical(activities, *, name: str, public: bool, request=None) -> bytes:
    """An RFC 5545 calendar with one all-day event per activity, linking to the hub at the address of `request`
    (or SITE_URL: see engaging/core/addresses.py)."""
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SERVICE_NAME}//Engagement register//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    host = site_host()  # not the request's: an event keeps its UID whichever address the feed is read at
    for activity in activities:
        event = Event()
        event.add("uid", f"activity-{activity.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", activity.start_date)
        event.add("dtend", activity.end_date + timedelta(days=1))
        event.add("summary", activity.title)
        description = activity.summary
        if activity.how_to_take_part:
            description += "\n\nHow to take part: " + activity.how_to_take_part
        event.add("description", description)
        path = reverse("public:activity", args=[activity.pk]) if public else activity.get_absolute_url()
        event.add("url", absolute_url(path, request))
        event.add("status", "CANCELLED" if activity.status == "cancelled" else "CONFIRMED")
        event.add("categories", [activity.get_type_display()])
        if not public and activity.lead_organisation_id:
            event.add(
                "organizer",
                f"mailto:{activity.contact_email}" if activity.contact_email else "mailto:noreply@invalid",
                parameters={"cn": activity.lead_organisation.name},
            )
        if isinstance(activity.updated_at, datetime):
            event.add("last-modified", activity.updated_at)
        cal.add_component(event)
    return cal.to_ical()


def ical_response(payload: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@internal_only
def register_feed(request):
    activities = filtered_activities(request).qs.select_related("lead_organisation")[:MAX_FEED_EVENTS]
    return ical_response(
        build_ical(activities, name=f"{settings.SERVICE_NAME}: engagement register", public=False, request=request),
        "register.ics",
    )
