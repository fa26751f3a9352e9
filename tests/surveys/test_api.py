"""The survey API: surveys, indicators and their values, practices and coverage; errors in the one shape."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.surveys import statistics
from engaging.surveys.importing import import_survey
from engaging.surveys.models import Indicator, PatientParticipationGroup, Practice
from engaging.surveys.services import save_practice
from tests.api.conftest import as_, assert_error_shape, tokens  # noqa: F401  (fixtures)
from tests.surveys.conftest import QUESTION, write_csv

ROWS = [
    [f"{year}-0{month}-1{day}", code, "1.2" if day % 2 else "0.8", answer]
    for year in (2022, 2023)
    for month in range(1, 7)
    for day in range(0, 9)
    for code, answer in (("E05001234", "Agree"), ("E05005678", "Disagree"), ("E05001234", "Don't know"))
]


@pytest.fixture
def survey(coded_world, tmp_path):
    result = import_survey(
        path=write_csv(tmp_path, ROWS),
        filename="r.csv",
        survey_name="Residents' survey",
        organisation=coded_world.council,
    )
    assert result.ok, result.problems
    return result.survey


def _body(of, **changes):
    body = {
        "name": "Police engage residents",
        "survey": of.pk,
        "question": of.questions.get().pk,
        "positive_answers": ["Agree"],
        "excluded_answers": ["Don't know"],
        "higher_is_better": True,
        "period": "year",
    }
    body.update(changes)
    return body


@pytest.mark.django_db
def test_surveys_list_their_questions_and_answers(survey, as_):  # noqa: F811
    response = as_(None).get("surveys")
    assert response.status_code == 200
    (item,) = response.json()["items"]
    question = survey.questions.get()
    assert item == {
        "id": survey.pk,
        "name": "Residents' survey",
        "organisation": survey.organisation_id,
        "respondents": len(ROWS),
        "questions": [{"id": question.pk, "text": QUESTION, "answers": ["Agree", "Disagree", "Don't know"]}],
    }


# Who may define an indicator on the council's survey.
MATRIX = {None: 401, "officer_council": 201, "officer_healthwatch": 403, "coordinator": 201, "board_member": 403}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(MATRIX), ids=lambda p: p or "anonymous")
def test_who_may_define_an_indicator(survey, as_, persona):  # noqa: F811
    response = as_(persona).post("indicators", _body(survey))
    assert response.status_code == MATRIX[persona], response.content
    if response.status_code != 201:
        assert_error_shape(response)
        assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_a_defined_indicator_reads_back(survey, as_):  # noqa: F811
    created = as_("officer_council").post(
        "indicators",
        _body(survey, period="financial_year", positive_answers=[survey.questions.get().answers.get(text="Agree").pk]),
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["positive_answers"] == ["Agree"] and data["excluded_answers"] == ["Don't know"]
    assert data["period"] == "financial_year" and data["on_dashboard"] is False
    listed = as_(None).get("indicators").json()["items"]
    assert [i["id"] for i in listed] == [data["id"]]


BAD = [
    ({"positive_answers": ["Agree", "Maybe"]}, "positive_answers"),
    ({"excluded_answers": ["Never"]}, "excluded_answers"),
    ({"positive_answers": []}, "positive_answers"),
    ({"positive_answers": ["Agree"], "excluded_answers": ["agree"]}, "excluded_answers"),
    ({"period": "month"}, "period"),
    ({"survey": 999999}, "survey"),
    ({"question": 999999}, "question"),
    ({"name": ""}, "name"),
    ({"higher_is_better": "yes"}, "higher_is_better"),
    ({"colour": "red"}, "colour"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "field"), BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_a_bad_indicator_is_refused_naming_the_field(survey, as_, changes, field):  # noqa: F811
    response = as_("coordinator").post("indicators", _body(survey, **changes))
    body = assert_error_shape(response, 400, field)
    assert body
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_every_bad_field_is_named_at_once(survey, as_):  # noqa: F811
    response = as_("coordinator").post(
        "indicators", _body(survey, positive_answers=["Maybe"], excluded_answers=["Never"])
    )
    body = assert_error_shape(response, 400)
    assert {e["field"] for e in body["errors"]} == {"positive_answers", "excluded_answers"}
    assert "Maybe" in body["errors"][0]["message"]


@pytest.mark.django_db
def test_only_a_coordinator_chooses_indicators_for_the_board(survey, as_):  # noqa: F811
    assert as_("officer_council").post("indicators", _body(survey, on_dashboard=True)).status_code == 403
    assert as_("coordinator").post("indicators", _body(survey, on_dashboard=True)).json()["on_dashboard"] is True


@pytest.mark.django_db
def test_values_match_the_statistics_and_name_the_area(survey, coded_world, as_):  # noqa: F811
    indicator_id = as_("coordinator").post("indicators", _body(survey)).json()["id"]
    indicator = Indicator.objects.get(pk=indicator_id)
    whole = as_(None).get(f"indicators/{indicator_id}/values").json()
    assert whole["count"] == 2
    first, second = whole["items"]
    assert (first["period"], first["start"], first["end"], first["area"]) == ("2022", "2022-01-01", "2022-12-31", None)
    assert first["respondents"] == 108 and first["proportion"] == pytest.approx(0.5)
    assert first["change"] is None and second["change"] == "no_change"
    expected = statistics.values_for(indicator, coded_world.locality)
    area = as_(None).get(f"indicators/{indicator_id}/values", area=coded_world.locality.pk).json()["items"]
    assert [(v["area"], v["proportion"], v["lower"], v["compared_with_partnership"]) for v in area] == [
        (coded_world.locality.pk, 1.0, pytest.approx(e.lower), "better") for e in expected
    ]
    assert set(area[0]) >= {
        "period", "start", "end", "area", "respondents", "effective_respondents", "proportion", "lower", "upper",
        "suppressed", "compared_with_partnership", "change",
    }  # fmt: skip


@pytest.mark.django_db
def test_values_refuse_an_unknown_area_and_indicator(survey, as_):  # noqa: F811
    indicator_id = as_("coordinator").post("indicators", _body(survey)).json()["id"]
    assert_error_shape(as_(None).get(f"indicators/{indicator_id}/values", area=999999), 400, "area")
    assert_error_shape(as_(None).get(f"indicators/{indicator_id}/values", area="north"), 400, "area")
    assert_error_shape(as_(None).get(f"indicators/{indicator_id}/values", colour="red"), 400, "colour")
    assert_error_shape(as_(None).get("indicators/999999/values"), 404)
    assert_error_shape(as_(None).get("indicators/999999"), 404)


def _practice(world, code, status, area, patients=1000):
    return save_practice(ods_code=code, name=f"Practice {code}", area=area, list_size=patients, group_status=status)


@pytest.mark.django_db
def test_coverage_counts_practices_with_a_working_group_by_area(coded_world, as_):  # noqa: F811
    _practice(coded_world, "M1", PatientParticipationGroup.Status.ACTIVE, coded_world.ward, 3000)
    _practice(coded_world, "M2", PatientParticipationGroup.Status.VIRTUAL, coded_world.ward)
    _practice(coded_world, "M3", PatientParticipationGroup.Status.FORMING, coded_world.other_ward)
    _practice(coded_world, "M4", PatientParticipationGroup.Status.NONE, coded_world.other_ward)
    items = {i["name"]: i for i in as_(None).get("ppg-coverage").json()["items"]}
    assert {k: (v["practices"], v["with_active_group"], v["percent"]) for k, v in items.items()} == {
        "Dudley borough": (4, 2, 50.0),
        "Brierley Hill": (2, 2, 100.0),
        "Brockmoor and Pensnett": (2, 2, 100.0),
        "Stourbridge": (2, 0, 0.0),
        "Wollaston and Stourbridge Town": (2, 0, 0.0),
    }
    assert items["Dudley borough"]["patients_percent"] == pytest.approx(100 * 4000 / 6000, abs=0.1)


PRACTICE = {"ods_code": "M87001", "name": "Pensnett Surgery", "list_size": 8000, "group": {"status": "active"}}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [(None, 401), ("officer_council", 403), ("board_member", 403), ("coordinator", 201)],
    ids=["anonymous", "officer", "board_member", "coordinator"],
)
def test_only_coordinators_record_practices(coded_world, as_, persona, status):  # noqa: F811
    response = as_(persona).post("practices", {**PRACTICE, "area": coded_world.ward.pk})
    assert response.status_code == status, response.content
    if status == 201:
        data = response.json()
        assert data["group"]["status"] == "active" and data["area"] == coded_world.ward.pk
        assert [p["ods_code"] for p in as_(None).get("practices").json()["items"]] == ["M87001"]
    else:
        assert not Practice.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"area": 999999}, "area"),
        ({"ods_code": "!!"}, "ods_code"),
        ({"group": {"status": "sleeping"}}, "group"),
        ({"list_size": -3}, "list_size"),
    ],
)
def test_a_bad_practice_is_refused_naming_the_field(coded_world, as_, changes, field):  # noqa: F811
    assert_error_shape(as_("coordinator").post("practices", {**PRACTICE, **changes}), 400, field)
    assert not Practice.objects.exists()


@pytest.mark.django_db
def test_lists_take_a_fixed_number_of_queries(survey, coded_world, as_):  # noqa: F811
    client = as_(None)
    for n in range(3):
        client_body = _body(survey, name=f"Indicator {n}")
        as_("coordinator").post("indicators", client_body)
        _practice(coded_world, f"M{n}", "active", coded_world.ward)
    for path in ("surveys", "indicators", "practices", "ppg-coverage"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        assert len(queries) <= 6, (path, [q["sql"] for q in queries.captured_queries])
