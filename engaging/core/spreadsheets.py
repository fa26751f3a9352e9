"""What every spreadsheet import shares: reading cells, checking the header, reporting problems by row, and
the all-or-nothing result.

An import names its columns and checks one row at a time; `check_file` does the rest. Rows are numbered
as the spreadsheet shows them (the header is row 1), so "Row 4, themes: …" points at the row to fix.
Every row is checked before anything is saved, and any problem stops the whole file.
Where the import runs, and when it is refused for its size, is `where_to_import` (spreadsheet_files.py).
"""

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings

from engaging.core.spreadsheet_files import FORMULA_STARTS, WORKER, FileProblem, Limits, read_rows, where_to_import

MAX_PROBLEMS_SHOWN = 200
# Control characters other than tab and line breaks: invisible, and refused by PostgreSQL (NUL).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
WHOLE_NUMBER = re.compile(r"([-+]?)(\d{1,15})", re.ASCII)
MAX_COUNT = 2_147_483_647  # the largest PositiveIntegerField on every database
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
AMBIGUOUS = -1  # a name two records share
# How many rows are checked between two looks at the clock.
ROWS_BETWEEN_CLOCKS = 200


class CellProblem(Exception):
    """What is wrong with one cell, in words that follow "Row 4, column: "."""


class OverTime(Exception):
    """Checking the file in the web request has taken longer than its budget: the task worker should do it."""


# ---- Cells ---------------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as trimmed text: spreadsheet numbers and dates as people typed them, the CSV guard removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    text = CONTROL_CHARACTERS.sub("", text).strip()
    if text[:1] == "'" and text[1:2] and text[1] in FORMULA_STARTS:
        text = text[1:].strip()
    return text


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def key(name: str) -> str:
    """How names are compared: case-insensitive, ignoring extra spaces."""
    return " ".join(name.split()).casefold()


def names_by_key(pairs: Iterable[tuple[int, str]]) -> dict[str, int]:
    """Ids by the key of their name; a key two records share maps to AMBIGUOUS."""
    table: dict[str, int] = {}
    for pk, name in pairs:
        table[key(name)] = AMBIGUOUS if key(name) in table else pk
    return table


def choice_table(choices, *, spaced: bool = False) -> dict[str, str]:
    """A TextChoices' values by the key of their label or value (and of the value with spaces, if `spaced`)."""
    table = {key(label): value for value, label in choices.choices}
    table.update({key(value): value for value in choices.values})
    if spaced:
        table.update({key(value.replace("_", " ")): value for value in choices.values})
    return table


def whole_number(text: str, example: str = "40") -> int:
    """A count: a whole number, not negative, that fits the column."""
    match = WHOLE_NUMBER.fullmatch(text.replace(",", ""))
    if not match:
        raise CellProblem(f"enter a whole number, like {example}")
    if match.group(1) == "-" and int(match.group(2)):
        raise CellProblem("the number cannot be negative")
    if int(match.group(2)) > MAX_COUNT:
        raise CellProblem("the number is too large")
    return int(match.group(2))


def day(raw, text: str) -> date:
    """A date: a real date cell of a workbook, or text written YYYY-MM-DD."""
    if isinstance(raw, date):  # datetime is a kind of date
        return raw.date() if isinstance(raw, datetime) else raw
    if not DATE_PATTERN.fullmatch(text):
        raise CellProblem("enter a date like 2025-03-14")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CellProblem(f"“{text}” is not a real date") from None


def yes_no(text: str) -> bool:
    if text.casefold() in YES | NO:
        return text.casefold() in YES
    raise CellProblem("enter yes or no")


def is_blank(cells: list) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def header_key(cell) -> str:
    return re.sub(r"[\s-]+", "_", cell_text(cell).lstrip("\ufeff").strip().casefold())


# ---- The result ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    row: int | None  # as numbered in the spreadsheet: the header is row 1; None for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return f"Row {self.row}, {self.column}: {self.message}" if self.column else f"Row {self.row}: {self.message}"


@dataclass
class ImportResult:
    """What an import did: how many records it created, or every problem that stopped it (the first 200 kept)."""

    created: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def file_problems(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.row is None]

    @property
    def row_problems(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.row is not None]

    @property
    def hidden_count(self) -> int:
        return self.problem_count - len(self.problems)

    def add(self, row: int | None, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_SHOWN:
            self.problems.append(Problem(row, column, message))

    def refuse_on(self, form, field: str = "file", *, again: str = "upload the file again") -> None:
        """Put a refused import's problems on the form's `field`: each with the whole file, then how many rows have
        them (the rows are listed under the form)."""
        for problem in self.file_problems:
            form.add_error(field, str(problem))
        if self.row_problems:
            count = self.problem_count
            form.add_error(
                field,
                f"The file has {count:,} problem{'' if count == 1 else 's'}. Nothing has been imported. "
                f"Fix the rows listed below and {again}.",
            )

    def stored_problems(self) -> list[dict]:
        """The problems as an import job keeps them for its page."""
        return [{"row": p.row, "column": p.column, "message": p.message} for p in self.problems]


# What an import job that stopped on an unexpected error keeps as its one problem.
STOPPED = {"row": None, "column": "", "message": "The import stopped unexpectedly. Nothing was imported."}


# ---- Checking a file -----------------------------------------------------------------------------


def read_header(cells: list, result: ImportResult, *, header: list[str], required: list[str]) -> dict[str, int] | None:
    """Where each known column is; unknown columns are noted and ignored, missing required ones refused."""
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        name = header_key(cell)
        if not name:
            continue
        if name not in header:
            unknown.append(shorten(cell_text(cell), 40))
        elif name in positions:
            result.add(None, "", f"The column “{name}” appears more than once. Keep one and delete the others.")
        else:
            positions[name] = index
    if not positions and not unknown:
        result.add(None, "", "The first row is empty. Put the column names in row 1, as in the template.")
        return None
    missing = [name for name in required if name not in positions]
    if missing:
        result.add(None, "", "The file is missing these columns: " + ", ".join(missing) + ". Use the template.")
    if unknown:
        shown = ", ".join(f"“{name}”" for name in unknown[:20]) + (" and others" if len(unknown) > 20 else "")
        result.notes.append(f"These columns are not used and were ignored: {shown}.")
    return None if result.problem_count else positions


def check_file(
    data: bytes,
    filename: str,
    *,
    result: ImportResult,
    limits: Limits,
    header: list[str],
    required: list[str],
    check_row: Callable[[list, dict[str, int], int], object | None],
    seconds: float | None = None,
) -> list:
    """Every row's checked values (from `check_row(cells, positions, row)`, None for a row with problems).

    The file's own problems (too large, empty, unreadable, a bad header, too many rows) go into `result`.
    With `seconds`, raises OverTime once checking has taken longer: the caller hands the file to the worker.
    """
    checked: list = []
    if len(data) > limits.max_bytes:
        megabytes = max(limits.max_bytes // (1024 * 1024), 1)
        result.add(None, "", f"The file must be smaller than {megabytes} MB. Split it into smaller files.")
        return checked
    if not data.strip():
        result.add(None, "", "The file is empty.")
        return checked
    deadline = time.monotonic() + seconds if seconds is not None else None
    positions = None
    data_rows = 0
    try:
        for number, cells in enumerate(read_rows(data, filename, limits), start=1):
            if deadline is not None and number % ROWS_BETWEEN_CLOCKS == 0 and time.monotonic() > deadline:
                raise OverTime
            if number == 1:
                positions = read_header(cells, result, header=header, required=required)
                if positions is None:
                    return checked
                continue
            if is_blank(cells):
                continue
            data_rows += 1
            if data_rows > limits.max_rows:
                result.add(
                    None,
                    "",
                    f"The file has more than {limits.max_rows:,} {limits.noun}. "
                    "Split it into smaller files and import each one.",
                )
                return checked
            outcome = check_row(cells, positions, number)
            if outcome is not None:
                checked.append(outcome)
    except FileProblem as problem:
        result.add(None, "", str(problem))
        return checked
    if positions is None:
        result.add(None, "", "The file is empty.")
    elif not data_rows:
        result.add(
            None, "", f"The file has no {limits.noun} in it. Add one row for each {limits.one} under the column names."
        )
    return checked


def in_request_or_worker(
    data: bytes, filename: str, *, limits: Limits, run: Callable[[float], ImportResult]
) -> ImportResult | None:
    """Run an import in this web request if the file is small enough, or say (None) that the task worker should.

    The one rule every import page follows: a file over a hard limit, or packed like a zip bomb, is
    refused before it is parsed; one over the web limits (size, unpacked size, cells) goes to the worker
    unparsed; any other is checked here by `run(seconds)`, and goes to the worker after all if checking
    takes longer than IMPORT_WEB_SECONDS. Nothing is saved unless the whole file was checked.
    """
    try:
        where = where_to_import(data, filename, limits)
    except FileProblem as problem:
        result = ImportResult()
        result.add(None, "", str(problem))
        return result
    if where == WORKER:
        return None
    try:
        return run(settings.IMPORT_WEB_SECONDS)
    except OverTime:
        return None
