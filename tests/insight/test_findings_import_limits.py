"""Importing findings (/insight/activities/<id>/findings/import/) follows the register's rule for large files.

A zip bomb is refused before it is parsed, with the message on the file field; a file over the web
limits is checked and imported by the task worker, whose progress has a page of its own.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from engaging.core import spreadsheet_files
from engaging.insight.models import Finding
from engaging.register.models import ImportJob
from tests.insight.test_import import csv_file, good_row
from tests.register.test_register_import_limits import workbook_with_shared_strings

URL = "/insight/activities/{}/findings/import/"


@pytest.fixture
def never_parsed(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("The workbook was parsed in the web request")

    monkeypatch.setattr(spreadsheet_files, "load_workbook", refuse)


def test_a_workbook_of_46_mb_of_shared_strings_is_refused_without_being_parsed(
    client, world, council_activity, never_parsed
):
    strings = b"<sst>" + b"<si><t>Waiting times</t></si>" * (46 * 1024 * 1024 // 28) + b"</sst>"
    client.force_login(world.officer_council)
    upload = SimpleUploadedFile("findings.xlsx", workbook_with_shared_strings(strings))
    page = client.post(URL.format(council_activity.pk), {"file": upload}).content.decode()
    assert 'href="#id_file"' in page and "unpacks to far more data than its size suggests" in page
    assert not ImportJob.objects.exists() and not Finding.objects.exists()


def test_a_large_file_of_findings_is_imported_by_the_worker(
    client, world, council_activity, themes, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_BYTES = 500
    client.force_login(world.officer_council)
    data = csv_file([good_row(statement=f"Finding {n}.") for n in range(20)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL.format(council_activity.pk), {"file": SimpleUploadedFile("big.csv", data)})
    job = ImportJob.objects.get()
    status = f"{URL.format(council_activity.pk)}{job.pk}/"
    assert response.status_code == 302 and response["Location"] == status
    job.refresh_from_db()
    assert (job.state, job.created_count, job.activity) == ("done", 20, council_activity)
    assert Finding.objects.filter(activity=council_activity).count() == 20
    page = client.get(status).content.decode()
    assert "20 findings imported" in page and council_activity.get_absolute_url() in page


def test_only_the_uploader_or_a_coordinator_sees_an_import_of_findings(client, world, council_activity, settings):
    settings.IMPORT_BACKGROUND_BYTES = 500
    client.force_login(world.officer_council)
    data = csv_file([good_row(statement=f"Finding {n}.") for n in range(20)])
    client.post(URL.format(council_activity.pk), {"file": SimpleUploadedFile("big.csv", data)})
    job = ImportJob.objects.get()
    client.force_login(world.coordinator)
    assert client.get(f"{URL.format(council_activity.pk)}{job.pk}/").status_code == 200
    assert client.get(f"/register/import/{job.pk}/").status_code == 404  # not an import of activities
