"""Spreadsheets for the register: exports, the import template, and importing activities in bulk.

Exports and imports share one set of columns, so an export can be edited and imported again.
An import either creates every row as a new activity or creates nothing: each row is checked
first and any problem stops the whole file. Reading files, the header, problems by row and the result
are shared with every import (engaging/core/spreadsheets.py); the columns and their rules are here.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import zip_longest

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, models, transaction
from simple_history.utils import bulk_create_with_history

from engaging.accounts.models import Organisation
from engaging.core.dates import activity_date_problems
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
from engaging.lists.models import Area, Group, Method, Priority
from engaging.register.models import COST_LIMITS, Activity, EngagementLevel, EngagementType, Status
from engaging.register.rules import can_lead_as, organisations_user_may_lead
from engaging.register.taking_part import validate_https_url, validate_uk_phone, way_problems

WRITE_BATCH = 500  # also the ids in one IN (...), well under SQLite's limit
CHANGE_REASON = "Imported from a spreadsheet"
NAMED_LISTS = {"organisation": Organisation, "group": Group, "area": Area, "priority": Priority, "method": Method}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, email, https, phone, choice, name, names, date, count, money or yesno
    what: str  # what to enter, for the import page
    example: str = ""
    required: str = ""  # for a required column, what to ask for when the cell is empty
    choices: type[models.TextChoices] | None = None
    names: str = ""  # the named list a name column draws from

    @property
    def max_length(self) -> int | None:
        """The model's limit, so the import and the form refuse the same text."""
        limited = ("text", "email", "https", "phone")
        return Activity._meta.get_field(self.name).max_length if self.kind in limited else None


COLUMNS: tuple[Column, ...] = (
    Column("title", "text", "A short title.", "Young carers' wellbeing survey", "enter a title"),
    Column("summary", "text", "A plain summary for residents.", "Tell us what would help you.",
           "enter a plain summary for residents"),
    Column("purpose", "text", "The decision or piece of work this informs.", "Informs the carers' strategy.",
           "enter the decision or work this engagement informs"),
    Column("lead_organisation", "name", "The name of the lead organisation.", "",
           "enter the name of the lead organisation", names="organisation"),
    Column("partner_organisations", "names", "Names of partner organisations.", names="organisation"),
    Column("type", "choice", "The engagement type.", "Consultation", "enter the engagement type, like Consultation",
           EngagementType),
    Column("level", "choice", "The level of influence.", "Consult", "enter the level of influence, like Involve",
           EngagementLevel),
    Column("methods", "names", "Names of methods.", names="method"),
    Column("groups", "names", "Names of target groups.", "", "enter at least one target group", names="group"),
    Column("areas", "names", "Names of areas.", "", "enter at least one area", names="area"),
    Column("priorities", "names", "Names of strategy priorities.", names="priority"),
    Column("start_date", "date", "The first day, as YYYY-MM-DD.", "2025-03-14",
           "enter the start date, like 2025-03-14"),
    Column("end_date", "date", "The last day, as YYYY-MM-DD. Leave blank for a one-day activity.", "2025-04-11"),
    Column("status", "choice", "The status. Planned if left blank.", "Planned", choices=Status),
    Column("participants_target", "count", "The target number of participants, a whole number.", "40"),
    Column("participants_actual", "count", "The actual number of participants, a whole number."),
    Column("cost", "money", "The cost in pounds, like 250.00.", "250.00"),
    Column("statutory_duty", "yesno", "Yes if a statutory duty to involve or consult applies. No if blank.", "no"),
    Column("take_part_url", "https", "For residents: a web page to take part on, starting with https://.",
           "https://example.org/carers-survey"),
    Column("take_part_email", "email", "For residents: an email address to take part by.", "carers@example.org"),
    Column("take_part_phone", "phone", "For residents: a UK phone number to take part by.", "01632 960 123"),
    Column("take_part_place", "text", "For residents: a place to come to.", "Brierley Hill Library, Moor Street"),
    Column("take_part_times", "text", "The days and times people can come to the place.", "Tuesdays 10am to 12 noon"),
    Column("how_to_take_part", "text", "For residents: anything else they need to know about taking part.",
           "Bring a friend if you like."),
    Column("is_public", "yesno", "Yes to show it on the public pages; it then needs a way to take part. No if blank.",
           "yes"),
    Column("contact_name", "text", "Who to contact.", "Sam Officer"),
    Column("contact_email", "email", "Their email address.", "sam.officer@example.org"),
    Column("contact_phone", "text", "Their phone number.", "01384 000000"),
    Column("notes", "text", "Internal notes, seen only by partners."),
)  # fmt: skip
HEADER = [column.name for column in COLUMNS]
REQUIRED = [column.name for column in COLUMNS if column.required]
M2M_FIELDS = [column.name for column in COLUMNS if column.kind == "names"]
SCALAR_FIELDS = [column.name for column in COLUMNS if column.kind != "names"]
# The model's names for them: a foreign key is set by its id.
SCALAR_NAMES = [f"{name}_id" if name == "lead_organisation" else name for name in SCALAR_FIELDS]
# What the empty cell means for optional columns; end_date is filled from start_date instead.
DEFAULTS = {"status": Status.PLANNED.value, "statutory_duty": False, "is_public": False}


# ---- Export -------------------------------------------------------------------------------------


def export_rows(queryset) -> Iterator[list]:
    """One list of cell values per activity, in the order of HEADER; dates and numbers stay typed.

    The lists are prefetched a chunk at a time, so the number of queries does not grow with the rows.
    """
    activities = queryset.select_related("lead_organisation").prefetch_related(*M2M_FIELDS)
    for activity in activities.iterator(chunk_size=2000):
        row = []
        for column in COLUMNS:
            value = getattr(activity, column.name)
            if column.kind == "name":
                value = value.name
            elif column.kind == "names":
                value = "; ".join(item.name for item in value.all())
            elif column.kind == "choice":
                value = column.choices(value).label
            elif column.kind == "yesno":
                value = "yes" if value else "no"
            row.append("" if value is None else value)
        yield row


# ---- The import template ------------------------------------------------------------------------


def template_rows(user) -> list[list]:
    """The header and one example row, using real names where there are some so the example reads true."""
    example = {column.name: column.example for column in COLUMNS}
    lead = organisations_user_may_lead(user).order_by("name").first()
    example["lead_organisation"] = lead.name if lead else "Your organisation"
    for name, model in (("groups", Group), ("areas", Area), ("methods", Method), ("priorities", Priority)):
        first = model.objects.order_by("name").first()
        example[name] = first.name if first else ""
    return [HEADER, [example[name] for name in HEADER]]


def allowed_values_rows() -> list[list]:
    """Everything a choice or name column accepts, one column each, for the template's second sheet."""
    values = {"type": EngagementType.labels, "level": EngagementLevel.labels, "status": Status.labels}
    for model in NAMED_LISTS.values():
        names = model.objects.order_by("name").values_list("name", flat=True)
        values[str(model._meta.verbose_name_plural)] = list(names)
    return [list(values), *map(list, zip_longest(*values.values()))]


# ---- Checking cells -----------------------------------------------------------------------------


def name_lookups() -> dict[str, dict[str, int]]:
    """For each named list, live names by key; a key shared by two records maps to AMBIGUOUS."""
    return {kind: names_by_key(model.objects.values_list("pk", "name")) for kind, model in NAMED_LISTS.items()}


CHOICE_LOOKUPS = {column.name: choice_table(column.choices) for column in COLUMNS if column.choices}
CHOICE_NOUNS = {"type": "an engagement type", "level": "a level of influence", "status": "a status"}


def _one_name(column: Column, text: str, lookups) -> int:
    pk = lookups[column.names].get(key(text))
    if pk is None:
        raise CellProblem(f"there is no {column.names} called “{shorten(text)}”")
    if pk == AMBIGUOUS:
        raise CellProblem(f"more than one {column.names} is called “{shorten(text)}”; ask a coordinator to rename one")
    return pk


def _names(column: Column, raw, text: str, lookups) -> tuple[int, ...]:
    parts = [part.strip() for part in text.split(";") if part.strip()]
    if not parts and column.required:  # a cell of nothing but semicolons
        raise CellProblem(column.required)
    return tuple(dict.fromkeys(_one_name(column, part, lookups) for part in parts))


def _choice(column: Column, raw, text: str, lookups) -> str:
    value = CHOICE_LOOKUPS[column.name].get(key(text))
    if value is None:
        options = ", ".join(column.choices.labels)
        raise CellProblem(f"“{shorten(text)}” is not {CHOICE_NOUNS[column.name]}; use one of: {options}")
    return value


def _email(column: Column, raw, text: str, lookups) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise CellProblem("enter an email address like name@example.org") from None
    return text


def _https(column: Column, raw, text: str, lookups) -> str:
    try:
        validate_https_url(text)
    except ValidationError:
        raise CellProblem("enter a web address that starts with https://, like https://example.org/survey") from None
    return text


def _phone(column: Column, raw, text: str, lookups) -> str:
    try:
        validate_uk_phone(text)
    except ValidationError:
        raise CellProblem("enter a UK phone number, like 01632 960 123") from None
    return text


def _money(column: Column, raw, text: str, lookups) -> Decimal:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        text = repr(raw)  # exactly the number the workbook holds, not a rounded display
    try:
        amount = Decimal(text.replace(",", "").removeprefix("£").strip())
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise CellProblem("enter an amount in pounds, like 250.00")
    for validator in COST_LIMITS:  # the model's own rule, as the form and the API apply it
        try:
            validator(amount)
        except ValidationError as error:
            message = error.messages[0]
            raise CellProblem(message[0].lower() + message[1:]) from None
    if amount != amount.quantize(Decimal("0.01")):
        raise CellProblem("use no more than 2 decimal places, like 250.75")
    return amount.quantize(Decimal("0.01"))


PARSERS = {
    "text": lambda column, raw, text, lookups: text,
    "email": _email,
    "https": _https,
    "phone": _phone,
    "choice": _choice,
    "name": lambda column, raw, text, lookups: _one_name(column, text, lookups),
    "names": _names,
    "date": lambda column, raw, text, lookups: day(raw, text),
    "count": lambda column, raw, text, lookups: whole_number(text),
    "money": _money,
    "yesno": lambda column, raw, text, lookups: yes_no(text),
}


def parse_cell(column: Column, raw, text: str, lookups):
    """The stored value for one non-blank cell (`text` is cell_text(raw)), or CellProblem saying what is wrong."""
    if column.max_length and len(text) > column.max_length:
        raise CellProblem(f"this is {len(text):,} characters long; it can be at most {column.max_length:,}")
    return PARSERS[column.kind](column, raw, text, lookups)


# ---- Importing ----------------------------------------------------------------------------------


def check_row(cells: list, positions: dict[str, int], *, row: int, user, lookups, result: ImportResult):
    """The scalar values and linked ids for one row, or None after recording its problems."""
    values: dict = {}
    problems_before = result.problem_count
    for column in COLUMNS:
        index = positions.get(column.name)
        raw = cells[index] if index is not None and index < len(cells) else None
        text = cell_text(raw)
        if text == "":
            if column.required:
                result.add(row, column.name, column.required)
            else:
                values[column.name] = () if column.kind == "names" else DEFAULTS.get(column.name, "")
            continue
        try:
            values[column.name] = parse_cell(column, raw, text, lookups)
        except CellProblem as problem:
            result.add(row, column.name, str(problem))
    lead = values.get("lead_organisation")
    if lead is not None and not can_lead_as(user, lead):
        result.add(row, "lead_organisation", "you can only import activities led by your own organisation")
    if lead is not None and lead in values.get("partner_organisations", ()):
        result.add(row, "partner_organisations", "the lead organisation cannot also be a partner")
    # A blank date cell reads as "" here; the end of a one-day activity is filled in below.
    start, end = values.get("start_date") or None, values.get("end_date") or None
    for name, problem in activity_date_problems(start=start, end=end):
        result.add(row, name, problem[0].lower() + problem[1:])
    if result.problem_count == problems_before:
        status, public = values.get("status") or Status.PLANNED, bool(values.get("is_public"))
        for name, problem in way_problems(values, is_public=public, status=status).items():
            result.add(row, name, problem[0].lower() + problem[1:])
    if result.problem_count > problems_before:
        return None
    for name in ("participants_target", "participants_actual", "cost"):
        values[name] = values[name] if values[name] != "" else None
    values["end_date"] = values["end_date"] or values["start_date"]
    return tuple(values[name] for name in SCALAR_FIELDS), tuple(values[name] for name in M2M_FIELDS)


def limits() -> Limits:
    """The register's import reads up to IMPORT_MAX_BYTES and IMPORT_MAX_ROWS activities."""
    return Limits.from_settings(noun="activities", one="activity")


def import_activities(*, data: bytes, filename: str, user, seconds: float | None = None) -> ImportResult:
    """Check every row of the file, then create them all as new activities, or none if anything is wrong.

    With `seconds`, raises OverTime if checking takes longer (see core/spreadsheets.py `check_file`).
    """
    result = ImportResult()
    lookups = name_lookups()
    checked = check_file(
        data,
        filename,
        result=result,
        limits=limits(),
        header=HEADER,
        required=REQUIRED,
        check_row=lambda cells, positions, row: check_row(
            cells, positions, row=row, user=user, lookups=lookups, result=result
        ),
        seconds=seconds,
    )
    if result.ok:
        result.created = save_rows(checked, user=user)
    return result


def _link_tables(name: str) -> tuple[str, str, str, str]:
    """Quoted names: the list field's link table, its two columns, and the table of their history."""
    relation = Activity._meta.get_field(name)
    # simple_history names the history of a list field HistoricalActivity_<field>.
    history = apps.get_model("register", f"HistoricalActivity_{name}")
    quote = connection.ops.quote_name
    return (
        quote(relation.remote_field.through._meta.db_table),
        quote(f"{relation.m2m_field_name()}_id"),
        quote(f"{relation.m2m_reverse_field_name()}_id"),
        quote(history._meta.db_table),
    )


def _write_links(cursor, name: str, pairs: list[tuple[int, int]], activity_ids: list[int]) -> None:
    """Link rows and their history by plain SQL: model instances for millions of pairs would be far slower."""
    links, source, target, history = _link_tables(name)
    cursor.executemany(f"INSERT INTO {links} ({source}, {target}) VALUES (%s, %s)", pairs)
    # Each new activity has exactly one creation record; its list history copies the link rows just made.
    historical = connection.ops.quote_name(Activity.history.model._meta.db_table)
    marks = ", ".join(["%s"] * len(activity_ids))
    cursor.execute(
        f"INSERT INTO {history} (id, {source}, {target}, history_id) "
        f"SELECT link.id, link.{source}, link.{target}, record.history_id FROM {links} link "
        f"JOIN {historical} record ON record.id = link.{source} AND record.history_type = '+' "
        f"WHERE link.{source} IN ({marks})",
        activity_ids,
    )


@transaction.atomic
def save_rows(rows: list[tuple[tuple, tuple]], *, user) -> int:
    """Create checked rows in batches: activities with their creation history, then their lists.

    bulk_create skips save() and signals, so the history of each list is written here too; without it the
    first later edit would look as though it had added every group and area.
    """
    created_by = user if getattr(user, "pk", None) else None
    for start in range(0, len(rows), WRITE_BATCH):
        batch = rows[start : start + WRITE_BATCH]
        activities = [
            Activity(created_by=created_by, **dict(zip(SCALAR_NAMES, scalars, strict=True))) for scalars, _ in batch
        ]
        activities = bulk_create_with_history(
            activities, Activity, batch_size=WRITE_BATCH, default_user=created_by,
            default_change_reason=CHANGE_REASON,
        )  # fmt: skip
        ids = [activity.pk for activity in activities]
        with connection.cursor() as cursor:
            for index, name in enumerate(M2M_FIELDS):
                pairs = [(pk, linked) for pk, (_, lists) in zip(ids, batch, strict=True) for linked in lists[index]]
                if pairs:
                    _write_links(cursor, name, pairs, ids)
    return len(rows)
