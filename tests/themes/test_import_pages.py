"""Officers upload files of comments: checked all or nothing, problems named by row, large files by the worker."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from openpyxl import Workbook

from engaging.themes.models import Comment, CommentImport, CommentTheme
from tests.factories import AreaFactory, UserFactory
from tests.themes.coded import TRANSPORT

pytestmark = pytest.mark.django_db
URL = "/themes/import/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, content: bytes, name: str = "comments.csv", **fields):
    data = {"text_column": "text", "framework": "nhs-patient-experience", **fields}
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(URL, data)


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_only_officers_and_coordinators_may_import(world, framework):
    assert client_for(world.board_member).get(URL).status_code == 403
    assert client_for(UserFactory()).get(URL).status_code == 403
    assert client_for(world.officer_council).get(URL).status_code == 200
    assert client_for(world.coordinator).get(URL).status_code == 200


def test_a_good_file_adds_comments_of_the_officers_organisation_with_suggestions(world, trained):
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    content = (
        f"Comment,date,area,NHS number\n"
        f"the ambulance driver took me home,{yesterday},Brierley Hill,123\n"
        f"I waited three hours,,{world.ward.name},\n"
    ).encode()
    client = client_for(world.officer_council)
    response = upload(client, content, text_column="comment")
    assert response.status_code == 302
    comments = {c.text: c for c in Comment.objects.all()}
    assert set(comments) == {"the ambulance driver took me home", "I waited three hours"}
    ride = comments["the ambulance driver took me home"]
    assert ride.source == "import" and ride.organisation == world.council
    assert ride.written_on == date.today() - timedelta(days=1) and ride.area == world.locality
    assert comments["I waited three hours"].area == world.ward
    # Classified as they were added: suggestions, a sentiment and a certainty.
    assert all(c.classified_at and c.sentiment for c in comments.values())
    assert CommentTheme.objects.filter(comment=ride, theme__name=TRANSPORT).exists()
    text = client.get(response.url).content.decode()
    assert "2 comments imported" in text and "“NHS number”" in text  # the ignored column is named


def test_an_excel_file_is_read_with_its_date_cells(world, trained):
    content = xlsx([["text", "date"], ["Kind staff", date(2025, 3, 14)]])
    assert upload(client_for(world.officer_council), content, name="c.xlsx").status_code == 302
    assert Comment.objects.get().written_on == date(2025, 3, 14)


def test_a_file_with_problems_adds_nothing_and_names_each_row_column_and_reason(world, framework):
    AreaFactory(name="Netherton", kind="ward", parent=world.locality)
    AreaFactory(name="Netherton", kind="ward", parent=world.other_locality)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    content = (
        "text,date,area\n"
        "fine comment,2025-01-02,\n"
        ",2025-01-02,\n"
        f"too soon,{tomorrow},\n"
        "bad date,14/03/2025,\n"
        "nowhere,,Atlantis\n"
        "two places,,Netherton\n"
        '=HYPERLINK("http://x"),,\n'
    ).encode()
    response = upload(client_for(world.officer_council), content)
    assert response.status_code == 200
    assert not Comment.objects.exists()
    text = response.content.decode()
    assert "The file has 5 problems. Nothing has been imported." in text
    assert "govuk-error-summary" in text
    for row, column, reason in (
        (3, "text", "The comment is empty"),
        (4, "date", "The date is in the future"),
        (5, "date", "Enter a date like 2025-03-14"),
        (6, "area", "There is no area with the code or name “Atlantis”"),
        (7, "area", "Several areas are called “Netherton”"),
    ):
        assert f'cell--numeric">{row}</td>' in text
        assert f'<td class="govuk-table__cell">{column}</td>' in text
        assert reason in text


def test_a_formula_is_kept_as_text_never_run(world, framework):
    assert upload(client_for(world.officer_council), b'text\n=1+2\n"@SUM(A1)"\n').status_code == 302
    assert sorted(Comment.objects.values_list("text", flat=True)) == ["=1+2", "@SUM(A1)"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "The file is empty"),
        (b"text\n", "header.csv", "The file has no comments in it"),
        (b"words\nhello\n", "c.csv", "The file is missing these columns: text"),
        (b"\xff\xfe\x00t", "c.csv", "not in the UTF-8 encoding"),
        (b"%PDF-1.4", "c.pdf", "The file must be a CSV (.csv) or Excel (.xlsx) file"),
        (b"PK\x03\x04 not really a zip", "c.xlsx", "The Excel file could not be read"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_no_server_error(world, framework, content, name, message):
    response = upload(client_for(world.officer_council), content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(world, framework):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * (30 * 1024 * 1024) + b"</worksheet>")
    response = upload(client_for(world.officer_council), out.getvalue(), name="bomb.xlsx")
    assert response.status_code == 200
    assert "unpacks to far more data" in response.content.decode()
    assert not Comment.objects.exists()


def test_form_errors_name_the_fields(world, framework):
    client = client_for(world.officer_council)
    text = client.post(URL, {"text_column": "", "framework": "nope"}).content.decode()
    assert "Choose a CSV or Excel file of comments" in text
    assert "Enter the name of the column of comments" in text
    assert "Choose one of the frameworks listed" in text
    # A coordinator chooses the organisation; one not offered is refused.
    text = upload(client_for(world.coordinator), b"text\nhi\n", organisation="999999").content.decode()
    assert "Choose one of the organisations listed" in text
    assert not Comment.objects.exists()


def test_an_officer_cannot_import_for_another_organisation(world, framework):
    response = upload(client_for(world.officer_council), b"text\nhi\n", organisation=str(world.healthwatch.pk))
    assert response.status_code == 200
    assert not Comment.objects.exists()


@override_settings(THEMES_IMPORT_WEB_ROWS=3)
def test_a_large_file_goes_to_the_worker_whose_page_shows_progress_then_the_outcome(
    world, trained, django_capture_on_commit_callbacks
):
    client = client_for(world.officer_council)
    rows = "".join(f"the crew were kind, visit {n}\n" for n in range(6))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload(client, ("text\n" + rows).encode())
    job = CommentImport.objects.get()
    assert response.status_code == 302 and response.url == f"/themes/import/{job.pk}/"
    waiting = client.get(response.url).content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "Waiting to start" in waiting
    assert not Comment.objects.exists()
    for callback in queued:
        callback()
    job.refresh_from_db()
    assert job.state == "done" and job.created_count == 6 and bytes(job.data) == b""
    assert Comment.objects.filter(classified_at__isnull=False, organisation=world.council).count() == 6
    done = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "6 comments imported" in done and "hx-trigger" not in done
    # Only the officer who uploaded it (or a coordinator) can follow it.
    assert client_for(world.officer_healthwatch).get(response.url).status_code == 404
    assert client_for(world.coordinator).get(response.url).status_code == 200


@override_settings(THEMES_IMPORT_WEB_ROWS=2)
def test_a_large_file_with_problems_is_refused_by_the_worker_with_rows_named(
    world, framework, django_capture_on_commit_callbacks
):
    client = client_for(world.officer_council)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, b"text,date\na,\nb,\nc,not a date\n")
    job = CommentImport.objects.get()
    assert job.state == "refused" and job.problems == [
        {"row": 4, "column": "date", "message": "enter a date like 2025-03-14"}
    ]
    assert "Nothing has been imported" in client.get(response.url).content.decode()
    assert not Comment.objects.exists()


def test_without_a_trained_model_imported_comments_get_keyword_suggestions(world, framework):
    assert upload(client_for(world.officer_council), b"text\nThere was nowhere for parking\n").status_code == 302
    comment = Comment.objects.get()
    assert comment.classified_at and comment.certainty == 0
    names = set(comment.themes.values_list("name", flat=True))
    assert names and all(CommentTheme.objects.filter(comment=comment, score=None))


def test_templates_download_with_the_columns(world, framework):
    client = client_for(world.officer_council)
    csv = client.get("/themes/import/template.csv")
    assert csv.status_code == 200 and csv.content.decode("utf-8-sig").startswith("text,date,area")
    assert client.get("/themes/import/template.xlsx").status_code == 200
    assert client.get("/themes/import/template.pdf").status_code == 404


def test_an_import_the_worker_stopped_part_way_says_so(world, framework):
    from django.utils import timezone

    job = CommentImport.objects.create(
        user=world.officer_council, framework=framework, filename="big.csv", size=10, state="running", progress=60
    )
    client = client_for(world.officer_council)
    assert "has not moved for more than 10 minutes" not in client.get(f"/themes/import/{job.pk}/").content.decode()
    CommentImport.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=11))
    assert "has not moved for more than 10 minutes" in client.get(f"/themes/import/{job.pk}/").content.decode()
