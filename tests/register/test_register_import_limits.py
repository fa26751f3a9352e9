"""How much an import of activities (/register/import/) reads in the web request, and what goes to the worker.

An Excel file is weighed from its zip directory before anything parses it: one that unpacks far beyond
its size (a zip bomb: 46 MB of shared strings in a small file) is refused at once with a message on the
file field; one that is large when unpacked, or holds many cells, goes to the task worker unparsed; and
checking that runs past IMPORT_WEB_SECONDS hands the file to the worker too.
"""

import io
import secrets
import time
import zipfile

import pytest

from engaging.core import spreadsheet_files
from engaging.register.models import Activity, ImportJob
from tests.register.spreadsheet_helpers import IMPORT_URL, csv_file, good_row, upload

# A workbook's parts apart from its sheet and shared strings, enough for openpyxl to open it.
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def workbook_with_shared_strings(strings: bytes) -> bytes:
    """A small .xlsx file whose shared strings unpack to `strings`."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/worksheets/sheet1.xml", b'<worksheet><dimension ref="A1:B2"/></worksheet>')
        archive.writestr("xl/sharedStrings.xml", strings)
    return output.getvalue()


@pytest.fixture
def never_parsed(monkeypatch):
    """Fails the test if the web request opens the workbook with openpyxl."""

    def refuse(*args, **kwargs):
        raise AssertionError("The workbook was parsed in the web request")

    monkeypatch.setattr(spreadsheet_files, "load_workbook", refuse)


def test_a_workbook_of_46_mb_of_shared_strings_is_refused_at_once_without_being_parsed(client, world, never_parsed):
    strings = b"<sst>" + b"<si><t>Young people</t></si>" * (46 * 1024 * 1024 // 27) + b"</sst>"
    data = workbook_with_shared_strings(strings)
    assert len(data) < 1024 * 1024  # small enough to be checked in the request by its size alone
    client.force_login(world.coordinator)
    client.get(IMPORT_URL)  # the page's templates are read once, before the clock starts
    started = time.monotonic()
    response = upload(client, data, "plans.xlsx")
    assert time.monotonic() - started < 5  # was 19 s when parsed; the zip's directory alone now decides
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in page
    assert 'href="#id_file"' in page  # the error summary names the file field and links to it
    assert "unpacks to far more data than its size suggests" in page
    assert not ImportJob.objects.exists() and not Activity.objects.exists()


def test_a_workbook_large_when_unpacked_goes_to_the_worker_unparsed(client, world, settings, never_parsed):
    settings.IMPORT_WEB_UNPACKED_BYTES = 200_000
    # Text that does not pack tightly, so this is a large file, not a zip bomb.
    strings = b"<sst>" + b"".join(b"<si><t>%s</t></si>" % secrets.token_hex(16).encode() for _ in range(8_000))
    data = workbook_with_shared_strings(strings + b"</sst>")
    assert len(data) < settings.IMPORT_BACKGROUND_BYTES
    client.force_login(world.coordinator)
    response = upload(client, data, "plans.xlsx")
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/register/import/{job.pk}/"
    assert job.filename == "plans.xlsx" and bytes(job.data) == data


def test_a_csv_with_many_cells_goes_to_the_worker(client, world, settings):
    settings.IMPORT_WEB_CELLS = 100
    client.force_login(world.coordinator)
    response = upload(client, csv_file([good_row(world)] * 10))
    assert response.status_code == 302 and ImportJob.objects.count() == 1
    assert not Activity.objects.exists()


def test_checking_that_runs_past_its_time_in_the_request_goes_to_the_worker(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_WEB_SECONDS = 0
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_file([good_row(world, title=f"Survey {n}") for n in range(250)]))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/register/import/{job.pk}/"
    job.refresh_from_db()
    # The worker has no time limit: it checks the whole file and imports it.
    assert job.state == "done" and job.created_count == 250 == Activity.objects.count()


def test_a_small_file_is_still_imported_while_the_officer_waits(client, world):
    client.force_login(world.coordinator)
    response = upload(client, csv_file([good_row(world)]))
    assert response.status_code == 302 and response["Location"] == "/register/"
    assert Activity.objects.count() == 1 and not ImportJob.objects.exists()


def test_the_import_page_still_takes_a_workbook_of_normal_size(client, world):
    from tests.register.spreadsheet_helpers import xlsx_file

    client.force_login(world.coordinator)
    response = client.post(IMPORT_URL, {"file": _upload(xlsx_file([good_row(world)]), "plans.xlsx")})
    assert response.status_code == 302 and Activity.objects.count() == 1


def _upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
