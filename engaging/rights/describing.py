"""What each record found says, in words for the coordinator's page and the person's summary, and in full as data.

`describe(record)` gives a heading and (label, value) rows in plain English, dates in words; `as_data(record)`
gives every field of the record for data.json. Neither ever gives a password, a token's secret or its hash.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.utils import timezone

from engaging.core.dates import day
from engaging.rights.finding import Record

# Never exported: what would let someone sign in or use a token, and nothing about the person.
SECRET_FIELDS = {"password", "key_hash", "hint", "session_hash", "post_data", "get_data", "http_accept"}


@dataclass
class Described:
    heading: str
    rows: list[tuple[str, str]]


def when(value) -> str:
    """A date, or a date and time, in words: 4 December 2026, or 4 December 2026 at 8:15pm."""
    if value is None or value == "":
        return "Not recorded"
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        hour = local.hour % 12 or 12
        minute = f":{local.minute:02d}" if local.minute else ""
        return f"{day(local.date())} at {hour}{minute}{'am' if local.hour < 12 else 'pm'}"
    if isinstance(value, date):
        return day(value)
    return str(value)


def _or_none(text: str, none: str = "None given") -> str:
    return text.strip() if text and text.strip() else none


def describe(record: Record) -> Described:
    return DESCRIBERS[record.kind](record.obj)


def _account(user) -> Described:
    return Described(
        user.get_full_name() or user.username,
        [
            ("Username", user.username),
            ("Name", _or_none(user.get_full_name(), "Not given")),
            ("Email address", _or_none(user.email, "Not given")),
            ("Account", "Can sign in" if user.is_active else "Switched off"),
            ("Account created", when(user.date_joined)),
            ("Last signed in", when(user.last_login) if user.last_login else "Never"),
        ],
    )


def _membership(membership) -> Described:
    return Described(
        f"{membership.get_role_display()} at {membership.organisation}",
        [("Job title", _or_none(membership.job_title, "Not given")), ("Since", when(membership.created_at))],
    )


def _token(token) -> Described:
    return Described(
        token.name,
        [
            ("Created", when(token.created_at)),
            ("Last used", when(token.last_used_at) if token.last_used_at else "Never"),
            ("Stopped", when(token.revoked_at) if token.revoked_at else "Still works"),
        ],
    )


def _change(change: dict) -> Described:
    return Described(f"{change['change']} {change['what']} number {change['record']}", [("When", when(change["when"]))])


def _named(named: dict) -> Described:
    return Described(f"{named['what'].capitalize()} number {named['id']}", [("Their account is given as", named["as"])])


def _sign_in(row) -> Described:
    kind = row._meta.model_name
    heading = {
        "accessattempt": "Failed sign-in attempts",
        "accessfailurelog": "A failed sign-in",
        "accesslog": "Signed in",
    }.get(kind, "Sign-in record")
    rows = [
        ("When", when(row.attempt_time)),
        ("Username used", row.username or ""),
        ("From address", row.ip_address or "Not recorded"),
    ]
    if kind == "accesslog" and row.logout_time:
        rows.append(("Signed out", when(row.logout_time)))
    if kind == "accessattempt":
        rows.append(("Failed attempts", str(row.failures_since_start)))
    rows.append(("Browser", _or_none(row.user_agent, "Not recorded")))
    return Described(heading, rows)


def _viewing(row) -> Described:
    what = row.kind
    try:
        what = str(apps.get_model(row.kind)._meta.verbose_name)
    except (LookupError, ValueError):
        pass
    return Described(
        f"Viewed {what} number {row.object_id}" if row.object_id else f"Viewed {what}", [("When", when(row.viewed_at))]
    )


def _booking(booking) -> Described:
    rows = [
        ("Name", booking.name),
        ("Email address", booking.email),
        ("Session", str(booking.session)),
        ("Booking", booking.get_status_display()),
        ("Organisation", _or_none(booking.organisation_label, "Not given")),
        ("Role", booking.get_role_display()),
        ("Access needs", _or_none(booking.access_needs)),
    ]
    for change in booking.changes.all():
        rows.append((change.get_kind_display(), when(change.at) + (f": {change.reason}" if change.reason else "")))
    feedback = getattr(booking, "feedback", None)
    if feedback is not None:
        rows.append(("Feedback: how useful", f"{feedback.useful} out of 5"))
        rows.append(("Feedback: how confident", f"{feedback.confident} out of 5"))
        rows.append(("Feedback: anything else", _or_none(feedback.comment)))
    return Described(str(booking.session), rows)


def _contact(contact) -> Described:
    questionnaire = contact.questionnaire
    return Described(
        f"To hear back about “{questionnaire.title}”",
        [
            ("Name", _or_none(contact.name, "Not given")),
            ("Email address", _or_none(contact.email, "Not given")),
            ("Phone number", _or_none(contact.phone, "Not given")),
            ("Given on", when(contact.given_on)),
            ("Kept until", when(questionnaire.hear_back_until())),
        ],
    )


def _story(story) -> Described:
    consent = getattr(story, "consent", None)
    rows = [
        ("How the teller is named", _or_none(story.told_by, "Anonymous")),
        ("The teller chose to be shown as", story.get_naming_display()),
        ("The story", story.text or "Removed"),
        ("Told at", str(story.meeting) if story.meeting_id else "Not at a meeting"),
    ]
    if consent is not None:
        rows += [
            ("Consent given by", _or_none(consent.given_by, "Removed")),
            ("Consent given on", when(consent.given_on)),
            ("Who may hear it", consent.get_scope_display()),
            ("Consent withdrawn", when(consent.withdrawn_at) if consent.withdrawn_at else "No"),
        ]
    return Described(story.title, rows)


def _activity(activity) -> Described:
    return Described(
        activity.title,
        [
            ("Led by", str(activity.lead_organisation)),
            ("Contact name", _or_none(activity.contact_name, "Not given")),
            ("Contact email address", _or_none(activity.contact_email, "Not given")),
            ("Contact phone number", _or_none(activity.contact_phone, "Not given")),
            ("Email address for taking part", _or_none(activity.take_part_email, "Not given")),
            ("Dates", f"{when(activity.start_date)} to {when(activity.end_date)}"),
        ],
    )


def _mention(mention: dict) -> Described:
    model = apps.get_model(mention["model"])
    rows = [
        (str(model._meta.get_field(name).verbose_name).capitalize(), text) for name, text in mention["text"].items()
    ]
    what = mention["what"].capitalize()
    return Described(
        f"{what}: {mention['record']}" if mention["record"] else f"{what} number {mention['id']}",
        rows or [("Text", "Only an earlier version gave it")],
    )


DESCRIBERS = {
    "mentions": _mention,
    "account": _account,
    "memberships": _membership,
    "tokens": _token,
    "changes": _change,
    "named_in": _named,
    "sign_ins": _sign_in,
    "viewing": _viewing,
    "bookings": _booking,
    "contact_requests": _contact,
    "stories": _story,
    "activity_contacts": _activity,
}

# Kinds with many small records: pages and the summary show them counted by what they were about.
SUMMARISED = {"changes", "named_in"}


def summarise(records: list[Record]) -> list[tuple[str, int]]:
    """Changes or records naming the account, counted by the kind of record, most first."""
    counted = Counter(
        str(record.obj["what"]).capitalize() if isinstance(record.obj, dict) else describe(record).heading
        for record in records
    )
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


# --- Data -----------------------------------------------------------------------------------------


def plain(value):
    """A value as JSON holds it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(each) for key, each in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(each) for each in value]
    return value


def _plain_fields(obj):
    return [f for f in obj._meta.concrete_fields if f.name not in SECRET_FIELDS]


def fields_of(obj: models.Model) -> dict:
    """Every field of a record but secrets; a link to another record is given by that record's name."""
    data = {}
    for each in _plain_fields(obj):
        value = getattr(obj, each.name) if each.is_relation else each.value_from_object(obj)
        data[each.name] = plain(value)
    return data


def as_data(record: Record) -> dict:
    obj = record.obj
    if isinstance(obj, dict):
        data = plain(obj)
    else:
        data = fields_of(obj)
        if record.kind == "account":
            data.pop("is_superuser", None)
        elif record.kind == "bookings":
            data["changes"] = [fields_of(change) for change in obj.changes.all()]
            feedback = getattr(obj, "feedback", None)
            data["feedback"] = fields_of(feedback) if feedback is not None else None
        elif record.kind == "stories":
            consent = getattr(obj, "consent", None)
            data["consent"] = fields_of(consent) if consent is not None else None
            data["themes"] = [str(theme) for theme in obj.themes.all()]
    return {"matched_on": record.matched_on, "certain": record.certain, **data}
