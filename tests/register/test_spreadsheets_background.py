"""Large imports run in the background and report back on their own page."""

import pytest

from engaging.register.models import Activity, ImportJob

HEADER = "title,summary,purpose,lead_organisation,type,level,start_date,groups,areas\n"


def csv_file(world, rows: int, *, bad_row: int | None = None) -> bytes:
    lines = [HEADER]
    for n in range(rows):
        group = "Nobody we know" if n == bad_row else "Carers"
        lines.append(
            f"Survey {n},Tell us what you think,Informs the plan,Healthwatch Dudley,insight,consult,"
            f"2030-01-{n % 28 + 1:02d},{group},Brierley Hill\n"
        )
    return "".join(lines).encode()


def upload(client, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/register/import/", {"file": SimpleUploadedFile("big.csv", data, content_type="text/csv")})


@pytest.fixture
def small_threshold(settings):
    settings.IMPORT_BACKGROUND_BYTES = 500


def test_a_large_file_is_imported_by_the_worker(client, world, small_threshold, django_capture_on_commit_callbacks):
    client.force_login(world.officer_healthwatch)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_file(world, 20))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/register/import/{job.pk}/"
    job.refresh_from_db()
    assert job.state == "done" and job.created_count == 20 and job.data == b""
    assert Activity.objects.count() == 20
    page = client.get(f"/register/import/{job.pk}/").content.decode()
    assert "20 activities imported" in page


def test_a_large_file_with_a_problem_imports_nothing_and_says_where(
    client, world, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(world.officer_healthwatch)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, csv_file(world, 20, bad_row=7))
    job = ImportJob.objects.get()
    assert job.state == "refused" and Activity.objects.count() == 0
    page = client.get(f"/register/import/{job.pk}/").content.decode()
    assert "Nobody we know" in page and ">9<" in page  # header is row 1, so the 8th activity is row 9


def test_a_waiting_import_refreshes_itself(client, world, small_threshold):
    client.force_login(world.officer_healthwatch)
    upload(client, csv_file(world, 20))  # on_commit never runs here, so the job stays queued
    job = ImportJob.objects.get()
    page = client.get(f"/register/import/{job.pk}/").content.decode()
    assert "Waiting to start" in page and 'hx-trigger="every 2s"' in page
    partial = client.get(f"/register/import/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "import-status" in partial


def test_only_the_uploader_or_a_coordinator_sees_an_import(client, world, small_threshold):
    client.force_login(world.officer_healthwatch)
    upload(client, csv_file(world, 20))
    job = ImportJob.objects.get()
    client.force_login(world.officer_council)
    assert client.get(f"/register/import/{job.pk}/").status_code == 404
    client.force_login(world.coordinator)
    assert client.get(f"/register/import/{job.pk}/").status_code == 200
    assert client.get("/register/import/999999/").status_code == 404


def test_a_job_runs_only_once(world, small_threshold):
    from engaging.register.tasks import run_import_job

    job = ImportJob.objects.create(user=world.officer_healthwatch, filename="a.csv", data=csv_file(world, 3), size=1)
    run_import_job.call(job.pk)
    assert run_import_job.call(job.pk) == "skipped"
    assert Activity.objects.count() == 3
