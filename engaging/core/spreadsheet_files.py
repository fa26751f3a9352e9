"""Spreadsheet files for imports and exports: CSV in UTF-8 or Excel workbooks, each as rows of cells.

Reading a file is bounded before it starts. `weigh` looks at a file without parsing it: its size, what
an Excel file unpacks to (from the sizes its zip records for each member), how tightly it is packed, and
how many rows and cells it holds (counted lines of a CSV; the used range a workbook records). `where_to_import`
turns that into the one rule every import follows:

- within the web limits, the file is checked while the person waits (and even then only for
  IMPORT_WEB_SECONDS: past that the import moves to the task worker);
- over them but within the hard limits, the task worker checks and imports it;
- over a hard limit, or packed like a zip bomb, it is refused with a message in plain words.

Whatever is wrong with a file as a whole becomes a FileProblem with a message in plain words.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

ENCODING_MESSAGE = "The file is not in the UTF-8 encoding. Save the file as ‘CSV UTF-8’ and try again."
DAMAGED_XLSX = "The Excel file could not be read. It may be damaged: open it in Excel, save it as .xlsx and try again."
PACKED_TOO_TIGHTLY = (
    "The Excel file unpacks to far more data than its size suggests, so it cannot be imported. "
    "Save it again from Excel, or save it as ‘CSV UTF-8’ (.csv), and try again."
)
# Packed members smaller than this are never refused for their ratio: a tiny part can pack very tightly.
RATIO_FLOOR = 1024 * 1024
# A cell starting with one of these may run as a formula when a CSV is opened in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?\"")

# No import unpacks more than this many times its largest allowed file.
UNPACKED_PER_BYTE = 20

HERE, WORKER = "here", "worker"


class FileProblem(Exception):
    """The file as a whole cannot be used; the message says why in plain words."""


def _megabytes(size: int) -> str:
    return f"{max(size // (1024 * 1024), 1):,} MB"


@dataclass(frozen=True)
class Limits:
    """How much an import may read: in a web request, and at all (in the task worker)."""

    max_bytes: int
    max_rows: int
    noun: str = "rows"  # what the rows are, for the messages: "activities", "findings"
    one: str = "row"  # and one of them: "activity", "finding"
    web_bytes: int | None = None
    web_unpacked: int | None = None
    web_cells: int | None = None
    max_unpacked: int | None = None
    max_ratio: int | None = None

    @classmethod
    def from_settings(cls, *, max_bytes: int | None = None, max_rows: int | None = None, noun="rows", one="row"):
        """The hub's limits (settings IMPORT_*), with an import's own hard limits where it sets them."""
        max_bytes = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
        return cls(
            max_bytes=max_bytes,
            max_rows=settings.IMPORT_MAX_ROWS if max_rows is None else max_rows,
            noun=noun,
            one=one,
            web_bytes=settings.IMPORT_BACKGROUND_BYTES,
            web_unpacked=settings.IMPORT_WEB_UNPACKED_BYTES,
            web_cells=settings.IMPORT_WEB_CELLS,
            max_unpacked=UNPACKED_PER_BYTE * max_bytes,
            max_ratio=settings.IMPORT_MAX_RATIO,
        )


@dataclass(frozen=True)
class Weight:
    """What reading a file would take, found without parsing it."""

    size: int
    unpacked: int  # what an Excel file unpacks to; a CSV's own size
    rows: int | None  # None when a workbook does not record its used range
    cells: int | None


def _zip_members(data: bytes) -> list[zipfile.ZipInfo]:
    source = io.BytesIO(data)
    if not zipfile.is_zipfile(source):
        raise FileProblem(DAMAGED_XLSX)
    try:
        with zipfile.ZipFile(source) as archive:
            return archive.infolist()
    except Exception:
        raise FileProblem(DAMAGED_XLSX) from None


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _recorded_range(data: bytes, members: list[zipfile.ZipInfo]) -> tuple[int | None, int | None]:
    """The rows and cells of the largest used range the worksheets record, read from each sheet's first bytes."""
    rows = cells = None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in members:
                if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                    continue
                with archive.open(member) as sheet:
                    found = DIMENSION.search(sheet.read(4096))
                if not found:
                    continue
                first_column, first_row, last_column, last_row = found.groups()
                height = int(last_row or first_row) - int(first_row) + 1
                width = _column_number(last_column or first_column) - _column_number(first_column) + 1
                rows, cells = max(rows or 0, height), max(cells or 0, height * width)
    except Exception:
        raise FileProblem(DAMAGED_XLSX) from None
    return rows, cells


def extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def weigh(data: bytes, filename: str, limits: Limits) -> Weight:
    """The file's size, unpacked size, rows and cells, without parsing it; a zip bomb is refused here."""
    if extension(filename) != "xlsx":
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        first = data[: data.find(b"\n")] if b"\n" in data else data
        width = max(first.count(b","), first.count(b";"), first.count(b"\t")) + 1
        return Weight(size=len(data), unpacked=len(data), rows=lines, cells=lines * width)
    members = _zip_members(data)
    unpacked = sum(member.file_size for member in members)
    if limits.max_unpacked and unpacked > limits.max_unpacked:
        raise FileProblem("The Excel file unpacks to far more data than an import can take.")
    for member in members:
        packed = max(member.compress_size, 1)
        if limits.max_ratio and member.file_size > RATIO_FLOOR and member.file_size / packed > limits.max_ratio:
            raise FileProblem(PACKED_TOO_TIGHTLY)
    rows, cells = _recorded_range(data, members)
    return Weight(size=len(data), unpacked=unpacked, rows=rows, cells=cells)


def where_to_import(data: bytes, filename: str, limits: Limits) -> str:
    """HERE when the file is small enough to check in the web request, WORKER when the task worker should.

    Raises FileProblem for a file over a hard limit. Reads the file's size and zip directory, and the
    first bytes of each worksheet, only. A used range recorded wrongly can only send a file to the worker.
    """
    if len(data) > limits.max_bytes:
        raise FileProblem(f"The file must be smaller than {_megabytes(limits.max_bytes)}. Split it into smaller files.")
    if extension(filename) not in {"csv", "xlsx"}:
        return HERE  # refused by read_rows, in a sentence that says what to do
    weight = weigh(data, filename, limits)
    over_web = (
        (limits.web_bytes is not None and weight.size > limits.web_bytes)
        or (limits.web_unpacked is not None and weight.unpacked > limits.web_unpacked)
        or (limits.web_cells is not None and weight.cells is not None and weight.cells > limits.web_cells)
    )
    return WORKER if over_web else HERE


# ---- Reading -------------------------------------------------------------------------------------


def _csv_rows(data: bytes) -> Iterator[list]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, from Excel's "Unicode text"
        raise FileProblem(ENCODING_MESSAGE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(ENCODING_MESSAGE) from None
    first_line = text[: text.find("\n")] if "\n" in text else text
    # Excel saves with semicolons in some countries; the header row tells us which it used.
    delimiter = max((",", ";", "\t"), key=first_line.count) if first_line.count(",") == 0 else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows_read = 0
    try:
        for row in reader:
            rows_read += 1
            yield row
    except csv.Error:
        raise FileProblem(
            f"Row {rows_read + 1} could not be read: a cell is far too long or a quotation mark is not closed."
        ) from None


def _xlsx_rows(data: bytes, limits: Limits) -> Iterator[list]:
    weigh(data, "file.xlsx", limits)  # never unpack a bomb, however the reader was reached
    workbook = None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        if not workbook.worksheets:
            raise FileProblem("The Excel file has no worksheets.")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs record the used range wrongly
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    except FileProblem:
        raise
    except Exception:
        # A damaged workbook can fail inside zip, XML or openpyxl code in many ways; all mean the same.
        raise FileProblem(DAMAGED_XLSX) from None
    finally:
        if workbook is not None:
            workbook.close()


def read_rows(data: bytes, filename: str, limits: Limits | None = None) -> Iterator[list]:
    """The rows of a .csv or .xlsx file, each a list of cells; anything else is refused."""
    kind = extension(filename)
    if kind == "csv":
        return _csv_rows(data)
    if kind == "xlsx":
        return _xlsx_rows(data, limits or Limits.from_settings())
    if kind in {"xls", "ods", "numbers", "txt"}:
        raise FileProblem("Save the spreadsheet as ‘CSV UTF-8’ (.csv) or as an Excel workbook (.xlsx) and try again.")
    raise FileProblem("The file must be a CSV (.csv) or Excel (.xlsx) file.")


# ---- Writing -------------------------------------------------------------------------------------


def csv_safe(value) -> str:
    """A cell that a spreadsheet could take for a formula gets a leading apostrophe."""
    text = value.isoformat() if isinstance(value, date) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    """CSV text a line at a time, after a byte order mark so that Excel reads it as UTF-8; no cell is a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _xlsx_cell(sheet, value, bold: bool):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # characters a workbook cannot hold at all
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would take text starting with "=" for a formula
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable[list]]]) -> bytes:
    """A workbook with a sheet for each (title, rows), the first row of each in bold; text never a formula."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for number, row in enumerate(rows):
            sheet.append([_xlsx_cell(sheet, value, bold=number == 0) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
