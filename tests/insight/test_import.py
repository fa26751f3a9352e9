"""Importing findings from a spreadsheet: all or nothing, with a report of every problem by row and column."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from engaging.insight import spreadsheets
from engaging.insight.models import Finding, Theme
from engaging.insight.spreadsheets import HEADER, import_findings

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def good_row(**changes) -> dict:
    row = {
        "statement": "Evening appointments would make it easier for working parents.",
        "kind": "summary",
        "themes": "Access to GP appointments; Waiting times",
        "groups": "Carers",
        "areas": "",
        "priorities": "",
        "people_count": "12",
        "representativeness": "many",
        "heard_on": (date.today() - timedelta(days=5)).isoformat(),
        "review_by": "",
        "is_public": "yes",
    }
    row.update(changes)
    return row


def csv_file(rows, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header] if isinstance(row, dict) else row)
    return buffer.getvalue().encode("utf-8")


def xlsx_file(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) for name in header])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def run(activity, user, data, filename="findings.csv"):
    return import_findings(data=data, filename=filename, activity=activity, user=user)


def test_a_good_file_records_every_row(world, council_activity, themes):
    rows = [good_row(), good_row(statement="Parking costs too much.", themes="", groups="", kind="quote")]
    result = run(council_activity, world.officer_council, csv_file(rows))
    assert result.ok and result.created == 2
    first, second = Finding.objects.order_by("pk")
    assert first.activity == council_activity and first.created_by == world.officer_council
    assert set(first.themes.all()) == {themes["access"], themes["waiting"]}
    assert list(first.groups.all()) == [world.carers]
    assert first.review_by == first.heard_on.replace(year=first.heard_on.year + 2)
    assert first.people_count == 12 and first.representativeness == "many" and first.is_public
    # Blank lists mean the activity's own.
    assert set(second.groups.all()) == {world.young_people, world.carers}
    assert list(second.areas.all()) == [world.locality]
    assert second.kind == "quote"
    # Each has its creation in its history, with its links, so a later edit shows only what it changed.
    record = first.history.get()
    assert record.history_type == "+" and record.history_user == world.officer_council
    assert {link.theme_id for link in record.themes.all()} == {themes["access"].pk, themes["waiting"].pk}


def test_an_excel_file_with_real_dates_and_numbers(world, council_activity, themes):
    row = good_row(heard_on=date.today() - timedelta(days=3), people_count=7, themes="Transport")
    result = run(council_activity, world.officer_council, xlsx_file([row]), "findings.xlsx")
    assert result.ok, result.problems
    finding = Finding.objects.get()
    assert finding.heard_on == date.today() - timedelta(days=3) and finding.people_count == 7


def test_imported_findings_can_be_found_by_search(world, council_activity, themes):
    from engaging.insight.search import search_findings

    run(council_activity, world.officer_council, csv_file([good_row(statement="Nobody mentioned lighthouses.")]))
    assert search_findings(Finding.objects.all(), "lighthouses").count == 1


@pytest.mark.parametrize(
    "changes, column, message",
    [
        ({"statement": ""}, "statement", "enter what people said"),
        ({"statement": "x" * 4001}, "statement", "it can be at most 4,000"),
        ({"themes": "Acess"}, "themes", "there is no theme called “Acess”"),
        ({"groups": "Martians"}, "groups", "there is no group called “Martians”"),
        ({"areas": "Atlantis"}, "areas", "there is no area called “Atlantis”"),
        ({"kind": "rumour"}, "kind", "“rumour” is not a kind of finding"),
        ({"representativeness": "all"}, "representativeness", "is not a level of representativeness"),
        ({"people_count": "-3"}, "people_count", "cannot be negative"),
        ({"people_count": "a dozen"}, "people_count", "enter a whole number"),
        ({"people_count": "99999999999"}, "people_count", "too large"),
        ({"heard_on": ""}, "heard_on", "enter the date it was heard"),
        ({"heard_on": "14/03/2025"}, "heard_on", "enter a date like 2025-03-14"),
        ({"heard_on": "2025-02-30"}, "heard_on", "is not a real date"),
        ({"heard_on": "1066-10-14"}, "heard_on", "between 1900 and 2199"),
        ({"heard_on": (date.today() + timedelta(days=2)).isoformat()}, "heard_on", "cannot be in the future"),
        ({"review_by": "2000-01-01"}, "review_by", "on or after the date it was heard"),
        ({"is_public": "perhaps"}, "is_public", "enter yes or no"),
    ],
)
def test_a_problem_in_any_row_imports_nothing(world, council_activity, themes, changes, column, message):
    rows = [good_row(), good_row(**changes), good_row()]
    result = run(council_activity, world.officer_council, csv_file(rows))
    assert not result.ok and result.created == 0
    problems = [p for p in result.row_problems if p.row == 3 and p.column == column]
    assert problems and message in problems[0].message, result.problems
    assert Finding.everything.count() == 0
    assert str(problems[0]).startswith(f"Row 3, {column}: ")


def test_the_report_names_each_problem_in_the_registers_words(world, council_activity, themes):
    result = run(council_activity, world.officer_council, csv_file([good_row(), good_row(), good_row(themes="X")]))
    assert [str(p) for p in result.problems] == ["Row 4, themes: there is no theme called “X”"]


def test_a_coordinators_new_themes_are_created_only_when_the_file_imports(world, council_activity, themes):
    rows = [good_row(themes="Loneliness; waiting times"), good_row(themes="loneliness", heard_on="nonsense")]
    result = run(council_activity, world.coordinator, csv_file(rows))
    assert not result.ok and not Theme.everything.filter(name="Loneliness").exists()
    result = run(council_activity, world.coordinator, csv_file([rows[0], good_row(themes="loneliness")]))
    assert result.ok and result.created == 2
    assert Theme.objects.filter(name="Loneliness").count() == 1
    assert "New themes added to the list: “Loneliness”." in result.notes
    assert all(f.themes.filter(name="Loneliness").exists() for f in Finding.objects.all())


def test_an_archived_theme_is_refused_even_for_a_coordinator(world, council_activity, themes):
    themes["transport"].archive()
    result = run(council_activity, world.coordinator, csv_file([good_row(themes="transport")]))
    assert "has been archived" in result.problems[0].message


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"", "f.csv", "The file is empty."),
        (b"statement,heard_on\n", "f.csv", "no findings in it"),
        (b"heard_on\nx\n", "f.csv", "missing these columns: statement"),
        (b"statement,statement,heard_on\n", "f.csv", "appears more than once"),
        (b"\xff\xfe\x00", "f.csv", "UTF-8"),
        (b"not a workbook", "f.xlsx", "could not be read"),
        (b"a,b", "f.xls", "Save the spreadsheet as"),
        (b"a,b", "f.pdf", "must be a CSV"),
    ],
)
def test_a_file_that_cannot_be_used_says_why(world, council_activity, data, filename, message):
    result = run(council_activity, world.officer_council, data, filename)
    assert not result.ok and message in str(result.file_problems[0])
    assert Finding.everything.count() == 0


def test_unknown_columns_are_ignored_and_noted(world, council_activity, themes):
    data = csv_file([{**good_row(), "id": "4"}], header=["id", *HEADER])
    result = run(council_activity, world.officer_council, data)
    assert result.ok and "“id”" in result.notes[0]


# ---- The page ----------------------------------------------------------------------------------------

URL = "/insight/activities/{}/findings/import/"


def test_the_page_imports_a_file(client, world, council_activity, themes):
    client.force_login(world.officer_council)
    upload = SimpleUploadedFile("findings.csv", csv_file([good_row()]), content_type="text/csv")
    response = client.post(URL.format(council_activity.pk), {"file": upload})
    assert response.status_code == 302 and response["Location"] == council_activity.get_absolute_url()
    assert Finding.objects.count() == 1


def test_cells_pasted_from_a_spreadsheet_are_imported(client, world, council_activity, themes):
    client.force_login(world.officer_council)
    lines = ["\t".join(HEADER), "\t".join(good_row().values()), "\t".join(good_row(statement="Second.").values())]
    response = client.post(URL.format(council_activity.pk), {"pasted": "\r\n".join(lines)})
    assert response.status_code == 302
    assert Finding.objects.count() == 2


def test_the_page_lists_problems_and_imports_nothing(client, world, council_activity, themes):
    client.force_login(world.officer_council)
    upload = SimpleUploadedFile("findings.csv", csv_file([good_row(themes="Acess")]), content_type="text/csv")
    response = client.post(URL.format(council_activity.pk), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in page
    assert "There is no theme called “Acess”" in page and "Nothing has been imported" in page
    assert Finding.everything.count() == 0


def test_the_page_asks_for_a_file_or_cells(client, world, council_activity):
    client.force_login(world.officer_council)
    response = client.post(URL.format(council_activity.pk), {})
    assert "Choose a CSV or Excel file to import, or paste the cells" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_has_the_columns_and_an_example(client, world, council_activity, themes, fmt):
    client.force_login(world.officer_council)
    response = client.get(f"/insight/activities/{council_activity.pk}/findings/import/template.{fmt}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        workbook = load_workbook(io.BytesIO(response.content))
        header = [cell.value for cell in workbook.worksheets[0][1]]
        assert "Access to GP appointments" in [c.value for c in workbook.worksheets[1]["C"]]
    assert header == HEADER
    assert client.get(f"/insight/activities/{council_activity.pk}/findings/import/template.pdf").status_code == 404


def test_the_template_imports_as_it_is(client, world, council_activity, themes):
    client.force_login(world.officer_council)
    data = client.get(f"/insight/activities/{council_activity.pk}/findings/import/template.csv").content
    assert run(council_activity, world.officer_council, data).ok


def test_an_officer_cannot_import_into_another_organisations_activity(client, world, healthwatch_activity):
    client.force_login(world.officer_council)
    upload = SimpleUploadedFile("findings.csv", csv_file([good_row()]), content_type="text/csv")
    assert client.post(URL.format(healthwatch_activity.pk), {"file": upload}).status_code == 403
    assert Finding.everything.count() == 0


# ---- Any file at all ---------------------------------------------------------------------------------

cells = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "yes", "no", "2025-03-14", "2025-02-30", "-1", "12", "quote", "Carers", "Transport", ";"]),
)
rows = st.lists(st.lists(cells, max_size=len(HEADER) + 2), max_size=6)


@given(body=rows, header=st.permutations(HEADER), junk=st.binary(max_size=200))
@FUZZ
def test_no_file_fails_or_imports_part_of_it(client, world, council_activity, themes, body, header, junk):
    """Malformed files never cause a server error, and either every row is imported or none is."""
    client.force_login(world.officer_council)
    before = Finding.everything.count()
    for data, name in [(csv_file(body, header=list(header)), "f.csv"), (junk, "f.csv"), (junk, "f.xlsx")]:
        upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
        response = client.post(URL.format(council_activity.pk), {"file": upload})
        assert response.status_code in (200, 302)
        added = Finding.everything.count() - before
        if response.status_code == 302:
            assert added == len([row for row in body if any(str(cell).strip() for cell in row)])
        else:
            assert added == 0
        before = Finding.everything.count()


def test_limits():
    assert spreadsheets.MAX_ROWS >= 1000 and spreadsheets.MAX_BYTES >= 1024 * 1024
