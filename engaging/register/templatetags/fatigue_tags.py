"""The fatigue table's rows, built in Python: a year of months for every group is hundreds of cells,
and rendering each through the template language costs more than counting them."""

from django import template
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.safestring import mark_safe

from engaging.register.overlaps import month_end

register = template.Library()


@register.simple_tag
def fatigue_rows(table, area=None) -> str:
    """One <tr> per group: its name, then each month's count, linked to those activities in the register."""
    register_url = reverse("register:list")
    in_area = f"&amp;area={area.pk}" if area is not None else ""
    months = {}
    rows = []
    for group, cells in table:
        name = escape(group)
        parts = [f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{name}</th>']
        for cell in cells:
            if cell.month not in months:
                months[cell.month] = (
                    cell.month.isoformat(),
                    month_end(cell.month).isoformat(),
                    format_date(cell.month, "F Y"),
                )
            first, last, label = months[cell.month]
            hot = " et-fatigue__hot" if cell.over_threshold else ""
            if cell.count:
                over = ", over the threshold" if cell.over_threshold else ""
                content = (
                    f'<a class="govuk-link" href="{register_url}?group={group.pk}&amp;starts_after={first}'
                    f'&amp;ends_before={last}{in_area}&amp;active=on">{cell.count}<span class="govuk-visually-hidden">'
                    f" activities for {name} in {label}{over}</span></a>"
                )
            else:
                content = "0"
            parts.append(f'<td class="govuk-table__cell govuk-table__cell--numeric{hot}">{content}</td>')
        parts.append("</tr>")
        rows.append("".join(parts))
    return mark_safe("\n".join(rows))  # noqa: S308 - every value shown is escaped or a number or date above
