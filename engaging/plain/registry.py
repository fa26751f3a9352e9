"""The registry of public texts: every kind of text the hub shows residents, as the apps that own them register it.

A kind is a model, the fields of it that residents read, the rule for which of its records are public, a
title for one record and where a partner edits it. Apps register their kinds from their own
`public_texts.py`, loaded in their AppConfig.ready() (see engaging/plain/public_texts.py), so this app
never names another app's models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class TextField:
    """One field of a kind that residents read."""

    key: str  # names it in addresses, such as ?kind=activity_summary
    name: str  # the model field
    label: str  # as people read it


@dataclass(frozen=True)
class TextKind:
    model: type[Model]
    fields: tuple[TextField, ...]
    public: Callable[[], QuerySet]  # the records residents may read
    title: Callable[[Model], str]
    edit_url: Callable[[int], str] | None = None  # from the record's id alone, with no query
    edit_urls_for: Callable[[list[int]], dict[int, str]] | None = None  # for kinds that need one query

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)

    def edit_urls(self, ids: list[int]) -> dict[int, str]:
        """Where a partner edits each of these records, in at most one query for them all."""
        if self.edit_urls_for is not None:
            return self.edit_urls_for(ids)
        return {pk: self.edit_url(pk) for pk in ids} if self.edit_url else {}


# In the order the apps registered them, which is the order of INSTALLED_APPS: the coordinators' filter lists
# the fields in this order.
_kinds: list[TextKind] = []


def add(kind: TextKind) -> None:
    """Add a kind; a model or a field key may be registered only once."""
    if kind_for(kind.model) is not None:
        raise ImproperlyConfigured(f"{kind.model._meta.label} already has public text registered")
    for text_field in kind.fields:
        if find_field(text_field.key) is not None:
            raise ImproperlyConfigured(f"The public text key {text_field.key!r} is taken")
    _kinds.append(kind)


def remove(model: type[Model]) -> None:
    _kinds[:] = [kind for kind in _kinds if kind.model is not model]


def text_kinds() -> tuple[TextKind, ...]:
    """Every kind of public text registered so far (all of them, once the apps are ready)."""
    return tuple(_kinds)


def kind_for(model) -> TextKind | None:
    return next((kind for kind in _kinds if kind.model is model), None)


def field_choices() -> list[tuple[str, str]]:
    """Each public text field as (key, label), for the coordinators' filter."""
    return [(text_field.key, text_field.label) for kind in _kinds for text_field in kind.fields]


def find_field(key: str) -> tuple[TextKind, TextField] | None:
    for kind in _kinds:
        for text_field in kind.fields:
            if text_field.key == key:
                return kind, text_field
    return None


def label_for(content_type_id: int, name: str) -> str:
    for kind in _kinds:
        if kind.content_type.pk == content_type_id:
            for text_field in kind.fields:
                if text_field.name == name:
                    return text_field.label
    return name.replace("_", " ").capitalize()
