"""No lost update: each record people edit has a version, and a save made from an older version is refused.

(Not to be confused with versions.py, which versions whole tables for the cache.)

The token is an integer `version` column on the record, not its `updated_at`:
- it is bumped inside the database as well as by `save()`: a trigger on each versioned table raises it on any
  UPDATE that changes a column people see but left the version as it was, so `QuerySet.update()`,
  `bulk_update()`, raw SQL, imports and other parts of the hub (anonymising, erasing) count too, while a write
  that changes nothing people see (a search index's column) does not make everyone's open form stale;
- a number never repeats and needs no clock: two saves in the same microsecond, or by servers whose clocks
  differ, still get different versions, and an `updated_at` left out of `update_fields` cannot hide a change;
- it names the history row each version was saved as, so what changed since a version can be shown.

A save is checked and written in one transaction (`checked`): the row is locked with SELECT … FOR UPDATE on
PostgreSQL, so of two saves at the same instant the second waits, then sees the first's version and is refused;
on SQLite every transaction begins IMMEDIATE (settings.py), so writers take turns the same way.

Pages use `VersionedForm` (a hidden field with the version the person opened) and `save_unless_stale`;
the API's ETag and If-Match are in engaging/api/preconditions.py.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.apps import apps
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.text import capfirst

TRIGGER_PREFIX = "core_record_version_"
PG_FUNCTION = f"{TRIGGER_PREFIX}bump"
# Columns that change no one's view of the record: a write to them alone keeps every open form current.
NOT_WATCHED = frozenset({"version", "updated_at", "created_at", "search_vector"})
LONGEST_VALUE = 160  # characters of a long text shown in what changed


class Versioned(models.Model):
    """A record that people edit: its `version` goes up by one on every save, and on any other write to it."""

    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up by one whenever the record is changed."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            # Counted from the row as it is now, locked until the save commits, so no bump is lost.
            current = current_version(type(self), self.pk, using=using)
            if current is not None:
                self.version = current + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            return super().save(*args, **kwargs)


def current_version(model, pk, *, using: str | None = None) -> int | None:
    """The record's version, locking its row until the transaction ends (PostgreSQL); None if it is gone."""
    rows = model._base_manager.using(using or router.db_for_write(model)).select_for_update()
    return rows.filter(pk=pk).values_list("version", flat=True).first()


# --- What changed ------------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    words: str  # "was ‘X’, now ‘Y’"
    field: str = ""
    old: object = None  # as the history keeps it: an id for a link, a list of link rows for a list
    new: object = None
    yours: bool = False  # the person changed it too: their own value stays in the form
    in_form: bool = False  # the re-shown form holds this change

    def __str__(self) -> str:
        return f"{self.label}: {self.words}"


@dataclass
class StaleEdit(Exception):
    """A save made from `opened`, refused because the record is now at `current`."""

    record: models.Model
    opened: int | None
    current: int | None
    people: list[str] = field(default_factory=list)
    when: datetime | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def noun(self) -> str:
        return str(getattr(self.record, "version_noun", self.record._meta.verbose_name))

    @property
    def headline(self) -> str:
        """Who changed it and when, in a sentence."""
        if self.current is None:
            return f"This {self.noun} has been deleted since you opened it. Nothing you entered has been saved."
        who = _and(self.people) if self.people else "Someone"
        when = f" at {_time(self.when)}" if self.when else ""
        return f"{who} changed this {self.noun}{when}, after you opened it. Nothing you entered has been saved yet."

    @property
    def advice(self) -> str:
        if not self.changes:
            return "Check the form against the record as it is now, then save again."
        return "Your own changes are still in the form below. Check them against theirs, then save again."

    def __str__(self) -> str:
        return self.headline


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _time(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def _person(user) -> str:
    return str(user) if user is not None else "The hub itself"


def _quoted(text: str) -> str:
    text = " ".join(str(text).split())
    if len(text) > LONGEST_VALUE:
        text = text[: LONGEST_VALUE - 1].rstrip() + "…"
    return f"‘{text}’"


def _shown(model_field, value) -> str:
    """A stored value as a person reads it: a choice by its label, a linked record by its name."""
    if value is None or value == "":
        return "blank"
    if model_field.choices:
        return _quoted(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "yes" if value else "no"
    if isinstance(model_field, models.ForeignKey):
        linked = model_field.related_model._base_manager.filter(pk=value).first()
        return _quoted(linked if linked is not None else f"number {value}")
    if isinstance(model_field, models.DateTimeField) and isinstance(value, datetime):
        return _time(value)
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return _quoted(value)


def _linked_names(model_field, rows: list) -> dict[int, str]:
    target = model_field.m2m_reverse_field_name()
    ids = {row[target] for row in rows if isinstance(row, dict) and row.get(target) is not None}
    return {item.pk: str(item) for item in model_field.related_model._base_manager.filter(pk__in=ids)}


def _list_words(model_field, old: list, new: list) -> str:
    target = model_field.m2m_reverse_field_name()
    names = _linked_names(model_field, [*old, *new])
    before = {row[target] for row in old if isinstance(row, dict)}
    after = {row[target] for row in new if isinstance(row, dict)}
    added = sorted(names.get(pk, f"number {pk}") for pk in after - before)
    removed = sorted(names.get(pk, f"number {pk}") for pk in before - after)
    parts = []
    if added:
        parts.append("added " + ", ".join(_quoted(name) for name in added))
    if removed:
        parts.append("removed " + ", ".join(_quoted(name) for name in removed))
    return "; ".join(parts) or "changed"


def describe(model, delta_changes: Iterable) -> list[Change]:
    """simple_history's field changes in words ("Title: was ‘X’, now ‘Y’"), in the order of the model's fields."""
    order = {f.name: index for index, f in enumerate(model._meta.get_fields())}
    described = []
    for change in sorted(delta_changes, key=lambda c: order.get(c.field, len(order))):
        try:
            model_field = model._meta.get_field(change.field)
        except Exception:  # noqa: BLE001 - a field the history keeps but the model no longer has
            continue
        if change.field in NOT_WATCHED or not (model_field.editable or change.field in ("archived_at", "status")):
            continue
        label = capfirst(str(getattr(model_field, "verbose_name", change.field)))
        if model_field.many_to_many:
            words = _list_words(model_field, change.old or [], change.new or [])
        else:
            words = f"was {_shown(model_field, change.old)}, now {_shown(model_field, change.new)}"
        described.append(Change(label, words, change.field, change.old, change.new))
    return described


def stale_edit(record, opened: int | None, current: int | None) -> StaleEdit:
    """What happened to `record` since version `opened`: who changed it, when, and each field that changed."""
    stale = StaleEdit(record=record, opened=opened, current=current)
    history = getattr(type(record), "history", None)
    if current is None or history is None:
        return stale
    rows = type(record).history.filter(**{type(record)._meta.pk.attname: record.pk})
    newer = list(rows.filter(version__gt=opened or 0).select_related("history_user").order_by("history_date", "pk"))
    if not newer:  # changed by a write that keeps no history: only the record's own stamp says when
        stale.when = getattr(type(record)._base_manager.filter(pk=record.pk).first(), "updated_at", None)
        return stale
    stale.people = list(dict.fromkeys(_person(row.history_user) for row in newer))
    stale.when = newer[-1].history_date
    base = rows.filter(version__lte=opened or 0).order_by("-history_date", "-pk").first()
    if base is not None:
        stale.changes = describe(type(record), newer[-1].diff_against(base, foreign_keys_are_objs=False).changes)
    return stale


# --- Checking a save ---------------------------------------------------------------------------


@contextmanager
def checked(record, opened: int | Iterable[int] | None):
    """A transaction in which `record` is still at version `opened` (any of them, if several), or StaleEdit.

    The row stays locked until the transaction ends, so the check and the save inside it are one step.
    `opened` None checks nothing: a client that does not say which version it saw may still save.
    """
    model = type(record)
    using = router.db_for_write(model, instance=record)
    with transaction.atomic(using=using):
        current = current_version(model, record.pk, using=using)
        accepted = {opened} if isinstance(opened, int) else (None if opened is None else set(opened))
        if current is None or (accepted is not None and current not in accepted):
            raise stale_edit(record, min(accepted) if accepted else None, current)
        yield current


class VersionedForm(forms.Form):
    """A form mixin: a hidden field carrying the version of the record the person opened.

    Put it before the form's base class (`class ActivityForm(VersionedForm, forms.ModelForm)`), render
    `{{ form.version }}` inside the <form>, and save with `save_unless_stale`.
    """

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"),
            "This form came back in a way the page never sends it: open the page again and make your changes there",
        ),
    )
    stale: StaleEdit | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        # 0: the record did not exist yet when the form was opened (see `save_unless_created`).
        has_record = instance is not None and instance.pk is not None
        self.fields["version"].initial = instance.version if has_record else 0

    def opened_version(self) -> int | None:
        """The version the person opened, as sent; None if the form came without one (nothing is checked)."""
        raw = str(self.data.get(self.add_prefix("version"), "")).strip()
        number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 11 else None
        return number if number is not None and number < 2**31 else None

    def show_stale(self, stale: StaleEdit) -> None:
        """Keep what the person entered, carry the version as it is now, and say what changed at the top.

        A field someone else changed that the person left as it was takes the other person's value, so saving
        again does not quietly undo their change; a field both changed keeps the person's own value, and says so.
        """
        self.stale = stale
        data = self.data.copy()
        data[self.add_prefix("version")] = "" if stale.current is None else str(stale.current)
        cleaned = getattr(self, "cleaned_data", {})
        for change in stale.changes:
            if change.field not in self.fields or change.field not in cleaned:
                continue
            if _same(self, change.field, cleaned[change.field], change.old):
                _put(self, data, change.field, change.new)
                change.in_form = True
            else:
                change.yours = True
        self.data = data
        self.add_error(None, stale.headline)


def _plain(value):
    """A value as comparable across a form's cleaned data and a history row: a record by its id, blank as None."""
    if isinstance(value, models.Model):
        return value.pk
    return None if value == "" else value


def _same(form: forms.BaseForm, name: str, mine, old) -> bool:
    """Whether the person's value for `name` is the value at the version they opened (`old`, as history keeps it)."""
    if isinstance(old, list):  # a list's link rows: compare the ids of the records linked
        target = form.instance._meta.get_field(name).m2m_reverse_field_name()
        return {row[target] for row in old if isinstance(row, dict)} == {_plain(item) for item in mine or ()}
    return _plain(mine) == _plain(old)


def _put(form: forms.BaseForm, data, name: str, value) -> None:
    """Write `value` (as the history keeps it) into a form's data, as the field's widget would send it."""
    field, widget, key = form.fields[name], form.fields[name].widget, form.add_prefix(name)
    if isinstance(value, list):  # link rows of a list: the ids of the records linked
        target = form.instance._meta.get_field(name).m2m_reverse_field_name()
        data.setlist(key, [str(row[target]) for row in value if isinstance(row, dict)])
    elif isinstance(widget, forms.MultiWidget):
        for suffix, part in zip(widget.widgets_names, widget.decompress(value), strict=False):
            data[f"{key}{suffix}"] = "" if part is None else str(part)
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    else:
        choices = getattr(field, "choices", None)
        coerce = getattr(field, "coerce", None)
        if choices and coerce is not None:
            value = next((key_ for key_, _ in choices if key_ != "" and coerce(key_) == value), value)
        data[key] = "" if value is None else str(value)


def save_unless_stale(form: VersionedForm, record, save: Callable[[], object]):
    """Run `save` (which returns the saved record, or None with errors on the form) only if `record` is still
    the version the form was opened at; otherwise None, with what changed shown on the form."""
    try:
        with checked(record, form.opened_version()):
            return save()
    except StaleEdit as stale:
        form.show_stale(stale)
        return None


def save_unless_created(form: VersionedForm, parent, existing: models.QuerySet, save: Callable[[], object]):
    """For a record there is at most one of under `parent` (an agenda item's screening): run `save` unless the
    form was opened before the record existed and someone has created it since.

    `parent`'s row is locked for the check and the save, so two people saving a first record at once take turns.
    """
    using = router.db_for_write(type(parent), instance=parent)
    try:
        with transaction.atomic(using=using):
            list(type(parent)._base_manager.using(using).select_for_update().filter(pk=parent.pk).values("pk"))
            record = existing.first()
            if record is not None and form.opened_version() == 0:
                raise stale_edit(record, 0, record.version)
            if record is not None:
                with checked(record, form.opened_version()):
                    return save()
            return save()
    except StaleEdit as stale:
        form.show_stale(stale)
        return None


# --- Database triggers -------------------------------------------------------------------------


def versioned_models() -> list:
    return [m for m in apps.get_models() if issubclass(m, Versioned) and m._meta.managed and not m._meta.proxy]


def watched_columns(model) -> list[str]:
    return [
        f.column
        for f in model._meta.concrete_fields
        if f.name not in NOT_WATCHED and f.column not in NOT_WATCHED and not f.primary_key
    ]


def _trigger_name(table: str) -> str:
    return f"{TRIGGER_PREFIX}{table}"[:63]


def install(using: str = "default") -> None:
    """Put a trigger on every versioned table that raises the version on any update that changes a watched
    column but not the version (idempotent: run after every migrate, as rebuilding a table on SQLite drops it)."""
    db = connections[using]
    if db.vendor not in ("postgresql", "sqlite"):
        return
    present = set(db.introspection.table_names())
    quote = db.ops.quote_name
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN NEW.version := OLD.version + 1; RETURN NEW; END $$"
            )
        for model in versioned_models():
            table = model._meta.db_table
            if table not in present:
                continue
            name = _trigger_name(table)
            columns = watched_columns(model)
            cursor.execute(
                f"DROP TRIGGER IF EXISTS {quote(name)}" + (f" ON {quote(table)}" if db.vendor == "postgresql" else "")
            )
            if db.vendor == "postgresql":
                changed = " OR ".join(f"OLD.{quote(c)} IS DISTINCT FROM NEW.{quote(c)}" for c in columns)
                cursor.execute(
                    f"CREATE TRIGGER {quote(name)} BEFORE UPDATE ON {quote(table)} FOR EACH ROW "
                    f"WHEN (NEW.version <= OLD.version AND ({changed})) EXECUTE FUNCTION {PG_FUNCTION}()"
                )
            else:
                changed = " OR ".join(f"OLD.{quote(c)} IS NOT NEW.{quote(c)}" for c in columns)
                pk = quote(model._meta.pk.column)
                cursor.execute(
                    f"CREATE TRIGGER {quote(name)} AFTER UPDATE ON {quote(table)} FOR EACH ROW "
                    f"WHEN NEW.version <= OLD.version AND ({changed}) "
                    f"BEGIN UPDATE {quote(table)} SET version = OLD.version + 1 WHERE {pk} = NEW.{pk}; END"
                )
