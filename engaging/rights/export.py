"""The subject access export: a ZIP with a summary the person can read (summary.html) and everything as data
(data.json). It is built in memory and handed over, never stored."""

import io
import json
import zipfile

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from engaging.rights.describing import SUMMARISED, as_data, describe, summarise, when
from engaging.rights.finding import Found

SCHEMA = "engaging-together/subject-access"
# Raised when a field is renamed or removed, or its meaning changes; adding a kind or a field keeps it.
SCHEMA_VERSION = 1


# How each kind reads to the person who asked, in the summary written for them.
FOR_YOU = {
    "account": ("Your account", "The account you sign in to the hub with."),
    "memberships": (
        "Your roles in organisations",
        "The organisations you work with in the hub, and your role at each.",
    ),
    "tokens": (
        "Your API tokens",
        "Tokens your organisation's systems use to read and write through the hub's API. We never keep a token's "
        "secret, so it is not shown.",
    ),
    "changes": (
        "Changes you made",
        "Each time you added, changed or removed a record, the hub kept who did it and when.",
    ),
    "named_in": (
        "Records that name your account",
        "Records that point to your account, for example as the person who created an activity or owns an action.",
    ),
    "sign_ins": (
        "Sign-in records",
        "When someone signed in, or tried to, with your username or email address, and from which internet address.",
    ),
    "viewing": ("What you viewed", "When you opened a story or an equality report in the hub."),
    "bookings": (
        "Your training bookings",
        "Places you booked on training courses and network events, what happened to each booking, and any "
        "feedback you gave.",
    ),
    "contact_requests": (
        "Contact details you left to hear back",
        "Contact details you gave on a questionnaire so we could tell you what happened as a result.",
    ),
    "stories": ("Stories you told", "Stories you told the board, and the consent you gave for them."),
    "mentions": (
        "Notes and other text that give your email address",
        "Records whose written text, such as notes, reasons or comments, includes your email address.",
    ),
    "activity_contacts": (
        "Activities that give you as the contact",
        "Engagement activities that name you as the person to contact.",
    ),
}


def export_data(found: Found, *, reference: str, produced_at) -> dict:
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "reference": reference,
        "produced_at": produced_at.isoformat(),
        "service": settings.SERVICE_NAME,
        "searched_for": {"email": found.email or None, "name": found.name or None},
        "kinds": {
            kind.slug: {
                "title": kind.title,
                "about": kind.about,
                "count": len(records),
                "records": [as_data(record) for record in records],
            }
            for kind, records in found.by_kind()
        },
    }


def summary_html(found: Found, *, reference: str, produced_at) -> str:
    sections = []
    for kind, records in found.by_kind():
        title, about = FOR_YOU.get(kind.slug, (kind.title, kind.about))
        section = {"kind": kind, "title": title, "about": about, "count": len(records)}
        if kind.slug in SUMMARISED:
            section["summary"] = summarise(records)
        else:
            section["records"] = [describe(record) for record in records]
        sections.append(section)
    return render_to_string(
        "rights/summary.html",
        {
            "sections": sections,
            "reference": reference,
            "produced": when(produced_at),
            "found": found,
            "SERVICE_NAME": settings.SERVICE_NAME,
            "PARTNERSHIP_NAME": settings.PARTNERSHIP_NAME,
        },
    )


def build_zip(found: Found, *, reference: str, produced_at=None) -> bytes:
    """The ZIP for one subject access request: summary.html and data.json."""
    produced_at = produced_at or timezone.now()
    data = export_data(found, reference=reference, produced_at=produced_at)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.html", summary_html(found, reference=reference, produced_at=produced_at))
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
    return buffer.getvalue()


def zip_name(reference: str) -> str:
    return f"subject-access-{reference}.zip"
