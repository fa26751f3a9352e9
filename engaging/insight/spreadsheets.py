"""Importing many findings of one activity at once, from a CSV or Excel file or cells pasted from one.

The same all-or-nothing rule as the register's import: every row is checked first and any problem
stops the whole file, with a report of each problem by row and column. Reading files, the header and
the result are shared with every import (engaging/core/spreadsheets.py); the columns and rules are here.

Themes: a name that is not on the list is refused for officers, so a typing slip never starts a
new theme ("Row 4, themes: there is no theme called “Acess”"). For coordinators, who keep the list,
new names become new themes, created only if the whole file imports; the page says which.
"""

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from engaging.accounts.access import roles_for
from engaging.core.dates import finding_date_problems
from engaging.core.spreadsheet_files import Limits
from engaging.core.spreadsheets import (
    AMBIGUOUS,
    CellProblem,
    ImportResult,
    cell_text,
    check_file,
    choice_table,
    day,
    key,
    names_by_key,
    shorten,
    whole_number,
    yes_no,
)
from engaging.insight.forms import clean_text
from engaging.insight.models import Finding, Theme, two_years_after
from engaging.lists.models import Area, Group, Priority
from engaging.register.models import EARLIEST_DATE, LATEST_DATE, Activity

MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024
WRITE_BATCH = 500
CHANGE_REASON = "Imported from a spreadsheet"
ARCHIVED = -2
NEW_THEME = -3
STATEMENT_LENGTH = Finding._meta.get_field("statement").max_length


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, choice, names, count, date or yesno
    what: str
    example: str = ""
    required: str = ""  # what to ask for when a required cell is empty
    names: str = ""  # for a names column: group, area, priority or theme


COLUMNS: tuple[Column, ...] = (
    Column("statement", "text", f"What people said, in their words or a faithful summary. Up to "
           f"{STATEMENT_LENGTH:,} characters.", "Evening appointments would make it easier for working parents.",
           "enter what people said"),
    Column("kind", "choice", "quote if it is in people's own words, summary if not. Summary if blank.", "summary"),
    Column("themes", "names", "Names of themes, with a semicolon between them.", "Access to GP appointments",
           names="theme"),
    Column("groups", "names", "Names of groups. The activity's groups if blank.", names="group"),
    Column("areas", "names", "Names of areas. The activity's areas if blank.", names="area"),
    Column("priorities", "names", "Names of strategy priorities. The activity's priorities if blank.",
           names="priority"),
    Column("people_count", "count", "How many people said it, a whole number.", "12"),
    Column("representativeness", "choice", "How representative it is. Some if "
           "blank.", "many"),
    Column("heard_on", "date", "When it was heard, as YYYY-MM-DD.", "2025-03-14",
           "enter the date it was heard, like 2025-03-14"),
    Column("review_by", "date", "When to review it, as YYYY-MM-DD. Two years after it was heard if blank."),
    Column("is_public", "yesno", "yes to show it on the public pages, no to keep it to partners. Yes if blank.",
           "yes"),
)  # fmt: skip
HEADER = [column.name for column in COLUMNS]
REQUIRED = [column.name for column in COLUMNS if column.required]
M2M_FIELDS = [column.name for column in COLUMNS if column.kind == "names"]
SCALAR_FIELDS = [column.name for column in COLUMNS if column.kind != "names"]
CHOICES = {"kind": Finding.Kind, "representativeness": Finding.Representativeness}
CHOICE_NOUNS = {"kind": "a kind of finding", "representativeness": "a level of representativeness"}
DEFAULTS = {"kind": Finding.Kind.SUMMARY.value, "representativeness": Finding.Representativeness.SOME.value}
NAMED = {"group": Group, "area": Area, "priority": Priority}


CHOICE_TABLES = {name: choice_table(choices, spaced=True) for name, choices in CHOICES.items()}


def template_rows(activity: Activity) -> list[list]:
    """The header and one example row, in the activity's own terms where it has them."""
    example = {column.name: column.example for column in COLUMNS}
    example["groups"] = "; ".join(group.name for group in activity.groups.all()[:2])
    example["areas"] = "; ".join(area.name for area in activity.areas.all()[:1])
    first_theme = Theme.objects.order_by("name").first()
    example["themes"] = first_theme.name if first_theme else ""
    return [HEADER, [example[name] for name in HEADER]]


def allowed_values_rows() -> list[list]:
    """Every value a choice or name column accepts, a column each, for the Excel template's second sheet."""
    from itertools import zip_longest

    values = {
        "kind": list(Finding.Kind.values),
        "representativeness": list(Finding.Representativeness.values),
        "themes": list(Theme.objects.order_by("name").values_list("name", flat=True)),
    }
    for column, model in (("groups", Group), ("areas", Area), ("priorities", Priority)):
        values[column] = list(model.objects.order_by("name").values_list("name", flat=True))
    return [list(values), *map(list, zip_longest(*values.values()))]


# ---- Checking ------------------------------------------------------------------------------------


def name_lookups() -> dict[str, dict[str, int]]:
    """Live names by key for each list a names column draws from; archived themes are marked so."""
    lookups: dict[str, dict[str, int]] = {}
    for kind, model in NAMED.items():
        lookups[kind] = names_by_key(model.objects.values_list("pk", "name"))
    themes: dict[str, int] = {}
    for pk, name, archived_at in Theme.everything.values_list("pk", "name", "archived_at"):
        if archived_at is not None:
            themes.setdefault(key(name), ARCHIVED)
        else:
            themes[key(name)] = AMBIGUOUS if themes.get(key(name), ARCHIVED) != ARCHIVED else pk
    lookups["theme"] = themes
    return lookups


class Checker:
    """Checks rows one by one, remembering new theme names a coordinator's file brings."""

    def __init__(self, *, activity: Activity, user, today: date):
        self.activity = activity
        self.today = today
        self.may_add_themes = roles_for(user).coordinator
        self.lookups = name_lookups()
        self.new_themes: dict[str, str] = {}  # key → the name as first written
        self.activity_lists = {
            "groups": tuple(g.pk for g in activity.groups.all()),
            "areas": tuple(a.pk for a in activity.areas.all()),
            "priorities": tuple(p.pk for p in activity.priorities.all()),
        }

    def one_name(self, column: Column, text: str):
        found = self.lookups[column.names].get(key(text))
        if found == AMBIGUOUS:
            raise CellProblem(
                f"more than one {column.names} is called “{shorten(text)}”; ask a coordinator to rename one"
            )
        if found == ARCHIVED:
            raise CellProblem(f"the theme “{shorten(text)}” has been archived; use the theme it was merged into")
        if found is not None:
            return found
        if column.names == "theme" and self.may_add_themes:
            name = " ".join(text.split())
            if len(name) > Theme._meta.get_field("name").max_length:
                raise CellProblem("a theme's name can be at most 120 characters")
            self.new_themes.setdefault(key(name), name)
            return ("new", key(name))
        raise CellProblem(f"there is no {column.names} called “{shorten(text)}”")

    def parse(self, column: Column, raw, text: str):
        if column.kind == "text":
            text = clean_text(text)
            if len(text) > STATEMENT_LENGTH:
                raise CellProblem(f"this is {len(text):,} characters long; it can be at most {STATEMENT_LENGTH:,}")
            return text
        if column.kind == "choice":
            value = CHOICE_TABLES[column.name].get(key(text))
            if value is None:
                options = ", ".join(CHOICES[column.name].values)
                raise CellProblem(f"“{shorten(text)}” is not {CHOICE_NOUNS[column.name]}; use one of: {options}")
            return value
        if column.kind == "names":
            parts = [part.strip() for part in text.split(";") if part.strip()]
            return tuple(dict.fromkeys(self.one_name(column, part) for part in parts))
        if column.kind == "count":
            return whole_number(text, example="12")
        if column.kind == "date":
            return self.parse_date(raw, text)
        return yes_no(text)

    def parse_date(self, raw, text: str) -> date:
        value = day(raw, text)
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise CellProblem("enter a date between 1900 and 2199")
        return value

    def check_row(self, cells: list, positions: dict[str, int], *, row: int, result: ImportResult):
        """The values for one row, or None after recording its problems."""
        values: dict = {}
        before = result.problem_count
        for column in COLUMNS:
            index = positions.get(column.name)
            raw = cells[index] if index is not None and index < len(cells) else None
            text = cell_text(raw)
            if text == "" and column.required:
                result.add(row, column.name, column.required)
                continue
            if text == "":
                values[column.name] = self.activity_lists.get(column.name, ()) if column.kind == "names" else None
                continue
            try:
                values[column.name] = self.parse(column, raw, text)
            except CellProblem as problem:
                result.add(row, column.name, str(problem))
        if values.get("statement") == "" and "statement" in values:
            result.add(row, "statement", "enter what people said")
        heard_on, review_by = values.get("heard_on"), values.get("review_by")
        start = self.activity.start_date
        for field, message in finding_date_problems(
            heard_on=heard_on, review_by=review_by, activity_start=start, today=self.today
        ):
            result.add(row, field, message[0].lower() + message[1:])
        if result.problem_count > before:
            return None
        for name, default in DEFAULTS.items():
            values[name] = values[name] or default
        values["is_public"] = True if values["is_public"] is None else values["is_public"]
        values["review_by"] = values["review_by"] or two_years_after(values["heard_on"])
        return {name: values[name] for name in SCALAR_FIELDS}, {name: values[name] for name in M2M_FIELDS}


# ---- Importing -----------------------------------------------------------------------------------


def limits() -> Limits:
    """Findings are imported a file of at most MAX_BYTES and MAX_ROWS at a time."""
    return Limits.from_settings(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, noun="findings", one="finding")


def import_findings(
    *, data: bytes, filename: str, activity: Activity, user, today: date | None = None, seconds: float | None = None
) -> ImportResult:
    """Check every row, then record them all as findings of `activity`, or none if anything is wrong.

    With `seconds`, raises OverTime if checking takes longer (see core/spreadsheets.py `check_file`).
    """
    result = ImportResult()
    checker = Checker(activity=activity, user=user, today=today or date.today())
    checked = check_file(
        data,
        filename,
        result=result,
        limits=limits(),
        header=HEADER,
        required=REQUIRED,
        check_row=lambda cells, positions, row: checker.check_row(cells, positions, row=row, result=result),
        seconds=seconds,
    )
    if result.ok:
        result.created = save_rows(checked, activity=activity, user=user, new_themes=checker.new_themes)
        if checker.new_themes:
            names = ", ".join(f"“{name}”" for name in checker.new_themes.values())
            result.notes.append(f"New themes added to the list: {names}.")
    return result


@transaction.atomic
def save_rows(rows: list[tuple[dict, dict]], *, activity: Activity, user, new_themes: dict[str, str]) -> int:
    """Create checked rows in batches, each finding with its creation history and the history of its links."""
    created_by = user if getattr(user, "pk", None) else None
    theme_ids = {}
    for theme_key, name in new_themes.items():
        theme = Theme(name=name)
        theme._history_user = created_by
        theme._change_reason = CHANGE_REASON
        theme.save()
        theme_ids[theme_key] = theme.pk
    for start in range(0, len(rows), WRITE_BATCH):
        batch = rows[start : start + WRITE_BATCH]
        findings = [Finding(activity=activity, created_by=created_by, **scalars) for scalars, _ in batch]
        findings = bulk_create_with_history(
            findings, Finding, batch_size=WRITE_BATCH, default_user=created_by, default_change_reason=CHANGE_REASON
        )
        creation = dict(
            Finding.history.filter(id__in=[f.pk for f in findings], history_type="+").values_list("id", "history_id")
        )
        for name in M2M_FIELDS:
            through = getattr(Finding, name).through
            target = Finding._meta.get_field(name).m2m_reverse_field_name()
            links = [
                through(
                    finding_id=finding.pk,
                    **{f"{target}_id": theme_ids[linked[1]] if isinstance(linked, tuple) else linked},
                )
                for finding, (_, lists) in zip(findings, batch, strict=True)
                for linked in lists[name]
            ]
            links = through.objects.bulk_create(links)
            history = apps.get_model("insight", f"HistoricalFinding_{name}")
            history.objects.bulk_create(
                [
                    history(
                        id=link.pk,
                        finding_id=link.finding_id,
                        history_id=creation[link.finding_id],
                        **{f"{target}_id": getattr(link, f"{target}_id")},
                    )
                    for link in links
                ]  # fmt: skip
            )
    return len(rows)
