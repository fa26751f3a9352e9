"""How many bookings one client address may make in a window, counted by engaging.core.limits.

Settings, read when used: BOOKING_RATE_LIMIT (default 20) bookings per BOOKING_RATE_WINDOW seconds (3600).
"""

from django.conf import settings

from engaging.core import limits


def booking_limit() -> limits.Limit:
    return limits.Limit("booking", settings.BOOKING_RATE_LIMIT, settings.BOOKING_RATE_WINDOW)


def over_limit(request) -> bool:
    """Whether this address has already made as many bookings as the window allows."""
    return limits.usage(request, booking_limit()).count >= booking_limit().allowed


def count_booking(request) -> None:
    limits.count(request, booking_limit())
