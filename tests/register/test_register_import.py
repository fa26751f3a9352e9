"""Importing activities (/register/import/): problems in rows, by the row number the spreadsheet shows; the page."""

import pytest

from engaging.register.models import Activity, EngagementType, Status
from engaging.register.spreadsheets import HEADER
from tests.factories import AreaFactory
from tests.register.spreadsheet_helpers import (
    IMPORT_URL,
    csv_file,
    good_row,
    run_import,
    upload,
    xlsx_file,
)

# ---- Problems in rows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"groups": "Yung people"}, "Row 2, groups: there is no group called “Yung people”"),
        ({"start_date": "14/03/2025"}, "Row 2, start_date: enter a date like 2025-03-14"),
        ({"start_date": "2025-02-30"}, "Row 2, start_date: “2025-02-30” is not a real date"),
        ({"end_date": "2025-03-01"}, "Row 2, end_date: the end date must be the same as or after the start date"),
        ({"participants_target": "forty"}, "Row 2, participants_target: enter a whole number, like 40"),
        ({"participants_target": "-3"}, "Row 2, participants_target: the number cannot be negative"),
        ({"participants_actual": "99999999999"}, "Row 2, participants_actual: the number is too large"),
        ({"cost": "lots"}, "Row 2, cost: enter an amount in pounds, like 250.00"),
        ({"cost": "-1"}, "Row 2, cost: the cost cannot be negative"),
        ({"cost": "10.555"}, "Row 2, cost: use no more than 2 decimal places, like 250.75"),
        ({"title": "x" * 201}, "Row 2, title: this is 201 characters long; it can be at most 200"),
        ({"summary": "x" * 2001}, "Row 2, summary: this is 2,001 characters long; it can be at most 2,000"),
        ({"purpose": ""}, "Row 2, purpose: enter the decision or work this engagement informs"),
        ({"areas": " "}, "Row 2, areas: enter at least one area"),
        ({"groups": " ; ;"}, "Row 2, groups: enter at least one target group"),
        (
            {"type": "Workshop"},
            "Row 2, type: “Workshop” is not an engagement type; use one of: " + ", ".join(EngagementType.labels),
        ),
        ({"status": "done"}, "Row 2, status: “done” is not a status; use one of: " + ", ".join(Status.labels)),
        ({"contact_email": "sam at example"}, "Row 2, contact_email: enter an email address like name@example.org"),
        ({"is_public": "maybe"}, "Row 2, is_public: enter yes or no"),
        ({"lead_organisation": "Nobody Ltd"}, "Row 2, lead_organisation: there is no organisation called “Nobody Ltd”"),
        (
            {"partner_organisations": "Dudley Council"},
            "Row 2, partner_organisations: the lead organisation cannot also be a partner",
        ),
        ({"methods": "Focus group; Séance"}, "Row 2, methods: there is no method called “Séance”"),
    ],
)
def test_a_problem_in_a_row_is_reported_and_nothing_is_imported(world, changes, expected):
    data = csv_file([good_row(world, **changes), good_row(world)])
    result = run_import(world.coordinator, data)
    assert [str(problem) for problem in result.problems] == [expected]
    assert result.created == 0
    assert Activity.objects.count() == 0


def test_row_numbers_are_those_the_spreadsheet_shows(world):
    rows = [good_row(world), ["", " ", ""], good_row(world, groups="Yung people", start_date="soon")]
    result = run_import(world.coordinator, csv_file(rows))
    assert [str(problem) for problem in result.problems] == [
        "Row 4, groups: there is no group called “Yung people”",
        "Row 4, start_date: enter a date like 2025-03-14",
    ]


def test_row_numbers_in_a_workbook_count_its_empty_rows(world):
    rows = [good_row(world), [], good_row(world, cost="free")]
    result = run_import(world.coordinator, xlsx_file(rows), "activities.xlsx")
    assert [str(problem) for problem in result.problems] == ["Row 4, cost: enter an amount in pounds, like 250.00"]


def test_an_area_name_used_twice_must_be_made_clear(world):
    AreaFactory(name="Brierley Hill", kind="ward", parent=world.other_locality)
    result = run_import(world.coordinator, csv_file([good_row(world, areas="brierley hill")]))
    assert [str(problem) for problem in result.problems] == [
        "Row 2, areas: more than one area is called “brierley hill”; ask a coordinator to rename one"
    ]


def test_an_archived_group_is_not_accepted(world):
    world.carers.archive()
    result = run_import(world.coordinator, csv_file([good_row(world, groups="Carers")]))
    assert [str(problem) for problem in result.problems] == ["Row 2, groups: there is no group called “Carers”"]


def test_the_report_shows_the_first_problems_and_counts_the_rest(client, world):
    client.force_login(world.coordinator)
    data = csv_file([good_row(world, groups="Nobody")] * 250)
    response = upload(client, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("here is no group called “Nobody”") == 200
    assert "There are 50 more" in page
    assert "The file has 250 problems. Nothing has been imported." in page
    assert Activity.objects.count() == 0


# ---- The import page ----------------------------------------------------------------------------


def test_the_import_page_explains_the_columns_and_offers_templates(client, world):
    client.force_login(world.officer_council)
    page = client.get(IMPORT_URL).content.decode()
    assert "<title>Import activities from a spreadsheet" in page
    assert page.count("<h1") == 1
    assert 'enctype="multipart/form-data"' in page and "novalidate" in page
    assert "/register/import/template.xlsx" in page and "/register/import/template.csv" in page
    for name in HEADER:
        assert f"<code>{name}</code>" in page


def test_a_failed_upload_shows_the_errors_and_a_table_of_problems(client, world):
    client.force_login(world.officer_council)
    response = upload(client, csv_file([good_row(world), good_row(world, lead_organisation="Healthwatch Dudley")]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Import activities" in page
    assert "There is a problem" in page
    assert "You can only import activities led by your own organisation" in page
    assert '<th scope="col" class="govuk-table__header">Problem</th>' in page
    assert Activity.objects.count() == 0


def test_uploading_without_a_file_asks_for_one(client, world):
    client.force_login(world.coordinator)
    page = client.post(IMPORT_URL, {}).content.decode()
    assert "Choose a CSV or Excel file to import" in page
    assert "<title>Error:" in page


def test_a_good_upload_redirects_to_the_register_with_the_count(client, world):
    client.force_login(world.officer_council)
    response = upload(client, xlsx_file([good_row(world), good_row(world, title="Second")]), "plans.xlsx")
    assert response.status_code == 302
    assert "2 activities imported." in client.get("/register/").content.decode()
    assert Activity.objects.count() == 2
