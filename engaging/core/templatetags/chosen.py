"""What a filter form has narrowed a list to, in words, for the line above the results.

On a phone the filter is folded away above the list, so without this line a person who chose an area
sees a shorter list and no reason for it.
"""

from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()


def chosen(form: forms.Form) -> list[tuple[str, str]]:
    """(label, value in words) for each field of a valid bound form that holds a choice; none otherwise."""
    if not form.is_bound or not form.is_valid():
        return []
    shown = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()):
            continue
        if isinstance(value, (list, tuple)) or hasattr(value, "__iter__") and not isinstance(value, str):
            words = ", ".join(str(item) for item in value)
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            words = str(dict(field.choices).get(value, value))
        else:
            words = str(value)
        shown.append((str(field.label or name), words))
    return shown


@register.simple_tag
def chosen_filters(form: forms.Form, clear_url: str) -> str:
    """A sentence naming each chosen filter, with a link that clears them all; nothing when none is chosen."""
    shown = chosen(form)
    if not shown:
        return ""
    parts = format_html_join("; ", "{}: <strong>{}</strong>", shown)
    return format_html(
        '<p class="govuk-body et-chosen-filters">Showing only {}. '
        '<a class="govuk-link" href="{}">Clear filters</a></p>',
        parts,
        clear_url,
    )
