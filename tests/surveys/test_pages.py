"""The survey pages: who may open them, importing through the page and the worker, defining an indicator."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from engaging.surveys.importing import import_survey
from engaging.surveys.models import ImportChunk, ImportJob, Indicator, Respondent, Survey
from engaging.surveys.services import answers_of, save_indicator, save_practice
from engaging.surveys.tasks import run_survey_import
from tests.factories import UserFactory
from tests.surveys.conftest import QUESTION, write_csv

ROWS = [[f"2023-0{m}-1{d}", "E05001234", "1", "Agree" if d % 3 else "Disagree"] for m in range(1, 8) for d in range(8)]
PAGES = ["/surveys/", "/surveys/practices/", "/surveys/indicators/{pk}/", "/surveys/indicators/{pk}/?area={area}"]


@pytest.fixture
def indicator(coded_world, tmp_path):
    survey = import_survey(
        path=write_csv(tmp_path, ROWS), filename="r.csv", survey_name="Residents", organisation=coded_world.council
    ).survey
    question = survey.questions.get()
    return save_indicator(
        name="Agree",
        survey=survey,
        question=question,
        positive_answers=answers_of(question, ["Agree"], "positive_answers"),
        excluded_answers=[],
        higher_is_better=True,
        period="year",
    )


def _csv(rows, header=("date", "area", "weight", QUESTION)) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["officer_council", "officer_healthwatch", "coordinator", "board_member"])
def test_everyone_with_a_role_reads_the_pages(client, coded_world, indicator, persona):
    save_practice(ods_code="M1", name="Pensnett Surgery", area=coded_world.ward, list_size=900)
    client.force_login(getattr(coded_world, persona))
    for page in PAGES:
        response = client.get(page.format(pk=indicator.pk, area=coded_world.locality.pk))
        assert response.status_code == 200, page
        assert response.content.count(b"<h1") == 1
    page = client.get(f"/surveys/indicators/{indicator.pk}/?area={coded_world.locality.pk}").content.decode()
    assert "Agree in Brierley Hill" in page and "<svg" in page and "Similar to the partnership" in page


@pytest.mark.django_db
def test_outsiders_are_refused_and_anonymous_people_sent_to_sign_in(client, coded_world, indicator):
    for page in PAGES + ["/surveys/import/", "/surveys/indicators/new/"]:
        address = page.format(pk=indicator.pk, area=coded_world.locality.pk)
        assert client.get(address)["Location"].startswith("/accounts/sign-in/")
    client.force_login(UserFactory(username="nobody"))
    assert client.get("/surveys/").status_code == 403
    client.force_login(coded_world.board_member)
    assert client.get("/surveys/import/").status_code == 403
    assert client.get("/surveys/indicators/new/").status_code == 403


@pytest.mark.django_db
def test_bad_ids_and_areas_and_methods(client, coded_world, indicator):
    client.force_login(coded_world.coordinator)
    assert client.get("/surveys/indicators/999999/").status_code == 404
    assert client.get(f"/surveys/indicators/{indicator.pk}/?area=999999").status_code == 200  # shown for everyone
    assert client.post("/surveys/").status_code == 405
    assert client.post(f"/surveys/indicators/{indicator.pk}/").status_code == 405


@pytest.mark.django_db
def test_the_indicator_list_takes_a_fixed_number_of_queries(client, coded_world, indicator):
    client.force_login(coded_world.coordinator)
    client.get("/surveys/")
    with CaptureQueriesContext(connection) as one:
        client.get("/surveys/")
    for n in range(3):
        save_indicator(
            name=f"Another {n}",
            survey=indicator.survey,
            question=indicator.question,
            positive_answers=list(indicator.positive_answers.all()),
            excluded_answers=[],
            higher_is_better=True,
            period="year",
        )
    client.get("/surveys/")  # the new indicators' sums are worked out once, then kept
    with CaptureQueriesContext(connection) as four:
        client.get("/surveys/")
    # Each indicator's sums are worked out once and kept; the page reads them, not the respondents.
    assert len(four) == len(one)


@pytest.mark.django_db
def test_a_small_file_imports_while_the_officer_waits(client, coded_world):
    client.force_login(coded_world.officer_council)
    upload = SimpleUploadedFile("results.csv", _csv(ROWS))
    response = client.post(
        "/surveys/import/", {"name": "Residents", "organisation": coded_world.council.pk, "file": upload}
    )
    assert response.status_code == 302
    assert Survey.objects.get().respondent_count == len(ROWS)


@pytest.mark.django_db
def test_a_bad_file_shows_each_problem_and_imports_nothing(client, coded_world):
    client.force_login(coded_world.officer_council)
    upload = SimpleUploadedFile(
        "results.csv", _csv([["2023-01-01", "Central", "1", "Agree"], ["x", "E05001234", "1", ""]])
    )
    response = client.post(
        "/surveys/import/", {"name": "Residents", "organisation": coded_world.council.pk, "file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Several areas are called" in page and "Enter the date as YYYY-MM-DD" in page
    assert not Survey.objects.exists()


@pytest.mark.django_db
def test_the_form_names_each_missing_field(client, coded_world):
    client.force_login(coded_world.officer_council)
    page = client.post("/surveys/import/", {}).content.decode()
    for message in ("Enter the name of the new survey", "Choose the organisation", "Choose a CSV or Excel file"):
        assert message in page
    assert "Error:" in page.split("</title>")[0]


@pytest.mark.django_db
def test_an_officer_cannot_import_into_another_organisations_survey(client, coded_world, indicator):
    client.force_login(coded_world.officer_healthwatch)
    upload = SimpleUploadedFile("results.csv", _csv(ROWS))
    response = client.post("/surveys/import/", {"survey": indicator.survey.pk, "file": upload})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert Respondent.objects.count() == len(ROWS)


@pytest.mark.django_db
@override_settings(IMPORT_BACKGROUND_BYTES=100)
def test_a_large_file_goes_to_the_worker_which_shows_progress(client, coded_world, django_capture_on_commit_callbacks):
    client.force_login(coded_world.officer_council)
    upload = SimpleUploadedFile("results.csv", _csv(ROWS))
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            "/surveys/import/", {"name": "Residents", "organisation": coded_world.council.pk, "file": upload}
        )
    job = ImportJob.objects.get()
    assert response["Location"] == f"/surveys/import/{job.pk}/"
    assert ImportChunk.objects.filter(job=job).exists() and not Survey.objects.exists()
    assert "Waiting to start" in client.get(response["Location"]).content.decode()
    assert run_survey_import.call(job.pk) == "done"
    job.refresh_from_db()
    assert (job.imported, job.finished, ImportChunk.objects.count()) == (len(ROWS), True, 0)
    page = client.get(response["Location"]).content.decode()
    assert f"{len(ROWS)} respondents imported" in page
    client.force_login(coded_world.officer_healthwatch)
    assert client.get(response["Location"]).status_code == 404


@pytest.mark.django_db
@override_settings(IMPORT_BACKGROUND_BYTES=100)
def test_the_worker_refuses_a_bad_large_file_with_its_problems(client, coded_world, django_capture_on_commit_callbacks):
    client.force_login(coded_world.officer_council)
    upload = SimpleUploadedFile("results.csv", _csv(ROWS + [["2023-02-30", "E05001234", "1", "Agree"]]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/surveys/import/", {"name": "Residents", "organisation": coded_world.council.pk, "file": upload})
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.REFUSED
    page = client.get(f"/surveys/import/{job.pk}/").content.decode()
    assert (
        "is not a real date" in page
        and f'<td class="govuk-table__cell govuk-table__cell--numeric">{len(ROWS) + 2}' in page
    )
    assert not Survey.objects.exists()


@pytest.mark.django_db
def test_an_officer_defines_an_indicator_in_two_steps(client, coded_world, indicator):
    client.force_login(coded_world.officer_council)
    question = indicator.question
    assert "Choose the question" in client.get("/surveys/indicators/new/?question=").content.decode()
    step = client.get(f"/surveys/indicators/new/?question={question.pk}")
    assert "Answers that count as positive" in step.content.decode()
    assert "on_dashboard" not in step.content.decode()  # only coordinators choose for the board
    address = f"/surveys/indicators/new/?question={question.pk}"
    empty = client.post(address, {"name": "", "period": "year", "higher_is_better": "yes"})
    assert "Choose at least one answer" in empty.content.decode() and Indicator.objects.count() == 1
    agree = question.answers.get(text="Agree")
    disagree = question.answers.get(text="Disagree")
    both = {"name": "X", "positive_answers": [agree.pk], "excluded_answers": [agree.pk], "period": "year",
            "higher_is_better": "yes"}  # fmt: skip
    assert "cannot be both positive and excluded" in client.post(address, both).content.decode()
    good = {**both, "excluded_answers": [disagree.pk], "name": "Agreeing"}
    response = client.post(address, good)
    made = Indicator.objects.get(name="Agreeing")
    assert response["Location"] == f"/surveys/indicators/{made.pk}/"
    assert list(made.excluded_answers.all()) == [disagree] and made.period == "year"
    client.force_login(coded_world.officer_healthwatch)
    assert client.get(address).status_code == 200  # their own questions only: this one is not offered
    assert client.post(f"/surveys/indicators/{made.pk}/change/", good).status_code == 403
