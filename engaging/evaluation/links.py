"""The public feedback link of an activity, as an address and as a QR code."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from engaging.evaluation.models import FeedbackLink


def feedback_url(link: FeedbackLink) -> str:
    """The full address participants type or scan, on this hub's public site (settings.SITE_URL)."""
    return settings.SITE_URL + reverse("feedback:form", args=[link.code])


def qr_code_svg(url: str) -> str:
    """An inline SVG QR code for `url`, announced as an image with the address as its text alternative."""
    svg = segno.make(url, error="m").svg_inline(scale=6, border=4, dark="#000", light="#fff", svgclass="et-qr")
    label = escape(f"QR code that opens the feedback form at {url}")
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1))
