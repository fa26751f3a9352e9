"""Reading a survey file from disk a row at a time, so a million rows never sit in memory together.

CSV is read as UTF-8 (with or without a byte order mark; commas, or semicolons or tabs where the header has
no comma); an Excel workbook's first worksheet is read in openpyxl's streaming mode, after its zip directory
is checked for a file that would unpack to far more than its size (a zip bomb).
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from openpyxl import load_workbook

from engaging.core.spreadsheet_files import DAMAGED_XLSX, ENCODING_MESSAGE, PACKED_TOO_TIGHTLY, FileProblem, extension

# A zip member unpacking to more than this many times its packed size is refused (past a small floor).
RATIO_FLOOR = 1024 * 1024
UNPACKED_PER_BYTE = 20
# The csv module's default cell limit (128 KB) is plenty for survey answers; a longer cell is a broken quote.


@dataclass
class Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    cells: list
    position: int  # bytes of the file read so far (roughly, for progress)


def _check_workbook(path: str, size: int) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise FileProblem(DAMAGED_XLSX) from None
    if sum(member.file_size for member in members) > UNPACKED_PER_BYTE * max(size, RATIO_FLOOR):
        raise FileProblem(PACKED_TOO_TIGHTLY)
    ratio = settings.IMPORT_MAX_RATIO
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size / max(member.compress_size, 1) > ratio:
            raise FileProblem(PACKED_TOO_TIGHTLY)


def _csv_rows(path: str) -> Iterator[Row]:
    with open(path, "rb") as raw:
        start = raw.read(4)
        if start.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, from Excel's "Unicode text"
            raise FileProblem(ENCODING_MESSAGE)
        raw.seek(0)
        first_line = raw.readline(64 * 1024)
        raw.seek(0)
        delimiter = ","
        if first_line.count(b",") == 0:
            delimiter = max((",", ";", "\t"), key=lambda d: first_line.count(d.encode()))
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        number = 0
        try:
            for cells in csv.reader(text, delimiter=delimiter):
                number += 1
                yield Row(number, cells, raw.tell())
        except UnicodeDecodeError:
            raise FileProblem(ENCODING_MESSAGE) from None
        except csv.Error:
            raise FileProblem(
                f"Row {number + 1} could not be read: a cell is far too long or a quotation mark is not closed."
            ) from None


def _xlsx_rows(path: str, size: int) -> Iterator[Row]:
    _check_workbook(path, size)
    workbook = None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        if not workbook.worksheets:
            raise FileProblem("The Excel file has no worksheets.")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs record the used range wrongly
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            # Workbooks do not say how far through they are; progress is told by rows for them.
            yield Row(number, list(cells), 0)
    except FileProblem:
        raise
    except Exception:
        # A damaged workbook can fail inside zip, XML or openpyxl code in many ways; all mean the same.
        raise FileProblem(DAMAGED_XLSX) from None
    finally:
        if workbook is not None:
            workbook.close()


def rows_of(path: str, filename: str, size: int) -> Iterator[Row]:
    """The rows of a .csv or .xlsx file on disk; any other kind of file is refused in plain words."""
    kind = extension(filename)
    if kind == "csv":
        return _csv_rows(path)
    if kind == "xlsx":
        return _xlsx_rows(path, size)
    if kind in {"xls", "ods", "numbers", "txt"}:
        raise FileProblem("Save the spreadsheet as ‘CSV UTF-8’ (.csv) or as an Excel workbook (.xlsx) and try again.")
    raise FileProblem("The file must be a CSV (.csv) or Excel (.xlsx) file.")
