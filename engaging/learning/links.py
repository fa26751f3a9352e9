"""Signed links that let someone who booked act on their booking without an account.

Each link carries the booking's id signed with the hub's secret key and a purpose of its own, so a
link to give feedback cannot be used to cancel, and nobody can make a link for another booking.
"""

from django.core import signing
from django.urls import reverse

from engaging.core.addresses import absolute_url

MANAGE = "learning.booking.manage"
FEEDBACK = "learning.booking.feedback"
CERTIFICATE = "learning.booking.certificate"


def token_for(booking, purpose: str) -> str:
    return signing.dumps(booking.pk, salt=purpose)


def booking_id(token: str, purpose: str) -> int | None:
    """The booking a token was made for, or None when it was not made here for this purpose."""
    try:
        value = signing.loads(token, salt=purpose)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def manage_url(booking, request=None) -> str:
    return absolute_url(reverse("learning:booking", args=[token_for(booking, MANAGE)]), request)


def feedback_url(booking, request=None) -> str:
    return absolute_url(reverse("learning:feedback", args=[token_for(booking, FEEDBACK)]), request)


def certificate_url(booking, request=None) -> str:
    return absolute_url(reverse("learning:certificate", args=[token_for(booking, CERTIFICATE)]), request)
