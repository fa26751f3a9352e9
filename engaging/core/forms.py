"""Form fields for records chosen from a list by id, and the ModelForm that uses them for every link.

Whatever a browser sends for a choice — an id that was never offered, one archived since, or a number too big
for any database column — the answer is the same: the field's own error, naming it, so the error summary
says which question to fix (“Target groups: choose from the list”). No id reaches a query it could break
(see engaging/core/ids.py).

Every form in the hub that offers records by id uses these fields: a `ModelForm` from here picks them for its
model's foreign keys and many-to-many fields, and forms declare them (or subclasses of them) by hand.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass

from engaging.core.ids import out_of_range

CHOOSE_FROM_THE_LIST = "choose from the list"


class ChoosesFromList:
    """Refuses an id outside the column's range without a query, and says which field to fix."""

    # Django's own wording, replaced here unless a form gives its field a message of its own.
    django_messages = {
        code: {
            str(field.default_error_messages.get(code))
            for field in (forms.ModelChoiceField, forms.ModelMultipleChoiceField)
        }
        for code in ("invalid_choice", "invalid_pk_value")
    }

    def _key_field(self) -> models.Field:
        meta = self.queryset.model._meta
        return meta.get_field(self.to_field_name) if self.to_field_name else meta.pk

    def _refuse_impossible(self, value) -> None:
        if isinstance(value, str | int) and out_of_range(value, self._key_field(), self.queryset.db):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")

    def get_bound_field(self, form, field_name):
        bound = super().get_bound_field(form, field_name)
        self.shown_label = bound.label  # the label the page shows, even when the field was declared without one
        return bound

    def choose_from_list_message(self) -> str:
        label = str(self.label or getattr(self, "shown_label", "") or "").strip()
        return f"{label}: {CHOOSE_FROM_THE_LIST}" if label else CHOOSE_FROM_THE_LIST.capitalize()

    def _named(self, error: forms.ValidationError) -> forms.ValidationError:
        code = getattr(error, "code", None)
        if code in self.django_messages and str(self.error_messages.get(code)) in self.django_messages[code]:
            return forms.ValidationError(self.choose_from_list_message(), code="invalid_choice")
        return error


class ModelChoiceField(ChoosesFromList, forms.ModelChoiceField):
    def to_python(self, value):
        try:
            if value not in self.empty_values:
                self._refuse_impossible(value)
            return super().to_python(value)
        except forms.ValidationError as error:
            raise self._named(error) from None


class ModelMultipleChoiceField(ChoosesFromList, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        try:
            for each in value if isinstance(value, list | tuple | set | frozenset) else ():
                self._refuse_impossible(each)
            return super()._check_values(value)
        except forms.ValidationError as error:
            raise self._named(error) from None


def choice_fields_for_links(db_field: models.Field, **kwargs):
    """A ModelForm's field for `db_field`: the fields above for links to other records, Django's otherwise."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    return db_field.formfield(**kwargs)


class _LinksFromList(ModelFormMetaclass):
    """Gives each ModelForm's Meta the callback above, unless it names one of its own."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(choice_fields_for_links)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.ModelForm, metaclass=_LinksFromList):
    """Django's ModelForm, whose links to other records are chosen from a list by id, safely."""


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put the problems a service refused a save for on the form, each on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)
