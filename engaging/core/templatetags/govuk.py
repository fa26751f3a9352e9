"""Template helpers that render Django forms as GOV.UK Frontend components."""

from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from engaging.core import navigation
from engaging.core.choices import rendered_options
from engaging.core.date_parts import PARTS, DatePartsWidget

register = template.Library()


def widget_kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, DatePartsWidget):
        return "date"
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


@register.simple_tag
def field(bound_field, width: str = "", label_size: str = ""):
    """A GOV.UK form group for one field: label or legend, hint, error messages and the control.

    Built in Python rather than through a template: forms show many fields, and filter forms on
    busy pages show them on every request.
    """
    kind = widget_kind(bound_field)
    css = CSS.get(kind, "")
    errors = bound_field.errors
    if errors and kind in {"input", "textarea", "select", "file"}:
        css += f" {css}--error"
    if width == "full":
        css += " govuk-!-width-full"
    elif width:
        css += f" govuk-input--width-{width}" if kind == "input" else f" govuk-!-width-{width}"
    help_text = bound_field.help_text
    auto_id = bound_field.auto_id
    describedby = []
    if help_text:
        describedby.append(f"{auto_id}-hint")
    if errors:
        describedby.append(f"{auto_id}-error")
    attrs = {"class": css.strip()}
    if describedby and kind not in {"checkboxes", "radios"}:
        attrs["aria-describedby"] = " ".join(describedby)
    group = "govuk-form-group govuk-form-group--error" if errors else "govuk-form-group"
    if kind in {"checkboxes", "radios"}:
        return _choices_group(bound_field, kind, group, " ".join(describedby), label_size)
    if kind == "date":
        return _date_group(bound_field, group, " ".join(describedby), label_size)
    if kind == "select" and not isinstance(bound_field.field.widget, forms.SelectMultiple):
        widget_html = render_select(bound_field, attrs)
    else:
        widget_html = bound_field.as_widget(attrs=attrs)
    label = conditional_escape(bound_field.label)
    if kind == "checkbox":
        hint = (
            format_html('<div id="{}-hint" class="govuk-hint govuk-checkboxes__hint">{}</div>', auto_id, help_text)
            if help_text
            else ""
        )
        return mark_safe(  # noqa: S308 - every part is escaped or rendered by Django above
            f'<div class="{group}">\n  {_error_message(auto_id, errors, between="")}\n'
            '  <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">\n'
            '    <div class="govuk-checkboxes__item">\n'
            f"      {widget_html}\n"
            f'      <label class="govuk-label govuk-checkboxes__label" for="{escape(bound_field.id_for_label)}">'
            f"{label}</label>\n      {hint}\n    </div>\n  </div>\n</div>"
        )
    size = f" govuk-label--{escape(label_size)}" if label_size else ""
    hint = format_html('<div id="{}-hint" class="govuk-hint">{}</div>', auto_id, help_text) if help_text else ""
    return mark_safe(  # noqa: S308 - every part is escaped or rendered by Django above
        f'<div class="{group}">\n'
        f'  <label class="govuk-label{size}" for="{escape(bound_field.id_for_label)}">{label}</label>\n'
        f"  {hint}\n  {_error_message(auto_id, errors)}\n  {widget_html}\n</div>"
    )


def _error_message(auto_id, errors, between: str = "<br>") -> str:
    if not errors:
        return ""
    hidden = '<span class="govuk-visually-hidden">Error:</span>'
    messages = between.join(f"{hidden} {conditional_escape(error)}" for error in errors)
    return f'<p id="{escape(auto_id)}-error" class="govuk-error-message">{messages}</p>'


def _wrong_date_parts(bound_field) -> tuple[str, ...]:
    if not bound_field.errors:
        return ()
    return bound_field.field.wrong_parts(bound_field.value())


def _fieldset_parts(bound_field, describedby: str, label_size: str) -> tuple[str, str, str, str]:
    """What a fieldset of boxes needs of its field: its id, aria-describedby, legend size and hint."""
    auto_id = bound_field.auto_id
    described = f' aria-describedby="{escape(describedby)}"' if describedby else ""
    size = escape(label_size or "s")
    hint = (
        format_html('<div id="{}-hint" class="govuk-hint">{}</div>', auto_id, bound_field.help_text)
        if bound_field.help_text
        else ""
    )
    return auto_id, described, size, hint


def _date_group(bound_field, group: str, describedby: str, label_size: str) -> str:
    """Day, month and year boxes in a fieldset, the field's label as its legend (the GOV.UK date input)."""
    auto_id, described, size, hint = _fieldset_parts(bound_field, describedby, label_size)
    value = bound_field.value()
    if not isinstance(value, list | tuple):
        value = bound_field.field.widget.decompress(value)
    wrong = _wrong_date_parts(bound_field)
    items = []
    for part, typed, width in zip(PARTS, value, (2, 2, 4), strict=True):
        error = " govuk-input--error" if part in wrong else ""
        items.append(
            format_html(
                '<div class="govuk-date-input__item"><div class="govuk-form-group">'
                '<label class="govuk-label govuk-date-input__label" for="{}_{}">{}</label>'
                '<input class="govuk-input govuk-date-input__input govuk-input--width-{}{}" id="{}_{}" name="{}_{}" '
                'type="text" inputmode="numeric" value="{}"></div></div>',
                auto_id,
                part,
                part.capitalize(),
                width,
                error,
                auto_id,
                part,
                bound_field.html_name,
                part,
                typed or "",
            )  # fmt: skip
        )
    return mark_safe(  # noqa: S308 - every part is escaped above
        f'<div class="{group}">\n  <fieldset class="govuk-fieldset" role="group"{described}>\n'
        f'    <legend class="govuk-fieldset__legend govuk-fieldset__legend--{size}">'
        f"{conditional_escape(bound_field.label)}</legend>\n"
        f"    {hint}\n    {_error_message(auto_id, bound_field.errors)}\n"
        f'    <div class="govuk-date-input" id="{escape(auto_id)}">{"".join(items)}</div>\n  </fieldset>\n</div>'
    )


def _choices_group(bound_field, kind: str, group: str, describedby: str, label_size: str) -> str:
    """Checkboxes or radios in a fieldset, the field's label as its legend."""
    auto_id, described, size, hint = _fieldset_parts(bound_field, describedby, label_size)
    choices = bound_field.subwidgets
    if not choices:
        body = '<p class="govuk-body">There is nothing to choose from yet.</p>'
    else:
        box = (
            "govuk-checkboxes govuk-checkboxes--small et-choices"
            if kind == "checkboxes"
            else ("govuk-radios govuk-radios--small")
        )
        kind_type = "checkbox" if kind == "checkboxes" else "radio"
        name = escape(bound_field.html_name)
        items = []
        # A widget may carry a one-line hint for some choices (`hints`, by value), shown under the choice's label.
        hints = getattr(bound_field.field.widget, "hints", {})
        for choice in choices:
            choice_id = escape(choice.id_for_label)
            checked = " checked" if choice.data["selected"] else ""
            choice_hint = hints.get(str(choice.data["value"]))
            hint_html = (
                f'\n        <div id="{choice_id}-hint" class="govuk-hint govuk-{kind}__hint">'
                f"{conditional_escape(choice_hint)}</div>"
                if choice_hint
                else ""
            )
            hinted = f' aria-describedby="{choice_id}-hint"' if choice_hint else ""
            items.append(
                f'      <div class="govuk-{kind}__item">\n'
                f'        <input class="govuk-{kind}__input" id="{choice_id}" name="{name}" type="{kind_type}" '
                f'value="{conditional_escape(choice.data["value"])}"{checked}{hinted}>\n'
                f'        <label class="govuk-label govuk-{kind}__label" for="{choice_id}">'
                f"{conditional_escape(choice.choice_label)}</label>{hint_html}\n      </div>"
            )
        body = f'<div class="{box}" data-module="govuk-{kind}">\n' + "\n".join(items) + "\n    </div>"
    return mark_safe(  # noqa: S308 - every part is escaped above
        f'<div class="{group}">\n  <fieldset class="govuk-fieldset"{described}>\n'
        f'    <legend class="govuk-fieldset__legend govuk-fieldset__legend--{size}">'
        f"{conditional_escape(bound_field.label)}</legend>\n"
        f"    {hint}\n    {_error_message(auto_id, bound_field.errors)}\n    {body}\n  </fieldset>\n</div>"
    )


@register.simple_tag(takes_context=True)
def service_menu(context):
    """The service menu's items, for the visitor's roles, with the page's section marked as current."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    token = str(context.get("csrf_token", "")) if signed_in else ""
    return mark_safe(  # noqa: S308 - built from escaped labels and URLs
        navigation.menu(match.namespace if match else "", context.get("roles"), signed_in, token)
    )


@register.simple_tag(takes_context=True)
def account_menu(context):
    """For someone signed in, the header's links: their account, a coordinator's tools, signing out."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    token = str(context.get("csrf_token", ""))
    return mark_safe(  # noqa: S308 - built from escaped labels and URLs
        navigation.account_menu(match.namespace if match else "", context.get("roles"), token)
    )


@register.simple_tag(takes_context=True)
def footer_links(context):
    return mark_safe(navigation.footer(str(context.get("SERVICE_NAME", ""))))  # noqa: S308 - escaped when built


@register.simple_tag
def path(url_name: str) -> str:
    """The path of a view that takes no arguments, reversed once per process."""
    return navigation.link(url_name)


@register.inclusion_tag("core/error_summary.html")
def error_summary(*forms_):
    errors = []
    stale = None
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        # A save refused because someone else saved first: said first, with what they changed (record_versions.py).
        stale = stale or getattr(form, "stale", None)
        for message in form.non_field_errors():
            if stale is None or message != stale.headline:
                errors.append(("", message))
        for bound in form:
            for message in bound.errors:
                target = "" if bound.is_hidden else bound.auto_id
                kind = widget_kind(bound)
                if kind in {"checkboxes", "radios"}:
                    target = f"{bound.auto_id}_0"
                elif kind == "date":
                    target = f"{bound.auto_id}_{(_wrong_date_parts(bound) or PARTS)[0]}"
                errors.append((target, message))
    return {"errors": errors, "stale": stale}


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
