"""Reading spreadsheet files for imports: CSV in UTF-8 or Excel workbooks, each as rows of cells.

Whatever is wrong with a file as a whole becomes a FileProblem with a message in plain words.
"""

import csv
import io
import zipfile
from collections.abc import Iterator

from django.conf import settings
from openpyxl import load_workbook

ENCODING_MESSAGE = "The file is not in the UTF-8 encoding. Save the file as ‘CSV UTF-8’ and try again."
DAMAGED_XLSX = "The Excel file could not be read. It may be damaged: open it in Excel, save it as .xlsx and try again."


class FileProblem(Exception):
    """The file as a whole cannot be used; the message says why in plain words."""


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


def _xlsx_rows(data: bytes) -> Iterator[list]:
    source = io.BytesIO(data)
    if not zipfile.is_zipfile(source):
        raise FileProblem(DAMAGED_XLSX)
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except Exception:
        raise FileProblem(DAMAGED_XLSX) from None
    if unpacked > 20 * settings.IMPORT_MAX_BYTES:  # a tiny file that unpacks to gigabytes
        raise FileProblem("The Excel file unpacks to far more data than an import can take.")
    workbook = None
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
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


def read_rows(data: bytes, filename: str) -> Iterator[list]:
    """The rows of a .csv or .xlsx file, each a list of cells; anything else is refused."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv":
        return _csv_rows(data)
    if extension == "xlsx":
        return _xlsx_rows(data)
    if extension in {"xls", "ods", "numbers", "txt"}:
        raise FileProblem("Save the spreadsheet as ‘CSV UTF-8’ (.csv) or as an Excel workbook (.xlsx) and try again.")
    raise FileProblem("The file must be a CSV (.csv) or Excel (.xlsx) file.")
