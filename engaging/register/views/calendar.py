import calendar as pycalendar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from engaging.accounts.access import internal_only
from engaging.core.addresses import absolute_url, site_host
from engaging.register import ical
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
    properties = [
        f"PRODID:-//{ical.text(settings.SERVICE_NAME)}//Engagement register//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ical.text(name)}",
    ]
    stamp = ical.utc(timezone.now())
    host = site_host()  # not the request's: an event keeps its UID whichever address the feed is read at
    events = []
    for activity in activities:
        description = activity.summary
        if activity.how_to_take_part:
            description += "\n\nHow to take part: " + activity.how_to_take_part
        path = reverse("public:activity", args=[activity.pk]) if public else activity.get_absolute_url()
        event = [
            f"SUMMARY:{ical.text(activity.title)}",
            f"DTSTART;VALUE=DATE:{ical.day(activity.start_date)}",
            f"DTEND;VALUE=DATE:{ical.day(activity.end_date + timedelta(days=1))}",
            f"DTSTAMP:{stamp}",
            f"UID:activity-{activity.pk}@{host}",
            f"CATEGORIES:{ical.text(activity.get_type_display())}",
            f"DESCRIPTION:{ical.text(description)}",
        ]
        if isinstance(activity.updated_at, datetime):
            event.append(f"LAST-MODIFIED:{ical.utc(activity.updated_at)}")
        if not public and activity.lead_organisation_id:
            email = f"mailto:{activity.contact_email}" if activity.contact_email else "mailto:noreply@invalid"
            event.append(f"ORGANIZER;CN={ical.parameter(activity.lead_organisation.name)}:{email}")
        event += [
            f"STATUS:{'CANCELLED' if activity.status == 'cancelled' else 'CONFIRMED'}",
            f"URL:{absolute_url(path, request)}",
        ]
        events.append(event)
    return ical.calendar(properties, events)


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
