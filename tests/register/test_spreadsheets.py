"""Exporting the register to CSV and Excel, and importing activities from either."""

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings as dj_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from engaging.register import spreadsheet_files, spreadsheets
from engaging.register.models import Activity, EngagementType, Status
from engaging.register.spreadsheets import HEADER, M2M_FIELDS, SCALAR_FIELDS
from tests.factories import ActivityFactory, AreaFactory, UserFactory

IMPORT_URL = "/register/import/"
EXPORTS = ["/register/export.csv", "/register/export.xlsx"]
TEMPLATES = ["/register/import/template.csv", "/register/import/template.xlsx"]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def good_row(world, **changes) -> dict:
    row = {
        "title": "Carers' listening event", "summary": "Tell us what would help.", "purpose": "Informs the plan.",
        "lead_organisation": world.council.name, "partner_organisations": "", "type": "Consultation",
        "level": "Consult", "methods": "Focus group", "groups": "Young people; Carers", "areas": "Brierley Hill",
        "priorities": "", "start_date": "2025-03-14", "end_date": "2025-03-20", "status": "",
        "participants_target": "40", "participants_actual": "", "cost": "250.00", "statutory_duty": "no",
        "take_part_url": "", "take_part_email": "carers@example.org", "take_part_phone": "", "take_part_place": "",
        "take_part_times": "", "how_to_take_part": "Come along.", "is_public": "yes", "contact_name": "Sam Officer",
        "contact_email": "sam@example.org", "contact_phone": "01384 000000", "notes": "",
    }  # fmt: skip
    row.update(changes)
    return row


def csv_file(rows, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header] if isinstance(row, dict) else row)
    return buffer.getvalue().encode(encoding, errors="replace")


def xlsx_file(rows, header=HEADER) -> bytes:
    def cleaned(cells):  # a workbook cannot hold control characters at all
        return [ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in cells]

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(cleaned(header))
    for row in rows:
        sheet.append(cleaned([row.get(name) for name in header] if isinstance(row, dict) else row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def run_import(user, data: bytes, filename="activities.csv"):
    return spreadsheets.import_activities(data=data, filename=filename, user=user)


def upload(client, data: bytes, filename="activities.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(filename, data)})


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def snapshot(activity) -> dict:
    values = {name: getattr(activity, name) for name in SCALAR_FIELDS if name != "lead_organisation"}
    values["lead"] = activity.lead_organisation_id
    values.update({name: sorted(getattr(activity, name).values_list("pk", flat=True)) for name in M2M_FIELDS})
    return values


def varied_activities(world) -> list[Activity]:
    first = ActivityFactory(
        title="=HYPERLINK(\"http://evil\")", lead_organisation=world.council, groups=[world.carers, world.young_people],
        areas=[world.ward, world.other_ward], priorities=[world.priority], contact_phone="+44 1384 000000",
        status=Status.CLOSED, participants_target=40, participants_actual=37, cost=Decimal("1250.50"),
        statutory_duty=True, is_public=False, type=EngagementType.CO_PRODUCTION, notes="Line one\nline two, “quoted”",
    )  # fmt: skip
    first.partner_organisations.set([world.healthwatch])
    first.methods.set([world.method])
    second = ActivityFactory(
        title="Walk-in centre survey", lead_organisation=world.healthwatch, groups=[world.older_people],
        areas=[world.borough], cost=None, contact_email="", start_date=date(2025, 1, 1), end_date=date(2025, 1, 1),
    )  # fmt: skip
    return [first, second]


# ---- Exporting ----------------------------------------------------------------------------------


def test_csv_export_has_the_template_columns_names_and_labels(client, world):
    varied_activities(world)
    client.force_login(world.officer_council)
    response = client.get("/register/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    filename = f"engagement-register-{timezone.localdate():%Y-%m-%d}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    rows = list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert list(rows[0]) == HEADER
    survey = next(row for row in rows if row["lead_organisation"] == "Dudley Council")
    assert survey["groups"] == "Carers; Young people"
    assert survey["type"] == "Co-production"
    assert survey["cost"] == "1250.50"
    assert (survey["statutory_duty"], survey["is_public"]) == ("yes", "no")


def test_csv_export_guards_cells_that_look_like_formulas(client, world):
    varied_activities(world)
    client.force_login(world.coordinator)
    rows = list(csv.DictReader(io.StringIO(body(client.get("/register/export.csv")).decode("utf-8-sig"))))
    guarded = next(row for row in rows if "HYPERLINK" in row["title"])
    assert guarded["title"] == '\'=HYPERLINK("http://evil")'
    assert guarded["contact_phone"] == "'+44 1384 000000"


def test_xlsx_export_keeps_formula_like_text_as_text_and_dates_as_dates(client, world):
    varied_activities(world)
    client.force_login(world.coordinator)
    response = client.get("/register/export.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"engagement-register-{timezone.localdate():%Y-%m-%d}.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header == HEADER
    titles = {cell.value: cell.data_type for cell in sheet["A"][1:]}
    assert titles['=HYPERLINK("http://evil")'] == "s"
    assert isinstance(sheet.cell(row=2, column=HEADER.index("start_date") + 1).value, date)


def test_export_uses_the_list_filters(client, world):
    varied_activities(world)
    client.force_login(world.coordinator)
    response = client.get("/register/export.csv", {"organisation": world.healthwatch.pk, "type": "consultation"})
    rows = list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Walk-in centre survey"]


@pytest.mark.parametrize("url", EXPORTS)
def test_export_ignores_filter_values_that_make_no_sense(client, world, url):
    varied_activities(world)
    client.force_login(world.coordinator)
    assert client.get(url, {"organisation": "abc", "starts_after": "soon"}).status_code == 200


@pytest.mark.parametrize("url", EXPORTS)
def test_export_query_count_does_not_grow_with_the_number_of_activities(client, world, url, django_assert_num_queries):
    def add(count):
        for _ in range(count):
            activity = ActivityFactory(lead_organisation=world.council, groups=[world.carers], areas=[world.ward],
                                       priorities=[world.priority])  # fmt: skip
            activity.methods.set([world.method])
            activity.partner_organisations.set([world.healthwatch])

    client.force_login(world.board_member)
    add(3)
    with CaptureQueriesContext(connection) as few:
        assert body(client.get(url))
    add(27)
    with django_assert_num_queries(len(few)):
        assert body(client.get(url))


# ---- Who may do what ----------------------------------------------------------------------------


def login(client, world, persona):
    if persona == "no_role":
        client.force_login(UserFactory(username="no-role"))
    elif persona:
        client.force_login(getattr(world, persona))


@pytest.mark.parametrize("url", EXPORTS + TEMPLATES + [IMPORT_URL])
@pytest.mark.parametrize(
    "persona, can_export, can_import",
    [
        ("officer_council", True, True),
        ("officer_healthwatch", True, True),
        ("coordinator", True, True),
        ("board_member", True, False),
        ("no_role", False, False),
    ],
)
def test_who_may_export_and_import(client, world, url, persona, can_export, can_import):
    login(client, world, persona)
    allowed = can_export if url in EXPORTS else can_import
    assert client.get(url).status_code == (200 if allowed else 403)


@pytest.mark.parametrize("url", EXPORTS + TEMPLATES + [IMPORT_URL])
def test_anonymous_people_are_sent_to_sign_in(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(dj_settings.LOGIN_URL) + "?next=")


def test_a_board_member_cannot_post_an_import(client, world):
    client.force_login(world.board_member)
    assert upload(client, csv_file([good_row(world)])).status_code == 403
    assert Activity.objects.count() == 0


def test_an_officer_imports_only_for_their_own_organisation(world):
    data = csv_file([good_row(world), good_row(world, lead_organisation="HEALTHWATCH dudley")])
    result = run_import(world.officer_council, data)
    assert [str(problem) for problem in result.problems] == [
        "Row 3, lead_organisation: you can only import activities led by your own organisation"
    ]
    assert Activity.objects.count() == 0
    assert run_import(world.coordinator, data).created == 2


def test_an_unknown_template_format_is_not_found(client, world):
    client.force_login(world.coordinator)
    assert client.get("/register/import/template.pdf").status_code == 404


# ---- Templates and round trips ------------------------------------------------------------------


def test_the_templates_have_the_columns_an_example_and_the_allowed_values(client, world):
    client.force_login(world.officer_healthwatch)
    text = body(client.get("/register/import/template.csv")).decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(text)))
    assert header == HEADER
    assert example[HEADER.index("lead_organisation")] == "Healthwatch Dudley"
    workbook = load_workbook(io.BytesIO(client.get("/register/import/template.xlsx").content))
    assert workbook.sheetnames == ["Activities", "Allowed values"]
    allowed = list(workbook["Allowed values"].iter_cols(values_only=True))
    columns = {values[0]: [v for v in values[1:] if v] for values in allowed}
    assert "Co-production" in columns["type"] and "Fed back" in columns["status"]
    assert {"Young people", "Carers", "Older people"} <= set(columns["groups"])
    assert "Brockmoor and Pensnett" in columns["areas"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_example_row_imports_as_it_is(client, world, fmt):
    client.force_login(world.officer_healthwatch)
    data = body(client.get(f"/register/import/template.{fmt}"))
    assert run_import(world.officer_healthwatch, data, f"template.{fmt}").created == 1


@pytest.mark.parametrize("url", EXPORTS)
def test_an_export_imported_again_gives_the_same_activities(client, world, url):
    originals = varied_activities(world)
    client.force_login(world.coordinator)
    data = body(client.get(url))
    result = run_import(world.coordinator, data, url.rsplit("/", 1)[-1])
    assert result.ok, result.problems
    assert result.created == len(originals)
    copies = Activity.objects.exclude(pk__in=[a.pk for a in originals])
    for original in originals:
        assert snapshot(copies.get(title=original.title)) == snapshot(original)


def test_each_imported_activity_has_a_creation_record_with_its_lists(world):
    assert run_import(world.coordinator, csv_file([good_row(world)])).created == 1
    activity = Activity.objects.get()
    (record,) = activity.history.all()
    assert record.history_type == "+"
    assert record.history_user == world.coordinator
    assert record.history_change_reason == "Imported from a spreadsheet"
    assert {row.group_id for row in record.groups.all()} == {world.young_people.pk, world.carers.pk}
    assert activity.created_by == world.coordinator


def test_names_and_choices_are_matched_loosely_and_blanks_take_defaults(world):
    row = good_row(world, type="CO_PRODUCTION", level="collaborate", groups="  young PEOPLE ;carers;",
                   lead_organisation="  dudley   council ", end_date="", status="", is_public="",
                   statutory_duty="")  # fmt: skip
    assert run_import(world.coordinator, csv_file([row], encoding="utf-8-sig")).created == 1
    activity = Activity.objects.get()
    assert (activity.type, activity.level, activity.status) == ("co_production", "collaborate", "planned")
    assert activity.end_date == activity.start_date == date(2025, 3, 14)
    # Nothing is public until someone says so.
    assert (activity.is_public, activity.statutory_duty) == (False, False)
    assert set(activity.groups.all()) == {world.young_people, world.carers}


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"take_part_email": ""}, "Row 2, take_part_url: give at least one way to take part"),
        ({"take_part_url": "http://example.org/survey"}, "Row 2, take_part_url: enter a web address that starts"),
        ({"take_part_phone": "12345"}, "Row 2, take_part_phone: enter a UK phone number"),
        ({"take_part_place": "Dudley Library"}, "Row 2, take_part_times: enter the days and times"),
    ],
)
def test_ways_to_take_part_are_checked_on_import(world, changes, expected):
    result = run_import(world.coordinator, csv_file([good_row(world, **changes)]))
    assert result.created == 0
    assert any(expected in str(problem) for problem in result.problems), result.problems
    assert not Activity.objects.exists()


def test_a_private_or_finished_row_needs_no_way_to_take_part_and_ways_are_imported(world):
    private = good_row(world, title="Private", take_part_email="", is_public="no")
    closed = good_row(world, title="Closed", take_part_email="", status="Closed")
    ways = good_row(world, title="Ways", take_part_url="https://example.org/s", take_part_phone="01632 960 123",
                    take_part_place="Dudley Library", take_part_times="Mondays 2 to 4pm")  # fmt: skip
    assert run_import(world.coordinator, csv_file([private, closed, ways])).created == 3
    saved = Activity.objects.get(title="Ways")
    assert (saved.take_part_url, saved.take_part_phone, saved.take_part_times) == (
        "https://example.org/s",
        "01632 960 123",
        "Mondays 2 to 4pm",
    )


def test_xlsx_date_and_number_cells_are_accepted(world):
    row = good_row(world, start_date=date(2025, 5, 1), end_date=date(2025, 5, 2), participants_target=12, cost=99.5)
    assert run_import(world.coordinator, xlsx_file([row]), "activities.xlsx").created == 1
    activity = Activity.objects.get()
    assert activity.start_date == date(2025, 5, 1)
    assert (activity.participants_target, activity.cost) == (12, Decimal("99.50"))


def test_semicolon_separated_csv_is_read(world):
    data = csv_file([good_row(world)]).decode().replace(",", ";").replace("Young people; Carers", "Carers")
    assert run_import(world.coordinator, data.encode(), "activities.csv").created == 1


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
