"""The overlap panel's entries, built in Python: the check runs as an officer types, and each entry
rendered through the template language costs more than finding it."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from engaging.core.templatetags.govuk import status_tag
from engaging.register.templatetags.activity_tags import day_shown

register = template.Library()


@register.simple_tag(takes_context=True)
def overlap_entries(context, overlaps, finished: bool = False) -> str:
    """One `et-overlap` block per activity: title linked, why it is close, who and when, groups and areas,
    contact.

    Each has a "Propose joining up" button when the page is about an activity the user can change that
    has not finished, and the two are not already joined up (`activity`, `can_change` and `joined_with`
    in the context): there is nothing to join once it is over.
    """
    activity = context.get("activity")
    joined_with = context.get("joined_with")
    may_propose = bool(activity and context.get("can_change")) and joined_with is not None and not finished
    # Overlaps share dates and the names of the same few groups and areas: each is written out once, and
    # each address is worked out once for the list.
    language = get_language()
    escaped: dict[str, str] = {}
    detail = _address("register:detail")
    proposal = _address("joining:propose", activity.pk) if may_propose else None

    def day(value) -> str:
        return day_shown(value, language)

    def names(values) -> str:
        for value in values:
            if value not in escaped:
                escaped[value] = escape(value)
        return ", ".join(escaped[value] for value in values)

    # A finished activity's neighbours are a record of what ran alongside it, not a warning: grey, not red.
    block = "et-overlap et-overlap--alongside" if finished else "et-overlap"
    entries = []
    for other in overlaps:
        title = escape(other.title)
        when = day(other.start_date)
        if other.end_date != other.start_date:
            when += f" to {day(other.end_date)}"
        contact = escape(other.contact_name) if other.contact_name else "not given"
        if other.contact_email:
            email = escape(other.contact_email)
            contact += f', <a class="govuk-link" href="mailto:{email}">{email}</a>'
        if other.contact_phone:
            contact += f", {escape(other.contact_phone)}"
        propose = ""
        if may_propose and _not_in(other.pk, joined_with):
            url = proposal(other.pk)
            propose = (
                f'\n      <a class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" href="{url}" '
                f'data-module="govuk-button">Propose joining up<span class="govuk-visually-hidden"> with {title}'
                "</span></a>\n    "
            )
        why = getattr(other, "closeness", None)
        reasons = ""
        if why:
            said = escape(" · ".join(why.reasons))
            reasons = f'    <p class="govuk-body-s govuk-!-margin-bottom-1"><strong>{said}</strong></p>\n'

        entries.append(
            f'\n  <div class="{block}">\n'
            '    <h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" '
            f'href="{detail(other.pk)}">{title}</a></h3>\n'
            f"{reasons}"
            f'    <p class="govuk-body-s govuk-!-margin-bottom-1">{escape(other.lead_organisation)} · {when} · '
            f"{status_tag(other.status, other.get_status_display())}</p>\n"
            f'    <p class="govuk-body-s govuk-!-margin-bottom-1">Groups: {names(other.group_names)}. '
            f"Areas: {names(other.area_names)}.</p>\n"
            f'    <p class="govuk-body-s">Contact: {contact}</p>\n'
            f"    {propose}\n"
            "  </div>\n  "
        )
    return mark_safe("".join(entries))  # noqa: S308 - every value shown is escaped above


_MARK = 987654321  # stands in for an activity's id while an address is worked out once for a list


def _address(name: str, *first):
    """The address of the page `name` for any activity's id (after `first`): reversed once, not once an entry."""
    before, after = reverse(name, args=[*first, _MARK]).split(str(_MARK))
    return lambda pk: f"{before}{pk}{after}"


def _not_in(pk, ids) -> bool:
    """`pk not in ids` as the template language reads it: false when `ids` cannot hold ids at all."""
    try:
        return pk not in ids
    except TypeError:
        return False
