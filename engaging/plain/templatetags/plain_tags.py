"""{% plain_hints form.summary %}: plain-English hints under a text field, updated as the author types."""

import json

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from engaging.plain.checking import check_text, max_check_length
from engaging.plain.hints import hints_context

register = template.Library()


@register.simple_tag(takes_context=True)
def plain_hints(context, bound_field):
    """The hints for one field: worked out now (so they show without JavaScript once the form is
    shown again), and refreshed by HTMX a moment after the author stops typing."""
    value = bound_field.value()
    text = "" if value is None else str(value)
    field_id = bound_field.auto_id or f"id_{bound_field.html_name}"
    if len(text) > max_check_length():
        hints = hints_context(None, field_id=field_id, too_long=True)
    else:
        hints = hints_context(check_text(text) if text.strip() else None, field_id=field_id, text=text)
    request = context.get("request")
    token = context.get("csrf_token")
    hints["vals"] = json.dumps({"plain_field": bound_field.html_name, "plain_id": field_id})
    hints["headers"] = json.dumps({"X-CSRFToken": str(token)} if token else {})
    return mark_safe(render_to_string("plain/_hints.html", hints, request=request))


@register.inclusion_tag("plain/_easy_read_link.html")
def easy_read_link(activity):
    """On an activity's public page: a link to its Easy Read version, if it has one."""
    from engaging.plain.models import EasyRead

    easy_read = EasyRead.objects.for_object(activity).only("ideas").first()
    return {"activity": activity, "has_easy_read": bool(easy_read and easy_read.ideas)}


@register.inclusion_tag("plain/_easy_read_panel.html", takes_context=True)
def easy_read_panel(context, activity):
    """On an activity's register page: whether it has an Easy Read version, and links to see or change it."""
    from engaging.plain.models import EasyRead

    user = context["request"].user
    easy_read = EasyRead.objects.for_object(activity).only("ideas", "updated_at").first()
    return {
        "activity": activity,
        "easy_read": easy_read if easy_read and easy_read.ideas else None,
        "can_edit": user.has_perm("register.change_activity", activity),
    }


@register.inclusion_tag("plain/_easy_read_response_panel.html", takes_context=True)
def easy_read_response_panel(context, response):
    """On a response's partner page: whether it has an Easy Read version, where residents read it, and a link
    to change it."""
    from engaging.loop.models import Response, public_findings
    from engaging.plain.models import EasyRead

    user = context["request"].user
    easy_read = EasyRead.objects.for_object(response).only("ideas", "updated_at").first()
    is_public = Response.objects.public().filter(pk=response.pk).exists()
    activities = (
        public_findings()
        .filter(responses=response)
        .values_list("activity_id", "activity__title")
        .order_by("activity__title", "activity_id")
        .distinct()
        if is_public
        else []
    )
    return {
        "response": response,
        "easy_read": easy_read if easy_read and easy_read.ideas else None,
        "activities": list(activities),
        "can_edit": user.has_perm("loop.change_response", response) and not response.is_archived,
    }


@register.inclusion_tag("plain/_publish_anyway.html")
def publish_anyway(form):
    """Below a form's public text: the “Publish anyway” choice and its reason, once the text missed the target."""
    from engaging.plain.checking import target_reading_age

    hard_texts = [(form[name].label, result) for name, result in getattr(form, "above_target", {}).items()]
    return {"form": form, "hard_texts": hard_texts, "target": target_reading_age()}
