"""Importing survey results: all or nothing, by row, column and reason, with nothing identifying kept."""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from engaging.surveys.importing import import_survey
from engaging.surveys.models import Answer, Question, Respondent, Survey, SurveyImport
from tests.surveys.conftest import QUESTION, write_csv, write_xlsx

GOOD = [
    ["2024-01-10", "E05001234", "1.5", "Agree"],
    ["2024-02-11", "Wollaston and Stourbridge Town", "", "Disagree"],
    ["2024-03-12", "e05005678", "0.5", ""],
]


def _import(path, name="Feeling the Difference", **kwargs):
    return import_survey(path=path, filename=path.rsplit("/", 1)[-1], survey_name=name, **kwargs)


@pytest.mark.django_db
def test_a_good_csv_creates_the_survey_its_question_answers_and_respondents(coded_world, tmp_path):
    result = _import(write_csv(tmp_path, GOOD), organisation=coded_world.council)

    assert result.ok, result.problems
    survey = Survey.objects.get()
    assert (survey.name, survey.organisation, survey.respondent_count, result.created) == (
        "Feeling the Difference",
        coded_world.council,
        3,
        3,
    )
    question = Question.objects.get(survey=survey)
    assert question.text == QUESTION
    assert list(question.answers.values_list("text", flat=True)) == ["Agree", "Disagree"]
    rows = sorted(Respondent.objects.values_list("answered_on", "area_id", "weight", "answers"))
    codes = {a.text: a.code for a in question.answers.all()}
    assert [(r[0], r[1], r[2], bytes(r[3])) for r in rows] == [
        (date(2024, 1, 10), coded_world.ward.pk, 1.5, bytes([codes["Agree"]])),
        (date(2024, 2, 11), coded_world.other_ward.pk, 1.0, bytes([codes["Disagree"]])),
        (date(2024, 3, 12), coded_world.other_ward.pk, 0.5, bytes([0])),
    ]
    assert "Imported 3 respondent(s)" in result.summary()


@pytest.mark.django_db
def test_an_excel_file_imports_like_a_csv_with_real_date_cells(coded_world, tmp_path):
    rows = [[date(2024, 1, 10), "E05001234", 2, "Agree"], ["2024-02-01", "Brierley Hill", None, "Agree"]]
    result = _import(write_xlsx(tmp_path, rows))
    assert result.ok, result.problems
    assert sorted(Respondent.objects.values_list("weight", flat=True)) == [1.0, 2.0]


@pytest.mark.django_db
def test_a_second_file_adds_respondents_new_questions_and_answers_to_the_survey(coded_world, tmp_path):
    _import(write_csv(tmp_path, GOOD))
    later = [["2025-01-10", "E05001234", "1", "Strongly agree", "Yes"]]
    result = _import(
        write_csv(tmp_path, later, name="2025.csv", header=("Date", "AREA", "weight", QUESTION.upper(), "Feel safe?"))
    )
    assert result.ok, result.problems
    survey = Survey.objects.get()
    assert survey.respondent_count == 4
    assert list(survey.questions.values_list("text", "position")) == [(QUESTION, 0), ("Feel safe?", 1)]
    assert Answer.objects.filter(question__survey=survey).count() == 4
    assert result.new_questions == ["Feel safe?"] and result.new_answers == 2


@pytest.mark.django_db
def test_the_same_file_is_not_imported_twice(coded_world, tmp_path):
    path = write_csv(tmp_path, GOOD)
    _import(path)
    again = _import(path)
    assert not again.ok
    assert "already imported" in str(again.problems[0])
    assert Respondent.objects.count() == 3


@pytest.mark.django_db
def test_columns_that_identify_people_are_never_stored(coded_world, tmp_path):
    rows = [["2024-01-10", "E05001234", "R-0001", "a@example.org", "Agree"]]
    result = _import(write_csv(tmp_path, rows, header=("date", "area", "Respondent ID", "Email", QUESTION)))
    assert result.ok, result.problems
    assert list(Question.objects.values_list("text", flat=True)) == [QUESTION]
    assert "would identify people" in result.notes[0]


BAD_ROWS = [
    (["2024-13-01", "E05001234", "1", "Agree"], "date", "not a real date"),
    (["10/01/2024", "E05001234", "1", "Agree"], "date", "YYYY-MM-DD"),
    (["", "E05001234", "1", "Agree"], "date", "enter the date"),
    ([(date.today() + timedelta(days=3)).isoformat(), "E05001234", "1", "Agree"], "date", "in the future"),
    (["2024-01-10", "Atlantis", "1", "Agree"], "area", "no area"),
    (["2024-01-10", "", "1", "Agree"], "area", "enter the area"),
    (["2024-01-10", "Central", "1", "Agree"], "area", "Central (ward in Brierley Hill); Central (ward in Stourbridge)"),
    (["2024-01-10", "E05001234", "0", "Agree"], "weight", "positive"),
    (["2024-01-10", "E05001234", "-2", "Agree"], "weight", "positive"),
    (["2024-01-10", "E05001234", "heavy", "Agree"], "weight", "not a number"),
    (["2024-01-10", "E05001234", "nan", "Agree"], "weight", "positive"),
    (["2024-01-10", "E05001234", "1", "x" * 301], QUESTION, "at most 300"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "column", "reason"), BAD_ROWS, ids=[r[2] for r in BAD_ROWS])
def test_a_bad_row_refuses_the_whole_file_naming_row_column_and_reason(coded_world, tmp_path, row, column, reason):
    rows = [GOOD[0], GOOD[1], row, GOOD[2]]
    result = _import(write_csv(tmp_path, rows))
    assert not result.ok
    (problem,) = result.problems
    assert (problem.row, problem.column) == (4, column)  # the header is row 1
    assert reason in problem.message
    assert not Survey.objects.exists() and not Respondent.objects.exists() and not SurveyImport.objects.exists()


@pytest.mark.django_db
def test_every_problem_is_reported_not_only_the_first(coded_world, tmp_path):
    rows = [["2024-01-10", "Atlantis", "1", "Agree"], GOOD[0], ["nope", "E05001234", "0", "Agree"]]
    result = _import(write_csv(tmp_path, rows))
    assert [str(p) for p in result.problems] == [
        "Row 2, area: there is no area with the code or name “Atlantis”",
        "Row 4, date: enter the date as YYYY-MM-DD, like 2025-03-14",
        "Row 4, weight: the weight must be a positive number, like 1.25",
    ]


@pytest.mark.django_db
def test_a_refused_file_leaves_an_existing_survey_as_it_was(coded_world, tmp_path):
    _import(write_csv(tmp_path, GOOD))
    rows = [["2025-01-10", "E05001234", "1", "Agree", "Yes"], ["2025-01-11", "Atlantis", "1", "Agree", "No"]]
    result = _import(write_csv(tmp_path, rows, name="b.csv", header=("date", "area", "weight", QUESTION, "New?")))
    assert not result.ok
    survey = Survey.objects.get()
    assert survey.respondent_count == 3 and Respondent.objects.count() == 3
    assert survey.questions.count() == 1 and Answer.objects.count() == 2


FILE_PROBLEMS = [
    ("missing.csv", ("date", "weight", QUESTION), "“area”"),
    ("noquestions.csv", ("date", "area", "weight"), "no question columns"),
    ("twice.csv", ("date", "area", "area", QUESTION), "more than once"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "header", "reason"), FILE_PROBLEMS)
def test_a_bad_header_refuses_the_file(coded_world, tmp_path, name, header, reason):
    result = _import(write_csv(tmp_path, [["2024-01-10", "E05001234", "1", "Agree"]], name=name, header=header))
    assert not result.ok and result.problems[0].row is None
    assert reason in result.problems[0].message
    assert not Survey.objects.exists()


@pytest.mark.django_db
def test_files_that_cannot_be_read_are_refused_in_plain_words(coded_world, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("date,area,Q\n2024-01-10,E05001234,Caf\xe9\n".encode("latin-1"))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    header_only = write_csv(tmp_path, [], name="header.csv")
    old = tmp_path / "old.xls"
    old.write_bytes(b"x")
    messages = {
        empty: "empty",
        latin: "UTF-8",
        broken: "could not be read",
        header_only: "no respondents",
        old: "CSV UTF-8",
    }
    for path, words in messages.items():
        result = _import(str(path))
        assert not result.ok and words in result.problems[0].message, (path, result.problems)
    assert not Survey.objects.exists()


@pytest.mark.django_db
def test_a_question_with_too_many_answers_is_refused(coded_world, tmp_path):
    rows = [["2024-01-10", "E05001234", "1", f"Comment {n}"] for n in range(256)]
    result = _import(write_csv(tmp_path, rows))
    assert not result.ok
    assert result.problems[0].row == 257 and "more than 255 different answers" in result.problems[0].message


@pytest.mark.django_db
def test_the_command_prints_what_it_imported(coded_world, tmp_path, capsys):
    call_command("import_survey", write_csv(tmp_path, GOOD), survey="Feeling the Difference")
    out = capsys.readouterr().out
    assert "Imported 3 respondent(s) into “Feeling the Difference”" in out
    assert Survey.objects.get().respondent_count == 3


@pytest.mark.django_db
def test_the_command_writes_problems_to_standard_error_and_fails(coded_world, tmp_path, capsys):
    rows = [GOOD[0], ["2024-01-10", "Central", "1", "Agree"]]
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_survey", write_csv(tmp_path, rows), survey="Feeling the Difference")
    err = capsys.readouterr().err
    assert "Row 3, area: several areas are called “Central”" in err
    assert not Respondent.objects.exists()


def test_the_command_exits_non_zero_on_a_bad_file(coded_world, tmp_path):
    import subprocess
    import sys

    assert coded_world  # the database is set up; the command runs in a process of its own only for the exit code
    finished = subprocess.run(
        [sys.executable, "manage.py", "import_survey", str(tmp_path / "none.csv"), "--survey", "X", "--skip-checks"],
        capture_output=True,
        text=True,
    )
    assert finished.returncode != 0 and "There is no file" in finished.stderr
