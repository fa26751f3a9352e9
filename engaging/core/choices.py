"""Short shared lists for filter forms (organisations, groups, areas…), kept in each process.

A filter form offers every organisation, group and area. Reading those tables and building
hundreds of options on every request costs more than the page's own search, so each process keeps
the rows and their rendered <option> tags in the one cache's layer kept in this process
(engaging/core/cache.py `in_process`): a list is used again while the versions of the tables it read
are the same, so adding, editing, archiving, restoring or deleting a row has it read again, and a list
is never used once it is older than what the database holds. The versions are read once per form
(or come with the page being worked out), and a kept page that shows a list is kept until it changes.
"""

import copy
from dataclasses import dataclass, field
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape, escape

from engaging.core import cache


@dataclass(frozen=True)
class KeptList:
    """The rows of a choice field's queryset, in order, with each row's <option> tag."""

    rows: dict = field(default_factory=dict)  # primary key -> instance, in the queryset's order
    options: tuple[tuple[str, str], ...] = ()  # (value, label), both escaped for HTML

    def get(self, pk):
        """A copy of the row, so that nothing a request does to it is seen by the next one."""
        row = self.rows.get(pk)
        return copy.copy(row) if row is not None else None

    @cached_property
    def tags(self) -> str:
        """Every row's <option> tag, none of them selected: built once, however often the list is shown."""
        return "".join(f'<option value="{value}">{label}</option>' for value, label in self.options)

    def render(self, selected: str, empty_label: str | None) -> str:
        """Every option, the one whose value is `selected` marked, after an empty option when there is a label."""
        chosen = escape(selected)
        tags = self.tags
        if chosen:
            # Values are unique, so the chosen one's tag appears once.
            tags = tags.replace(f'<option value="{chosen}">', f'<option value="{chosen}" selected>', 1)
        if empty_label is None:
            return tags
        return f'<option value=""{" selected" if chosen == "" else ""}>{escape(empty_label)}</option>{tags}'


def _load(choice_field) -> KeptList:
    rows = {}
    options = []
    for row in choice_field.queryset.all():  # a fresh query, so the tables it reads are recorded
        value = str(choice_field.prepare_value(row))
        rows[row.pk] = row
        options.append((escape(value), conditional_escape(choice_field.label_from_instance(row))))
    return KeptList(rows=rows, options=tuple(options))


def kept_key(choice_field) -> tuple[str, str]:
    return (type(choice_field).__qualname__, str(choice_field.queryset.query))


_UNREAD = object()


class KeptChoices:
    """The kept lists of one form's choice fields, checked against versions read once, when the first is needed."""

    def __init__(self):
        self.fields: dict[tuple[str, str], object] = {}
        self.versions = _UNREAD

    def add(self, choice_field, key: tuple[str, str] | None = None) -> None:
        """Take the field on; copies made of it later (as a form makes) share its kept list.

        `key` names the field's list: the same for every field of that class with that queryset.
        """
        choice_field.kept_source = self
        choice_field.kept_key = key or kept_key(choice_field)
        self.fields[choice_field.kept_key] = choice_field

    def list_for(self, key: tuple[str, str]) -> KeptList | None:
        """The kept list of a field, read again first if its table has changed since it was kept."""
        choice_field = self.fields.get(key)
        if choice_field is None:
            return None
        if self.versions is _UNREAD:
            self.versions = cache.current_versions()
        return cache.in_process("choices", key, lambda: _load(choice_field), versions=self.versions)


class KeptChoicesMixin:
    """For a ModelChoiceField: choose from, and show, the kept list instead of querying each time.

    The kept list applies once a `KeptChoices` has taken the field on (see `KeptChoices.add`);
    until then the field behaves as Django's own.
    """

    kept_source: KeptChoices | None = None
    kept_key: tuple[str, str] = ("", "")

    def kept_list(self) -> KeptList | None:
        return None if self.kept_source is None else self.kept_source.list_for(self.kept_key)

    def to_python(self, value):
        if value in self.empty_values or self.to_field_name:
            return super().to_python(value)
        kept = self.kept_list()
        if kept is None:
            return super().to_python(value)
        model = self.queryset.model
        try:
            pk = model._meta.pk.to_python(value.pk if isinstance(value, model) else value)
        except (TypeError, ValueError, ValidationError):
            pk = None
        row = kept.get(pk)
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row


def rendered_options(bound_field) -> str | None:
    """The <option> tags of a field with a kept list, or None for any other field."""
    choice_field = bound_field.field
    kept = choice_field.kept_list() if isinstance(choice_field, KeptChoicesMixin) else None
    if kept is None or isinstance(choice_field.widget, forms.SelectMultiple):
        return None
    value = bound_field.value()
    return kept.render("" if value is None else str(value), choice_field.empty_label)
