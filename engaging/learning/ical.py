"""Sessions as iCalendar events, written with the register's iCalendar helpers (engaging/register/ical.py)."""

from django.conf import settings
from django.utils import timezone

from engaging.core.addresses import absolute_url
from engaging.register import ical


def event(session, request=None) -> list[str]:
    """One session as an event's content lines: its times, place and a link to its page."""
    where = session.venue or ("Online" if session.online_link else "")
    lines = [
        f"UID:course-session-{session.pk}@{settings.SERVICE_NAME.lower().replace(' ', '-')}",
        f"DTSTAMP:{ical.utc(timezone.now())}",
        f"DTSTART:{ical.utc(session.starts_at)}",
        f"DTEND:{ical.utc(session.ends_at)}",
        f"SUMMARY:{ical.text(session.name)}",
        f"URL:{absolute_url(session.get_absolute_url(), request)}",
    ]
    if where:
        lines.append(f"LOCATION:{ical.text(where)}")
    if session.is_cancelled:
        lines.append("STATUS:CANCELLED")
    return lines


def calendar_of(sessions, request=None, *, name: str = "Training and events") -> bytes:
    properties = [
        "VERSION:2.0",
        f"PRODID:-//{ical.text(settings.SERVICE_NAME)}//Training and events//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ical.text(name)}",
    ]
    return ical.calendar(properties, [event(session, request) for session in sessions])
