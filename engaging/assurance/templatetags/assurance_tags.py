from django import template
from django.utils.html import format_html

from engaging.assurance import links

register = template.Library()


def _linked_count(link: str, hidden: str, cell, about) -> str:
    if cell is None:
        return ""
    shown = f"{cell.value:,}"
    url = cell.url
    if not url:
        return shown
    return format_html(
        link + "{}" + hidden + " {}</span></a>",
        url,
        shown,
        " ".join(str(part) for part in about if part not in (None, "")),
    )


@register.simple_tag
def count_link(cell, *about):
    """A count, linked to the records behind it when there are any; `about` says what it counts, for screen readers."""
    return _linked_count('<a class="govuk-link" href="{}">', '<span class="govuk-visually-hidden">', cell, about)


@register.simple_tag
def count(cell, *about):
    """count_link for a cell of an `et-figures` table, whose style makes a link without a class a GOV.UK link
    and the span in it visually hidden."""
    return _linked_count('<a href="{}">', "<span>", cell, about)


@register.filter
def percent(value) -> str:
    """A share from 0 to 1 as a whole percentage; "No figure" when there is nothing to divide by."""
    return "No figure" if value is None else f"{round(value * 100)}%"


@register.filter
def mean(value) -> str:
    """A mean rating to one decimal place; "No figure" when nobody answered."""
    return "No figure" if value is None else f"{value:.1f}"


@register.simple_tag
def evidence_link(organisation_id, start, end) -> str:
    """The address of an organisation's evidence page for a period."""
    return links.evidence(organisation_id, start=start, end=end)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
