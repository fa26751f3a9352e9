"""Results: counts per question, splits by "about you" answers only where no count is under 5, exports, findings."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.insight.models import Finding
from engaging.questionnaires import services
from engaging.questionnaires.results import results_for


def answer(questionnaire, questions, single="Weekly", text="", age=None, rating=4):
    return services.submit_response(
        questionnaire=questionnaire,
        answers={questions[0].pk: single, questions[2].pk: rating, questions[3].pk: text},
        about_you={"age_band": age} if age else None,
    )


def test_counts_and_percentages_per_option(questionnaire, questions):
    for single in ("Weekly", "Weekly", "Never", "Monthly"):
        answer(questionnaire, questions, single=single)
    found, _ = results_for(questionnaire)
    first = found.questions[0]
    assert first.answered == 4
    assert [(o.label, o.count, o.percent) for o in first.options] == [
        ("Weekly", 2, 50.0),
        ("Monthly", 1, 25.0),
        ("Never", 1, 25.0),
    ]
    assert found.questions[2].mean == 4.0


def test_a_split_is_offered_only_when_no_count_is_under_5(questionnaire, questions):
    for _ in range(5):
        answer(questionnaire, questions, age="16_24")
        answer(questionnaire, questions, single="Never", age="65_74")
    found, splits = results_for(questionnaire)
    assert [s.key for s in splits] == ["age_band:16_24", "age_band:65_74"]
    split, _ = results_for(questionnaire, "age_band:16_24")
    assert split.responses == 5 and [o.count for o in split.questions[0].options] == [5, 0, 0]
    # One more person aged 16 to 24 who answers differently would make a count of 1: no split at all.
    answer(questionnaire, questions, single="Monthly", age="16_24")
    found, splits = results_for(questionnaire, "age_band:16_24")
    assert splits == [] and found.split is None and found.responses == 11


def test_a_split_whose_complement_is_small_is_not_offered(questionnaire, questions):
    for _ in range(6):
        answer(questionnaire, questions, age="16_24")
    answer(questionnaire, questions, single="Never")  # everyone else: one person, found by subtracting
    _, splits = results_for(questionnaire)
    assert splits == []


def test_the_results_page_shows_a_chart_and_a_table_in_few_queries(client, world, questionnaire, questions):
    for n in range(12):
        answer(questionnaire, questions, text=f"Comment {n}", age="16_24")
    client.force_login(world.board_member)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/questionnaires/{questionnaire.pk}/results/")
    assert response.status_code == 200
    assert len(queries) <= 20
    page = response.content.decode()
    assert page.count('role="img"') == 3  # the single choice, several choices and rating questions
    assert "<table" in page and "Mean rating 4.0 out of 5" in page
    assert "12 written answers" in page
    assert "Make a finding" not in page  # board members read only


def test_written_answers_are_searched(client, world, questionnaire, questions):
    answer(questionnaire, questions, text="The bus is too early")
    answer(questionnaire, questions, text="More clubs please")
    client.force_login(world.officer_council)
    page = client.get(f"/questionnaires/{questionnaire.pk}/results/?q=bus").content.decode()
    assert "The bus is too early" in page and "More clubs please" not in page


def test_exports_hold_every_answer_and_no_formula(client, world, questionnaire, questions):
    answer(questionnaire, questions, text='=HYPERLINK("http://bad.example")', age="16_24")
    answer(questionnaire, questions, single="Never", text="+44 fine")
    client.force_login(world.officer_council)
    csv_text = b"".join(
        client.get(f"/questionnaires/{questionnaire.pk}/results/answers.csv").streaming_content
    ).decode()
    rows = csv_text.lstrip("\ufeff").splitlines()
    assert rows[0].startswith("Response,Date,How it was given,How often do you get a break?")
    assert len(rows) == 3 and "'=HYPERLINK" in csv_text and "'+44 fine" in csv_text
    assert "16_24" not in csv_text and "16 to 24" not in csv_text  # about-you answers are never exported
    response = client.get(f"/questionnaires/{questionnaire.pk}/results/answers.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    formula_cell = next(c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK"))
    assert formula_cell.data_type == "s" and "Never" in cells


@pytest.mark.parametrize(
    "persona, allowed", [("officer_council", True), ("officer_healthwatch", False), ("board_member", False)]
)
def test_answers_become_a_finding_linked_to_them(client, world, questionnaire, questions, persona, allowed):
    chosen = [answer(questionnaire, questions, text=t) for t in ("Buses stop too early", "No bus after six")]
    ids = [a.answers.get(question=questions[3]).pk for a in chosen]
    client.force_login(getattr(world, persona))
    address = f"/questionnaires/{questionnaire.pk}/results/finding/"
    response = client.post(address, {"answers": ids})
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert "Buses stop too early" in response.content.decode()
        assert (
            "Enter what people said"
            in client.post(address, {"answers": ids, "step": "save", "statement": ""}).content.decode()
        )
    response = client.post(address, {"answers": ids, "step": "save", "statement": "Evening buses are missing"})
    assert Finding.objects.filter(statement="Evening buses are missing").exists() == allowed
    if allowed:
        finding = Finding.objects.get(statement="Evening buses are missing")
        assert response["Location"] == finding.get_absolute_url()
        assert sorted(finding.questionnaire_answers.values_list("pk", flat=True)) == sorted(ids)
        assert finding.people_count == 2
