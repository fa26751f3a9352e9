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
    hints["anyway"] = _publish_anyway_fields(bound_field)
    return mark_safe(render_to_string("plain/_hints.html", hints, request=request))


def _publish_anyway_fields(bound_field):
    """This field's own “Publish anyway” choice and reason, shown under it only once it missed the target."""
    from engaging.plain.publishing import anyway_name, reason_name

    form, name = bound_field.form, bound_field.name
    needs = getattr(form, "needs_publish_anyway_for", None)
    if needs is None or anyway_name(name) not in form.fields or not needs(name):
        return None
    return {"choice": form[anyway_name(name)], "reason": form[reason_name(name)], "label": bound_field.label}


@register.filter
def plain_problems(result) -> str:
    """What a checked text must fix, worst first, in words: “‘stakeholders’ is jargon; …”."""
    from engaging.plain.hints import problems_in_words

    return problems_in_words(result) if result is not None else ""


@register.simple_tag
def publish_anyway(form):
    """Kept so older templates still render: each public field now shows its own “Publish anyway” choice under
    it (see plain_hints), so there is nothing to show at the foot of the form."""
    return ""
