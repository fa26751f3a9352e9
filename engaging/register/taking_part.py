"""How residents take part in an activity: a web link, an email address, a phone number, a place and times.

The rules here are shared by the planning form, the API and spreadsheet imports (through the model),
so a way to take part is checked the same wherever it is entered.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from engaging.register.lifecycle import UPCOMING

WAY_FIELDS = ("take_part_url", "take_part_email", "take_part_phone", "take_part_place", "take_part_times")

NEEDS_A_WAY = (
    "Give at least one way to take part (a web link, an email address, a phone number or a place and times), "
    "because residents can see this activity"
)
HTTPS_ONLY = "Enter a web address that starts with https://, like https://example.org/survey"
PHONE_FORMAT = "Enter a UK phone number, like 01632 960 123 or 020 7946 0123"

_https = URLValidator(schemes=["https"], message=HTTPS_ONLY)
# What people type around the digits of a phone number: spaces, dashes, dots and brackets.
_PHONE_PUNCTUATION = re.compile(r"[\s\-.()]")


def validate_https_url(value: str) -> None:
    """A link residents follow must be secure: only https addresses are accepted."""
    if not value.lower().startswith("https://"):
        raise ValidationError(HTTPS_ONLY, code="https")
    _https(value)


def phone_digits(value: str) -> str | None:
    """The national digits of a UK phone number (0 and 9 or 10 more), or None if it is not one.

    Spaces, dashes, dots and brackets are ignored, and +44 (or 0044) stands for the leading 0.
    """
    # "+44 (0)20…": the 0 in brackets is dialled only from inside the UK.
    compact = _PHONE_PUNCTUATION.sub("", (value or "").replace("(0)", ""))
    if compact.startswith("+44"):
        compact = "0" + compact[3:]
    elif compact.startswith("0044"):
        compact = "0" + compact[4:]
    if compact.startswith("00"):
        return None
    if compact.isascii() and compact.isdigit() and compact.startswith("0") and len(compact) in (10, 11):
        return compact
    return None


def validate_uk_phone(value: str) -> None:
    if phone_digits(value) is None:
        raise ValidationError(PHONE_FORMAT, code="phone")


def phone_href(value: str) -> str:
    """A tel: link in international form, which phones dial from anywhere."""
    digits = phone_digits(value)
    return f"tel:+44{digits[1:]}" if digits else ""


def needs_a_way(*, is_public: bool, status: str) -> bool:
    """An activity residents can see and still join (planned or open) must say how to take part."""
    return bool(is_public) and status in UPCOMING


def way_problems(values: dict, *, is_public: bool, status: str) -> dict[str, str]:
    """What is missing from an activity's ways to take part, by field; empty when nothing is."""
    problems = {}
    place, times = (values.get("take_part_place") or "").strip(), (values.get("take_part_times") or "").strip()
    if place and not times:
        problems["take_part_times"] = "Enter the days and times people can come to the place"
    if times and not place:
        problems["take_part_place"] = "Enter the place people can come to at those times"
    if needs_a_way(is_public=is_public, status=status) and not any(
        (values.get(name) or "").strip() for name in WAY_FIELDS
    ):
        problems["take_part_url"] = NEEDS_A_WAY
    return problems


@dataclass(frozen=True)
class Way:
    """One way to take part, as a page shows it: what it is, the words shown and where the link goes."""

    kind: str
    label: str
    text: str
    href: str = ""
    detail: str = ""


def ways_to_take_part(activity) -> list[Way]:
    """An activity's ways to take part, each with a link a browser or phone can follow."""
    ways = []
    if activity.take_part_url:
        ways.append(Way("online", "Online", activity.take_part_url, activity.take_part_url))
    if activity.take_part_email:
        ways.append(Way("email", "By email", activity.take_part_email, f"mailto:{activity.take_part_email}"))
    if activity.take_part_phone:
        ways.append(Way("phone", "By phone", activity.take_part_phone, phone_href(activity.take_part_phone)))
    if activity.take_part_place:
        ways.append(Way("place", "In person", activity.take_part_place, detail=activity.take_part_times))
    return ways
