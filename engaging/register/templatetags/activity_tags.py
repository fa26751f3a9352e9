"""Rows of activities, built in Python: lists show dozens of them on every request."""

from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from engaging.core.templatetags.govuk import status_tag

register = template.Library()

# What the rows read of each activity, for lists to load no more (with its lead organisation's name).
ROW_FIELDS = ("title", "type", "level", "start_date", "end_date", "status", "lead_organisation")

# Stands in for an activity's id while its detail address is worked out once per list.
_PK_MARK = 987654321


@lru_cache(maxsize=4096)
def day_shown(value, language) -> str:
    """A date as the rows show it; the same date reads the same in a language, so it is worked out once."""
    return format_date(value, "j M Y")


@register.simple_tag
def activity_rows(activities) -> str:
    """One <tr> per activity: its title linked, type and level, lead organisation, dates and status.

    Lists repeat the same few types, levels, statuses and organisations, so each is escaped once a list.
    """
    language = get_language()
    before, after = reverse("register:detail", args=[_PK_MARK]).split(str(_PK_MARK))
    kinds: dict = {}
    leads: dict = {}
    tags: dict = {}

    rows = []
    for activity in activities:
        when = day_shown(activity.start_date, language)
        if activity.end_date != activity.start_date:
            when += f" to {day_shown(activity.end_date, language)}"
        kind_key = (activity.type, activity.level)
        kind = kinds.get(kind_key)
        if kind is None:
            kind = kinds[kind_key] = f"{escape(activity.get_type_display())} · {escape(activity.get_level_display())}"
        lead = leads.get(activity.lead_organisation_id)
        if lead is None:
            lead = leads[activity.lead_organisation_id] = escape(activity.lead_organisation)
        tag = tags.get(activity.status)
        if tag is None:
            tag = tags[activity.status] = status_tag(activity.status, activity.get_status_display())
        rows.append(
            '<tr class="govuk-table__row">\n'
            f'    <td class="govuk-table__cell"><a class="govuk-link" href="{before}{activity.pk}{after}">'
            f"{escape(activity.title)}</a><br>"
            f'<span class="govuk-body-s et-meta">{kind}</span></td>\n'
            # data-label names each cell where the table is stacked into cards on a phone (hub.scss, .et-stack).
            f'    <td class="govuk-table__cell" data-label="Lead">{lead}</td>\n'
            f'    <td class="govuk-table__cell" data-label="Dates">{when}</td>\n'
            f'    <td class="govuk-table__cell" data-label="Status">{tag}</td>\n'
            "  </tr>"
        )
    return mark_safe("\n  ".join(rows))  # noqa: S308 - every value shown is escaped above
