"""Importing activities (/register/import/): problems with the whole file, and whatever it holds, all or nothing."""

import io
import zipfile

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from engaging.core import spreadsheet_files
from engaging.register.models import Activity
from engaging.register.spreadsheets import HEADER
from tests.register.spreadsheet_helpers import (
    csv_file,
    good_row,
    run_import,
    upload,
    xlsx_file,
)

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# ---- Problems with the whole file ---------------------------------------------------------------


def test_unknown_columns_are_ignored_and_mentioned(client, world):
    client.force_login(world.coordinator)
    rows = [["99", *good_row(world).values(), "extra"]]
    response = upload(client, csv_file(rows, header=["id", *HEADER, "Favourite colour"]))
    assert response.status_code == 302 and response["Location"] == "/register/"
    page = client.get(response["Location"]).content.decode()
    assert "1 activity imported." in page
    assert "These columns are not used and were ignored: “id”, “Favourite colour”." in page
    assert Activity.objects.count() == 1


@pytest.mark.parametrize(
    "data, filename, expected",
    [
        (b"", "a.csv", "The file is empty."),
        (b"\n\n", "a.csv", "The file is empty."),
        (b",,,\nTitle,,\n", "a.csv", "The first row is empty. Put the column names in row 1, as in the template."),
        (
            ",".join(HEADER).encode() + b"\n\n",
            "a.csv",
            "The file has no activities in it. Add one row for each activity under the column names.",
        ),
        (
            b"title,summary,notes\nA,B,C\n",
            "a.csv",
            "The file is missing these columns: purpose, lead_organisation, "
            "type, level, groups, areas, start_date. Use the template.",
        ),
        (
            b"title,Title," + ",".join(HEADER[1:]).encode() + b"\n",
            "a.csv",
            "The column “title” appears more than once. Keep one and delete the others.",
        ),
        ("title\nCaf\xe9".encode("latin-1"), "a.csv", spreadsheet_files.ENCODING_MESSAGE),
        ("title\nCafé".encode("utf-16"), "a.csv", spreadsheet_files.ENCODING_MESSAGE),
        (b"PK\x03\x04 not really a workbook", "a.xlsx", spreadsheet_files.DAMAGED_XLSX),
        (
            b"title,summary\n",
            "a.txt",
            "Save the spreadsheet as ‘CSV UTF-8’ (.csv) or as an Excel workbook (.xlsx) and try again.",
        ),
        (b"%PDF-1.4", "a.pdf", "The file must be a CSV (.csv) or Excel (.xlsx) file."),
        (b"title", "no-extension", "The file must be a CSV (.csv) or Excel (.xlsx) file."),
        (
            ",".join(HEADER).encode() + b'\n"' + b"x" * 200_000 + b"\n",
            "a.csv",
            "Row 2 could not be read: a cell is far too long or a quotation mark is not closed.",
        ),
    ],
)
def test_a_bad_file_gets_one_clear_message_and_nothing_is_imported(world, data, filename, expected):
    result = run_import(world.coordinator, data, filename)
    assert [str(problem) for problem in result.problems] == [expected]
    assert Activity.objects.count() == 0


def test_a_truncated_workbook_is_reported_as_damaged(world):
    data = xlsx_file([good_row(world)])
    result = run_import(world.coordinator, data[: len(data) // 2], "a.xlsx")
    assert [str(problem) for problem in result.problems] == [spreadsheet_files.DAMAGED_XLSX]


def test_a_workbook_that_unpacks_to_far_too_much_is_refused(world, settings):
    settings.IMPORT_MAX_BYTES = 50_000
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * 2_000_000)
    result = run_import(world.coordinator, output.getvalue(), "bomb.xlsx")
    assert [str(problem) for problem in result.problems] == [
        "The Excel file unpacks to far more data than an import can take."
    ]


def test_files_over_the_size_limit_are_refused(client, world, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(world.coordinator)
    data = csv_file([good_row(world, notes="x" * 3000)] * 400)
    assert len(data) > settings.IMPORT_MAX_BYTES
    page = upload(client, data).content.decode()
    assert "The file must be smaller than 1 MB. Split it into smaller files." in page
    assert Activity.objects.count() == 0


def test_files_with_too_many_rows_are_refused(world, settings):
    settings.IMPORT_MAX_ROWS = 2
    result = run_import(world.coordinator, csv_file([good_row(world)] * 3))
    assert [str(p) for p in result.problems] == [
        "The file has more than 2 activities. Split it into smaller files and import each one."
    ]
    assert run_import(world.coordinator, csv_file([good_row(world)] * 2, encoding="utf-8-sig")).created == 2


# ---- Whatever the file holds: no server error, no partial import -------------------------------

VALUES = [
    "", " ", "Young people", "young people; carers", "Yung people", "Dudley Council", "Healthwatch Dudley",
    "Brierley Hill", "Focus group", "co_production", "Co-production", "Consult", "open", "2025-03-14",
    "2025-02-30", "14/03/2025", "-5", "40", "1e9", "£250.00", "NaN", "yes", "no", "=SUM(A1)", "'=1+1", "\x00",
]  # fmt: skip
cells = st.one_of(
    st.sampled_from(VALUES),
    st.text(max_size=20),
    st.integers(min_value=0, max_value=5000).map(lambda n: "é" * n),
)
headers = st.one_of(
    st.just(HEADER),
    st.permutations(HEADER),
    st.permutations(HEADER).map(lambda names: [*names, "id"]),
    st.lists(st.one_of(st.sampled_from(HEADER), st.text(max_size=8)), max_size=28),
)


def rows_for(world):
    """Rows that are mostly right, with a few cells replaced by anything, or rows of pure noise."""
    right = st.sampled_from([good_row(world), good_row(world, end_date="", cost="", status="Fed back")])
    nearly = st.builds(
        lambda changes: good_row(world, **changes), st.dictionaries(st.sampled_from(HEADER), cells, max_size=2)
    )
    return st.lists(st.one_of(right, nearly, st.lists(cells, max_size=30)), min_size=1, max_size=5)


def expected_rows(rows, header) -> int:
    def cells_of(row):
        return [row.get(name, "") for name in header] if isinstance(row, dict) else row

    return sum(1 for row in rows if any(str(cell).strip() for cell in cells_of(row)))


def assert_all_or_nothing(result, before: int, rows: int) -> None:
    event("imported" if result.ok else "refused")
    after = Activity.everything.count()
    if result.ok:
        assert result.created == rows == after - before
    else:
        assert result.created == 0 and after == before


@FUZZ
@given(data=st.data())
def test_any_csv_imports_whole_or_not_at_all(world, data):
    header = data.draw(headers)
    rows = data.draw(rows_for(world))
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16"]))
    user = data.draw(st.sampled_from([world.coordinator, world.officer_council]))
    before = Activity.everything.count()
    result = run_import(user, csv_file(rows, header=header, encoding=encoding))
    assert_all_or_nothing(result, before, expected_rows(rows, header))


@FUZZ
@given(data=st.data())
def test_any_workbook_imports_whole_or_not_at_all(world, data):
    header = data.draw(headers)
    rows = data.draw(rows_for(world))
    workbook = xlsx_file(rows, header=header)
    if data.draw(st.booleans()):  # damage it
        # A fraction, not a length: the workbook's size varies a little with the time it was made.
        cut = int(len(workbook) * data.draw(st.floats(min_value=0, max_value=1)))
        workbook = workbook[:cut] + data.draw(st.binary(max_size=50))
    before = Activity.everything.count()
    result = run_import(world.coordinator, workbook, "activities.xlsx")
    event("imported" if result.ok else "refused")
    if not result.ok:
        assert Activity.everything.count() == before and result.created == 0
    else:
        assert Activity.everything.count() - before == result.created


@FUZZ
@given(content=st.binary(max_size=2000), extension=st.sampled_from(["csv", "xlsx", "xls", "txt", ""]))
def test_random_bytes_never_cause_a_server_error(client, world, content, extension):
    client.force_login(world.coordinator)
    before = Activity.everything.count()
    response = upload(client, content, f"upload.{extension}" if extension else "upload")
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Activity.everything.count() == before
