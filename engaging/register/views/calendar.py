import calendar as pycalendar
from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from engaging.accounts.access import internal_only
from engaging.core.addresses import absolute_url, site_host
from engaging.core.feeds import kept_feed
from engaging.core.kept import kept_view
from engaging.register import ical
from engaging.register.filters import ActivityFilter
from engaging.register.models import Activity, EngagementType
from engaging.register.views.activities import filtered_activities

MAX_FEED_EVENTS = 2000


@internal_only
@kept_view(params=ActivityFilter.base_filters, words=("q",))
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


# What an event shows, read as plain rows: building a model for each of two thousand activities (and one for
# its lead organisation) cost more than writing the feed.
FEED_FIELDS = (
    "pk", "title", "summary", "how_to_take_part", "start_date", "end_date", "type", "status", "updated_at",
)  # fmt: skip
PARTNER_FEED_FIELDS = (*FEED_FIELDS, "contact_email", "lead_organisation__name")
TYPE_NAMES = dict(EngagementType.choices)


def address_for_each(url_name: str, request=None) -> Callable[[int], str]:
    """The full address of `url_name` for a record's id, reversed once for a whole feed rather than once per event."""
    placeholder = 987654321
    before, after = absolute_url(reverse(url_name, args=[placeholder]), request).split(str(placeholder))
    return lambda pk: f"{before}{pk}{after}"


def build_ical(activities, *, name: str, public: bool, request=None) -> bytes:
    """An RFC 5545 calendar with one all-day event for each of the first MAX_FEED_EVENTS `activities` (a
    queryset), linking to the hub at the address of `request` (or SITE_URL: see engaging/core/addresses.py)."""
    properties = [
        f"PRODID:-//{ical.text(settings.SERVICE_NAME)}//Engagement register//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ical.text(name)}",
    ]
    stamp = ical.utc(timezone.now())
    host = site_host()  # not the request's: an event keeps its UID whichever address the feed is read at
    address = address_for_each("public:activity" if public else "register:detail", request)
    rows = activities.values(*(FEED_FIELDS if public else PARTNER_FEED_FIELDS))[:MAX_FEED_EVENTS]
    events = []
    for row in rows:
        description = row["summary"]
        if row["how_to_take_part"]:
            description += "\n\nHow to take part: " + row["how_to_take_part"]
        event = [
            f"SUMMARY:{ical.text(row['title'])}",
            f"DTSTART;VALUE=DATE:{ical.day(row['start_date'])}",
            f"DTEND;VALUE=DATE:{ical.day(row['end_date'] + timedelta(days=1))}",
            f"DTSTAMP:{stamp}",
            f"UID:activity-{row['pk']}@{host}",
            f"CATEGORIES:{ical.text(TYPE_NAMES.get(row['type'], row['type']))}",
            f"DESCRIPTION:{ical.text(description)}",
        ]
        if isinstance(row["updated_at"], datetime):
            event.append(f"LAST-MODIFIED:{ical.utc(row['updated_at'])}")
        if not public and row["lead_organisation__name"] is not None:
            email = f"mailto:{row['contact_email']}" if row["contact_email"] else "mailto:noreply@invalid"
            event.append(f"ORGANIZER;CN={ical.parameter(row['lead_organisation__name'])}:{email}")
        event += [
            f"STATUS:{'CANCELLED' if row['status'] == 'cancelled' else 'CONFIRMED'}",
            f"URL:{address(row['pk'])}",
        ]
        events.append(event)
    return ical.calendar(properties, events)


def ical_response(payload: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@internal_only
def register_feed(request):
    """The register as a calendar, with the register's filters; kept for everyone with the visitor's roles until
    an activity (or what it shows) changes. Words to search for and dates are answered afresh."""
    activity_filter = filtered_activities(request)

    def calendar():
        payload = build_ical(
            activity_filter.qs, name=f"{settings.SERVICE_NAME}: engagement register", public=False, request=request
        )
        return ical_response(payload, "register.ics")

    return kept_feed(
        request, "register", activity_filter, calendar, typed=("q", "starts_after", "ends_before"), by_roles=True
    )
