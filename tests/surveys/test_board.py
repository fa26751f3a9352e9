"""The board sees its chosen indicators and patient group gaps on the dashboard and in the Local Account."""

import pytest

from engaging.reports.local_account import gather
from engaging.surveys.board import for_the_board
from engaging.surveys.importing import import_survey
from engaging.surveys.models import PatientParticipationGroup
from engaging.surveys.services import answers_of, save_indicator, save_practice
from tests.surveys.conftest import write_csv

ROWS = [[f"{y}-0{m}-1{d}", "E05001234", "1", "Agree" if (d + y) % 3 else "Disagree"]
        for y in (2022, 2023) for m in range(1, 8) for d in range(8)]  # fmt: skip


@pytest.fixture
def chosen(coded_world, tmp_path):
    survey = import_survey(path=write_csv(tmp_path, ROWS), filename="r.csv", survey_name="Residents").survey
    question = survey.questions.get()
    made = {}
    for name, on_dashboard in (("Chosen by the board", True), ("Not chosen", False)):
        made[name] = save_indicator(
            name=name,
            survey=survey,
            question=question,
            positive_answers=answers_of(question, ["Agree"], "positive_answers"),
            excluded_answers=[],
            higher_is_better=True,
            period="year",
            on_dashboard=on_dashboard,
        )
    save_practice(ods_code="M1", name="Pensnett Surgery", area=coded_world.ward, list_size=5000,
                  group_status=PatientParticipationGroup.Status.ACTIVE)  # fmt: skip
    save_practice(ods_code="M2", name="Lye Surgery", area=coded_world.other_ward, list_size=3000,
                  group_status=PatientParticipationGroup.Status.FORMING)  # fmt: skip
    return made


@pytest.mark.django_db
def test_only_chosen_indicators_and_the_gaps_are_shown(chosen, coded_world):
    found = for_the_board()
    assert [row.indicator.name for row in found.indicators] == ["Chosen by the board"]
    assert found.indicators[0].value.period == "2023"
    assert (found.groups.practices, found.groups.with_active_group, found.groups.patients_percent) == (2, 1, 62.5)
    assert [(gap.area, [p.name for p in gap.gaps]) for gap in found.gaps] == [
        (coded_world.other_locality, ["Lye Surgery"])
    ]
    # A year's Local Account shows the values of its own year, not later ones.
    assert for_the_board(up_to_year=2022).indicators[0].value.period == "2022"


@pytest.mark.django_db
def test_the_dashboard_shows_them(client, chosen, coded_world):
    client.force_login(coded_world.board_member)
    page = client.get("/assurance/").content.decode()
    assert 'id="surveys-heading"' in page and "Chosen by the board" in page and "Not chosen" not in page
    assert "Gap</strong> Stourbridge: 0 of 1 (0%); no working group at Lye Surgery" in page


@pytest.mark.django_db
def test_the_local_account_has_them(chosen):
    figures = gather(2023)
    assert [row.indicator.name for row in figures.surveys.indicators] == ["Chosen by the board"]
    assert figures.surveys.groups.percent == 50.0


@pytest.fixture
def item(coded_world):
    from datetime import UTC, datetime

    from engaging.board.models import AgendaItem, Board, Meeting

    board = Board.objects.create(name="Health and Wellbeing Board")
    meeting = Meeting.objects.create(board=board, starts_at=datetime(2024, 3, 1, 14, 0, tzinfo=UTC))
    return AgendaItem.objects.create(
        meeting=meeting, title="Safer neighbourhoods", lead_organisation=coded_world.council
    )


@pytest.mark.django_db
def test_a_board_paper_assessment_includes_the_indicators_its_author_chooses(client, chosen, item, coded_world):
    import io

    from docx import Document

    client.force_login(coded_world.board_member)
    address = f"/assurance/items/{item.pk}/assessment/"
    plain = client.get(address).content.decode()
    # Every indicator is offered, the board's chosen ones and the rest, but none is included until chosen.
    assert "Include survey indicators" in plain and "Not chosen (Residents)" in plain
    assert 'id="surveys"' not in plain
    picked = chosen["Not chosen"].pk
    page = client.get(address, {"indicator": picked}).content.decode()
    assert 'id="surveys">What surveys show' in page
    assert "Not chosen (Residents). 2023: " in page and "(95% confidence interval " in page
    assert "Chosen by the board (Residents)." not in page
    assert f"assessment.docx?indicator={picked}" in page
    download = client.get(f"/assurance/items/{item.pk}/assessment.docx", {"indicator": picked})
    document = Document(io.BytesIO(download.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert "What surveys show" in paragraphs
    assert any(p.startswith("Not chosen (Residents). 2023: ") and "respondents" in p for p in paragraphs)


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["999999", "seven", ""])
def test_an_unknown_indicator_is_named_and_nothing_is_included(client, chosen, item, coded_world, bad):
    client.force_login(coded_world.board_member)
    response = client.get(f"/assurance/items/{item.pk}/assessment/", {"indicator": bad})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and 'href="#id_indicator' in page
    assert "Choose survey indicators from the list" in page
    assert 'id="surveys"' not in page
    download = client.get(f"/assurance/items/{item.pk}/assessment.docx", {"indicator": bad})
    assert download.status_code == 302 and download["Location"].endswith(f"assessment/?indicator={bad}")
