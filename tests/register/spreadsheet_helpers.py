"""Files and rows for the register's spreadsheet tests: a good row, CSV and Excel files of rows, and uploading them."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from engaging.register import spreadsheets
from engaging.register.models import Activity, EngagementType, Status
from engaging.register.spreadsheets import HEADER, M2M_FIELDS, SCALAR_FIELDS
from tests.factories import ActivityFactory

IMPORT_URL = "/register/import/"
EXPORTS = ["/register/export.csv", "/register/export.xlsx"]
TEMPLATES = ["/register/import/template.csv", "/register/import/template.xlsx"]


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
