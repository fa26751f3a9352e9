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
        section = {"kind": kind, "count": len(records)}
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
