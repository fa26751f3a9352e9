from django import template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from engaging.accounts.roles import roles_for
from engaging.voice.models import Consent, Story

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_stories(context, meeting):
    """The consented stories heard at a meeting, on the meeting's page.

    People with a role hear every consented story; anyone else only the public ones.
    """
    request = context["request"]
    user = getattr(request, "user", None)
    stories = list(Story.objects.visible_to(user).for_lists().filter(meeting=meeting))
    return mark_safe(
        render_to_string(
            "voice/_meeting_stories.html",
            {
                "meeting": meeting,
                "stories": stories,
                "can_add": user is not None and user.has_perm("voice.add_story"),
                "internal": roles_for(user).internal,
            },
            request=request,
        )
    )


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
