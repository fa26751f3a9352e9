"""The Local Account and its Easy Read version as tagged PDFs (PDF/UA-1), written by WeasyPrint."""

import logging
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from engaging.reports import charts, easy_read, pictograms
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
        "site_url": settings.SITE_URL,
    }


def _write(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to load and only the writers need it

    return HTML(string=html, base_url=settings.SITE_URL).write_pdf(pdf_variant=VARIANT)


def local_account_pdf(account, figures: AccountFigures, generated_on: date | None = None) -> bytes:
    context = _context(account, figures, generated_on) | {"charts": chart_set(figures)}
    return _write(render_to_string("reports/pdf/local_account.html", context))


def easy_read_sections(account, figures: AccountFigures) -> list[dict]:
    """The Easy Read sections with each idea's picture ready to print, described for the PDF's tags."""
    return [
        {
            "heading": section.heading,
            "ideas": [
                {
                    "uri": pictograms.data_uri(idea.picture),
                    "alt": pictograms.description(idea.picture),
                    "sentences": idea.sentences,
                    "points": idea.points,
                }
                for idea in section.ideas
            ],
        }
        for section in easy_read.build(figures, account)
    ]


def easy_read_pdf(account, figures: AccountFigures, generated_on: date | None = None) -> bytes:
    context = _context(account, figures, generated_on) | {
        "sections": easy_read_sections(account, figures),
        "cover_pictures": [
            {"uri": pictograms.data_uri(name), "alt": pictograms.description(name)}
            for name in ("people", "speech", "tick")
        ],
    }
    return _write(render_to_string("reports/pdf/easy_read.html", context))
