"""The public feedback link of an activity, as an address and as a QR code."""

import segno
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from engaging.core.addresses import absolute_url
from engaging.evaluation.models import FeedbackLink


def feedback_url(link: FeedbackLink, request=None) -> str:
    """The full address participants type or scan: SITE_URL, or else the address `request` came to."""
    return absolute_url(reverse("feedback:form", args=[link.code]), request)


def qr_code_svg(url: str) -> str:
    """An inline SVG QR code for `url`, announced as an image with the address as its text alternative."""
    svg = segno.make(url, error="m").svg_inline(scale=6, border=4, dark="#000", light="#fff", svgclass="et-qr")
    label = escape(f"QR code that opens the feedback form at {url}")
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1))
