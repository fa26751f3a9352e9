"""The Local Account and its Easy Read version as tagged PDFs (PDF/UA-1), written by WeasyPrint."""

import base64
import logging
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from engaging.core.addresses import site_root
from engaging.plain.pictures import PICTURES
from engaging.plain.pictures import svg as picture_svg
from engaging.plain.picturing import live_keywords
from engaging.reports import charts, easy_read
from engaging.reports.local_account import AccountFigures

# WeasyPrint reports every step of every page at INFO; the worker's log needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

VARIANT = "pdf/ua-1"  # tagged, with a language, a title and text alternatives for every image


def chart_set(figures: AccountFigures) -> dict[str, str]:
    """The report's charts as SVG, keyed by where they go."""
    year = figures.year
    return {
        "by_type": charts.bar_chart(f"Activities by type of engagement, {year}", figures.by_type),
        "by_level": charts.bar_chart(f"Activities by level of influence, {year}", figures.by_level),
        "seldom_heard": charts.bar_chart(
            f"People from seldom-heard groups who took part, {year}", figures.seldom_heard, unit="people"
        ),
        "themes": charts.bar_chart(f"What people talked about most, {year}", figures.top_themes, unit="findings"),
    }


def _context(account, figures: AccountFigures, generated_on: date | None) -> dict:
    return {
        "account": account,
        "figures": figures,
        "generated_on": generated_on or date.today(),
        "PARTNERSHIP_NAME": settings.PARTNERSHIP_NAME,
        "SERVICE_NAME": settings.SERVICE_NAME,
        "site_url": site_root(),
    }


def _write(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to load and only the writers need it

    return HTML(string=html, base_url=site_root()).write_pdf(pdf_variant=VARIANT)


def local_account_pdf(account, figures: AccountFigures, generated_on: date | None = None) -> bytes:
    context = _context(account, figures, generated_on) | {"charts": chart_set(figures)}
    return _write(render_to_string("reports/pdf/local_account.html", context))


PICTURE_COLOUR = "#1d4e89"  # the partnership's blue: an image in a PDF has no text colour to follow


def picture_uri(name: str) -> str:
    """A picture as a data URI for an <img> in the PDF ("" for no picture), drawn in the partnership's blue."""
    if not name:
        return ""
    drawing = picture_svg(name, colour=PICTURE_COLOUR, alt=True)
    return "data:image/svg+xml;base64," + base64.b64encode(drawing.encode()).decode()


def easy_read_sections(account, figures: AccountFigures) -> list[dict]:
    """The Easy Read sections with each idea's picture ready to print, described for the PDF's tags."""
    return [
        {
            "heading": section.heading,
            "ideas": [
                {
                    "uri": picture_uri(idea.picture),
                    "alt": PICTURES[idea.picture].alt if idea.picture else "",
                    "sentences": idea.sentences,
                    "points": idea.points,
                }
                for idea in section.ideas
            ],
        }
        for section in easy_read.build(figures, account, live_keywords())
    ]


def easy_read_pdf(account, figures: AccountFigures, generated_on: date | None = None) -> bytes:
    context = _context(account, figures, generated_on) | {
        "sections": easy_read_sections(account, figures),
        "cover_pictures": [
            {"uri": picture_uri(name), "alt": PICTURES[name].alt} for name in ("people", "speak", "change")
        ],
    }
    return _write(render_to_string("reports/pdf/easy_read.html", context))
