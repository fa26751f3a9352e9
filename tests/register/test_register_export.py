"""Downloading the register as CSV or Excel (/register/export.csv, .xlsx), the import templates, and who may."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings as dj_settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from engaging.register.models import Activity
from engaging.register.spreadsheets import HEADER
from tests.factories import ActivityFactory, UserFactory
from tests.register.spreadsheet_helpers import (
    EXPORTS,
    IMPORT_URL,
    TEMPLATES,
    body,
    csv_file,
    good_row,
    run_import,
    snapshot,
    upload,
    varied_activities,
    xlsx_file,
)

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
