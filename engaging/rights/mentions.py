"""Free text that mentions a person's email address: internal notes, reasons, comments, any text field at all.

Searched by email address only. An address names one person and is rarely written by chance; a name in free
text would match far too widely to be of use. Tables that other kinds cover whole (bookings, contact requests,
accounts, sign-ins) and tables that cannot hold what people write (sessions, the request records) are left out.
"""

import re

from django.apps import apps
from django.db import models
from django.db.models import Q

from engaging.core.erasure import history_model_of, history_models

# Covered by a kind of their own, or holding nothing anyone types.
NOT_SEARCHED = {
    "accounts.user",
    "learning.booking",
    "learning.sessionfeedback",
    "questionnaires.hearbackcontact",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "sessions.session",
    "rights.datarequest",
    "core.tablechange",
}
# Fields another kind already finds and erases.
FIELDS_COVERED = {"register.activity": {"contact_email", "take_part_email", "contact_name", "contact_phone"}}
REPLACEMENT = "[email address removed]"


def text_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Each model, but historical ones, with the text fields a person could have written an address into."""
    historical = set(history_models())
    found = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model in historical or label in NOT_SEARCHED:
            continue
        covered = FIELDS_COVERED.get(label, set())
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and field.name not in covered
            and not field.primary_key
        ]
        if names:
            found.append((model, names))
    return found


def _mentioning(names: list[str], email: str) -> Q:
    condition = Q()
    for name in names:
        condition |= Q(**{f"{name}__icontains": email})
    return condition


def mentions_of(email: str) -> list[dict]:
    """Each record whose text, now or in an earlier version, holds this email address, whatever its capitals."""
    found = []
    for model, names in text_fields():
        ids = set(model._base_manager.filter(_mentioning(names, email)).values_list("pk", flat=True))
        history = history_model_of(model)
        if history is not None:
            kept = [name for name in names if _has_field(history, name)]
            if kept:
                rows = history._default_manager.filter(_mentioning(kept, email))
                ids |= set(rows.values_list(model._meta.pk.attname, flat=True))
        live = {row["pk"]: row for row in model._base_manager.filter(pk__in=ids).values("pk", *names)}
        named = model._base_manager.in_bulk(list(live))
        for pk in sorted(ids, key=str):
            row = live.get(pk, {})
            found.append(
                {
                    "model": model._meta.label_lower,
                    "what": str(model._meta.verbose_name),
                    "id": pk,
                    "record": str(named[pk]) if pk in named else "",
                    "fields": names,
                    # What the record says now where it gives the address (an earlier version may be all that does).
                    "text": {
                        name: row[name]
                        for name in names
                        if isinstance(row.get(name), str) and email.casefold() in row[name].casefold()
                    },
                }
            )
    return found


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist, for a field the history does not keep
        return False
    return True


def _without(text: str, email: str) -> str:
    return re.sub(re.escape(email), REPLACEMENT, text, flags=re.IGNORECASE)


def erase_mentions(mentions: list[dict], email: str) -> int:
    """Replace the address wherever it was found, in the records and every kept version of them."""
    for mention in mentions:
        model = apps.get_model(mention["model"])
        tables = [model._base_manager.filter(pk=mention["id"])]
        history = history_model_of(model)
        if history is not None:
            tables.append(history._default_manager.filter(**{model._meta.pk.attname: mention["id"]}))
        for rows in tables:
            names = [name for name in mention["fields"] if _has_field(rows.model, name)]
            for row in rows.filter(_mentioning(names, email)).values("pk", *names):
                changed = {
                    name: _without(row[name], email)
                    for name in names
                    if row[name] and email.casefold() in row[name].casefold()
                }
                rows.model._base_manager.filter(pk=row["pk"]).update(**changed)
    return len(mentions)
