"""Certificates of attendance as PDFs, written by WeasyPrint from a small HTML page."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from engaging.core.addresses import site_root


def certificate_pdf(booking) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to load and only this needs it

    session = booking.session
    html = render_to_string(
        "learning/certificate.html",
        {
            "booking": booking,
            "session": session,
            "starts": timezone.localtime(session.starts_at),
            "ends": timezone.localtime(session.ends_at),
            "hours": round((session.ends_at - session.starts_at).total_seconds() / 3600, 1),
            "PARTNERSHIP_NAME": settings.PARTNERSHIP_NAME,
            "SERVICE_NAME": settings.SERVICE_NAME,
        },
    )
    return HTML(string=html, base_url=site_root()).write_pdf(pdf_variant="pdf/ua-1")
