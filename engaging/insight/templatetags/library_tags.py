"""The insight library's results, built in Python: a page shows twenty of them on every search."""

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

register = template.Library()

SUPERSEDED = '<strong class="govuk-tag govuk-tag--grey">Stale: superseded</strong>'
PAST_REVIEW = '<strong class="govuk-tag govuk-tag--grey">Stale: past its review date</strong>'


@register.simple_tag
def finding_results(findings) -> str:
    """One <li> per finding: its snippet linked, where and when it was heard, its themes and whether it is stale.

    Each finding needs `snippet` (safe HTML) and `theme_names` (see search.with_theme_names).
    """
    items = []
    for finding in findings:
        quote_open, quote_close = ("“", "”") if finding.kind == "quote" else ("", "")
        activity = finding.activity
        people = ""
        if finding.people_count:
            people = f" · {finding.people_count} {'person' if finding.people_count == 1 else 'people'}"
        themes = f"Themes: {escape(', '.join(finding.theme_names))} " if finding.theme_names else ""
        stale = SUPERSEDED if finding.superseded_by_id else PAST_REVIEW if finding.stale else ""
        items.append(
            '<li class="govuk-!-margin-bottom-6">\n'
            f'  <p class="govuk-body govuk-!-margin-bottom-1">{quote_open}<a class="govuk-link" '
            f'href="{finding.get_absolute_url()}">{conditional_escape(finding.snippet)}</a>{quote_close}</p>\n'
            f'  <p class="govuk-body-s govuk-!-margin-bottom-1">Finding {finding.pk} · heard '
            f"{format_date(finding.heard_on, 'j F Y')} by {escape(activity.lead_organisation)} in "
            f'<a class="govuk-link" href="{activity.get_absolute_url()}">{escape(activity.title)}</a>{people}</p>\n'
            f'  <p class="govuk-body-s govuk-!-margin-bottom-0">{themes}{stale}</p>\n'
            "</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value shown is escaped above
