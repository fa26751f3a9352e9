from django import template
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from engaging.voice.models import Consent, Story

register = template.Library()


@register.simple_tag
def meeting_link(meeting, public: bool = False):
    """A meeting's name and date, linked to its page for people who can open it."""
    if meeting is None:
        return ""
    label = meeting_label(meeting)
    if public:
        return label
    try:
        url = meeting.get_absolute_url()
    except NoReverseMatch:  # the board's pages are not installed
        return label
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, label)


def meeting_label(meeting) -> str:
    return f"{meeting.board.name}, {date_format(timezone.localtime(meeting.starts_at), 'j F Y')}"


@register.simple_tag
def scope_tag(story):
    """Who may hear a story; for a public one not yet approved, that the public cannot read it yet."""
    if story.consent.scope == Consent.Scope.PUBLIC:
        if story.approval == Story.Approval.WAITING:
            return mark_safe('<strong class="govuk-tag govuk-tag--yellow">Public once approved</strong>')
        if story.approval == Story.Approval.SENT_BACK:
            return mark_safe('<strong class="govuk-tag govuk-tag--red">Sent back: not public</strong>')
        return mark_safe('<strong class="govuk-tag govuk-tag--green">Public</strong>')
    return mark_safe('<strong class="govuk-tag govuk-tag--grey">Board only</strong>')
