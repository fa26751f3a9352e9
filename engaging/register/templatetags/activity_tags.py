"""Rows of activities, built in Python: lists show dozens of them on every request."""

from django import template
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.safestring import mark_safe

from engaging.core.templatetags.govuk import status_tag

register = template.Library()


@register.simple_tag
def activity_rows(activities) -> str:
    """One <tr> per activity: its title linked, type and level, lead organisation, dates and status."""
    dates: dict = {}

    def day(value) -> str:
        if value not in dates:
            dates[value] = format_date(value, "j M Y")
        return dates[value]

    rows = []
    for activity in activities:
        when = day(activity.start_date)
        if activity.end_date != activity.start_date:
            when += f" to {day(activity.end_date)}"
        url = reverse("register:detail", args=[activity.pk])
        kind = f"{escape(activity.get_type_display())} · {escape(activity.get_level_display())}"
        rows.append(
            '<tr class="govuk-table__row">\n'
            f'    <td class="govuk-table__cell"><a class="govuk-link" href="{url}">{escape(activity.title)}</a><br>'
            f'<span class="govuk-body-s et-meta">{kind}</span></td>\n'
            f'    <td class="govuk-table__cell">{escape(activity.lead_organisation)}</td>\n'
            f'    <td class="govuk-table__cell">{when}</td>\n'
            f'    <td class="govuk-table__cell">{status_tag(activity.status, activity.get_status_display())}</td>\n'
            "  </tr>"
        )
    return mark_safe("\n  ".join(rows))  # noqa: S308 - every value shown is escaped above
