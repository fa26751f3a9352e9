"""Template helpers that render Django forms as GOV.UK Frontend components."""

from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from engaging.core.choices import rendered_options

register = template.Library()


def widget_kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


CSS = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
}


def render_select(bound_field, attrs: dict) -> str:
    """A <select>, built in Python: Django's template-per-option rendering is the slowest part of a page."""
    widget = bound_field.field.widget
    kept = rendered_options(bound_field)
    if kept is not None:
        final_attrs = {**widget.attrs, **attrs, "name": bound_field.html_name, "id": bound_field.auto_id}
        attributes = flatatt({k: v for k, v in final_attrs.items() if v not in (None, False)})
        return format_html("<select{}>{}</select>", attributes, mark_safe(kept))  # noqa: S308 - escaped when kept
    context = widget.get_context(bound_field.html_name, bound_field.value(), {**widget.attrs, **attrs})["widget"]
    final_attrs = {**context["attrs"], "name": bound_field.html_name, "id": bound_field.auto_id}
    parts = []
    for group_name, options, _index in context["optgroups"]:
        rendered = "".join(
            format_html(
                '<option value="{}"{}>{}</option>',
                option["value"],
                mark_safe(" selected") if option["selected"] else "",
                option["label"],
            )
            for option in options
        )
        parts.append(
            format_html('<optgroup label="{}">{}</optgroup>', group_name, mark_safe(rendered))
            if group_name
            else rendered
        )
    attributes = flatatt({k: v for k, v in final_attrs.items() if v not in (None, False)})
    return format_html("<select{}>{}</select>", attributes, mark_safe("".join(parts)))


@register.inclusion_tag("core/field.html")
def field(bound_field, width: str = "", label_size: str = ""):
    kind = widget_kind(bound_field)
    css = CSS.get(kind, "")
    if bound_field.errors and kind in {"input", "textarea", "select", "file"}:
        css += f" {css}--error"
    if width == "full":
        css += " govuk-!-width-full"
    elif width:
        css += f" govuk-input--width-{width}" if kind == "input" else f" govuk-!-width-{width}"
    describedby = []
    if bound_field.help_text:
        describedby.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        describedby.append(f"{bound_field.auto_id}-error")
    attrs = {"class": css.strip()}
    if describedby and kind not in {"checkboxes", "radios"}:
        attrs["aria-describedby"] = " ".join(describedby)
    if kind == "select" and not isinstance(bound_field.field.widget, forms.SelectMultiple):
        widget_html = render_select(bound_field, attrs)
    elif kind in {"checkboxes", "radios"}:
        widget_html = ""
    else:
        widget_html = bound_field.as_widget(attrs=attrs)
    return {
        "f": bound_field,
        "kind": kind,
        "widget_html": widget_html,
        "describedby": " ".join(describedby),
        "label_size": label_size,
    }


@register.inclusion_tag("core/error_summary.html")
def error_summary(*forms_):
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append(("", message))
        for bound in form:
            for message in bound.errors:
                target = bound.auto_id
                if widget_kind(bound) in {"checkboxes", "radios"}:
                    target = f"{bound.auto_id}_0"
                errors.append((target, message))
    return {"errors": errors}


@register.simple_tag
def status_tag(status: str, label: str):
    colours = {
        "planned": "govuk-tag--blue",
        "open": "govuk-tag--green",
        "closed": "govuk-tag--grey",
        "reported": "govuk-tag--purple",
        "fed_back": "govuk-tag--turquoise",
        "evaluated": "govuk-tag--pink",
        "cancelled": "govuk-tag--red",
        "proposed": "govuk-tag--yellow",
        "agreed": "govuk-tag--green",
        "declined": "govuk-tag--red",
    }
    return format_html('<strong class="govuk-tag {}">{}</strong>', colours.get(status, ""), label)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed, for sorting and paging links."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def history_label(context, field_name: str) -> str:
    labels = context.get("field_labels", {})
    return str(labels.get(field_name, field_name.replace("_", " "))).capitalize()


@register.simple_tag
def history_value(field_name: str, value) -> str:
    """A change's value as a person would read it; lists of linked records become their count or ids."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        if not value:
            return "None"
        ids = []
        for item in value:
            if isinstance(item, dict):
                ids.extend(str(v) for k, v in item.items() if k not in ("activity", "id", "m2m_history_id", "history"))
            else:
                ids.append(str(item))
        return f"{len(value)} linked: " + ", ".join(ids)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


@register.simple_tag
def month_end(month_start) -> str:
    import calendar

    last = calendar.monthrange(month_start.year, month_start.month)[1]
    return month_start.replace(day=last).isoformat()
