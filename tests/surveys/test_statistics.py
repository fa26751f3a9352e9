"""An indicator's values, recomputed here with statsmodels from the rows the test wrote, weights included."""

import random
from datetime import date

import numpy as np
import pytest
from django.test import override_settings
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from engaging.surveys import statistics
from engaging.surveys.importing import import_survey
from engaging.surveys.models import Indicator
from engaging.surveys.services import answers_of, save_indicator
from tests.surveys.conftest import AGREE, QUESTION, write_csv

POSITIVE = {"Strongly agree", "Agree"}
EXCLUDED = {"Don't know"}


def _rows(world, seed=11):
    """Respondents over five years in three wards, the locality's share of agreement rising year by year."""
    rng = random.Random(seed)
    wards = [("E05001234", world.ward, 0.25), ("E05005678", world.other_ward, 0.6), ("E05000001", world.twin_a, 0.25)]
    rows = []
    for year in range(2019, 2024):
        for _ in range(500):
            code, ward, base = rng.choice(wards)
            share = base + (0.15 * (year - 2019) if ward.parent_id == world.locality.pk else 0)
            answer = (
                rng.choice(["", "Don't know"])
                if rng.random() < 0.1
                else rng.choice(["Strongly agree", "Agree"])
                if rng.random() < share
                else rng.choice(AGREE[2:5])
            )
            day = date(year, rng.randint(1, 12), rng.randint(1, 28))
            rows.append([day.isoformat(), code, f"{rng.uniform(0.3, 2.8):.4f}", answer, ward])
    # A few in the other twin ward, so that area is suppressed.
    rows += [["2023-06-01", "E05000002", "1", "Agree", world.twin_b] for _ in range(5)]
    return rows


def _indicator(survey, period="year", higher_is_better=True):
    question = survey.questions.get(text=QUESTION)
    return save_indicator(
        name="Police engage residents",
        survey=survey,
        question=question,
        positive_answers=answers_of(question, sorted(POSITIVE), "positive_answers"),
        excluded_answers=answers_of(question, sorted(EXCLUDED), "excluded_answers"),
        higher_is_better=higher_is_better,
        period=period,
    )


@pytest.fixture
def surveyed(coded_world, tmp_path):
    rows = _rows(coded_world)
    result = import_survey(
        path=write_csv(tmp_path, [r[:4] for r in rows]), filename="r.csv", survey_name="Feeling the Difference"
    )
    assert result.ok, result.problems
    return coded_world, rows, result.survey


def _expected(rows, wards, period_of):
    """Per period: (respondents, n_eff, proportion) from the test's own rows."""
    sums = {}
    for day, _, weight, answer, ward in rows:
        if not answer or answer in EXCLUDED or ward.pk not in wards:
            continue
        key = period_of(date.fromisoformat(day))
        n, w, w2, wp = sums.get(key, (0, 0.0, 0.0, 0.0))
        weight = float(weight)
        sums[key] = (n + 1, w + weight, w2 + weight**2, wp + (weight if answer in POSITIVE else 0.0))
    return {key: (n, w * w / w2, wp / w) for key, (n, w, w2, wp) in sums.items()}


@pytest.mark.django_db
def test_partnership_values_match_statsmodels_with_effective_numbers(surveyed):
    world, rows, survey = surveyed
    values = statistics.values_for(_indicator(survey))
    everyone = {w.pk for w in (world.ward, world.other_ward, world.twin_a, world.twin_b)}
    expected = _expected(rows, everyone, lambda d: str(d.year))
    assert [v.period for v in values] == ["2019", "2020", "2021", "2022", "2023"]
    for value in values:
        n, n_eff, p = expected[value.period]
        low, high = proportion_confint(p * n_eff, n_eff, method="wilson")
        assert value.respondents == n and value.effective_respondents == pytest.approx(n_eff)
        assert value.proportion == pytest.approx(p) and (value.lower, value.upper) == (
            pytest.approx(low),
            pytest.approx(high),
        )
        assert n_eff < n  # unequal weights cost precision
        assert value.start == date(int(value.period), 1, 1) and value.end == date(int(value.period), 12, 31)
        assert value.compared_with_partnership == "not_compared"
    for previous, value in zip(values, values[1:], strict=False):
        low, high = confint_proportions_2indep(
            value.proportion * value.effective_respondents,
            value.effective_respondents,
            previous.proportion * previous.effective_respondents,
            previous.effective_respondents,
            method="newcomb",
        )
        word = "increase" if low > 0 else "decrease" if high < 0 else "no_change"
        assert (value.change, value.change_lower, value.change_upper) == (word, pytest.approx(low), pytest.approx(high))
    assert values[0].change is None


@pytest.mark.django_db
def test_an_area_includes_the_areas_inside_it_and_is_compared_by_its_interval(surveyed):
    world, rows, survey = surveyed
    indicator = _indicator(survey)
    partnership = statistics.values_for(indicator)
    values = statistics.values_for(indicator, world.locality)
    inside = {world.ward.pk, world.twin_a.pk}
    expected = _expected(rows, inside, lambda d: str(d.year))
    flags = []
    for value, whole in zip(values, partnership, strict=True):
        n, n_eff, p = expected[value.period]
        low, high = proportion_confint(p * n_eff, n_eff, method="wilson")
        assert (value.area, value.respondents, value.proportion) == (world.locality.pk, n, pytest.approx(p))
        assert (value.lower, value.upper) == (pytest.approx(low), pytest.approx(high))
        flag = "better" if low > whole.proportion else "worse" if high < whole.proportion else "similar"
        assert value.compared_with_partnership == flag
        flags.append(flag)
    assert "worse" in flags and "better" in flags  # the data were made to cross over


@pytest.mark.django_db
def test_lower_is_better_flips_the_comparison(surveyed):
    world, _, survey = surveyed
    higher = statistics.values_for(_indicator(survey), world.locality)
    lower = statistics.values_for(_indicator(survey, higher_is_better=False), world.locality)
    swap = {"better": "worse", "worse": "better", "similar": "similar", "not_compared": "not_compared"}
    assert [swap[v.compared_with_partnership] for v in higher] == [v.compared_with_partnership for v in lower]


@pytest.mark.django_db
@override_settings(SURVEY_MIN_RESPONDENTS=30)
def test_small_numbers_are_suppressed_and_not_compared(surveyed):
    world, _, survey = surveyed
    values = statistics.values_for(_indicator(survey), world.twin_b)
    last = values[-1]
    assert (last.respondents, last.suppressed, last.proportion, last.lower, last.upper) == (5, True, None, None, None)
    assert (last.compared_with_partnership, last.change) == ("not_compared", None)
    assert all(v.respondents == 0 and v.suppressed for v in values[:-1])


@pytest.mark.django_db
def test_the_minimum_is_a_setting(surveyed):
    world, _, survey = surveyed
    with override_settings(SURVEY_MIN_RESPONDENTS=5):
        assert statistics.values_for(_indicator(survey), world.twin_b)[-1].proportion == 1.0
    with override_settings(SURVEY_MIN_RESPONDENTS=6):
        assert statistics.values_for(_indicator(survey), world.twin_b)[-1].suppressed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("period", "first", "label", "start", "end"),
    [
        ("financial_year", "2018/19", "2019/20", date(2019, 4, 1), date(2020, 3, 31)),
        ("quarter", "2019 Q1", "2019 Q2", date(2019, 4, 1), date(2019, 6, 30)),
    ],
)
def test_financial_years_and_quarters(surveyed, period, first, label, start, end):
    world, rows, survey = surveyed
    values = statistics.values_for(_indicator(survey, period=period))
    assert values[0].period == first
    second = values[1]
    assert (second.period, second.start, second.end) == (label, start, end)
    everyone = {w.pk for w in (world.ward, world.other_ward, world.twin_a, world.twin_b)}
    expected = _expected(rows, everyone, lambda d: statistics.period_of(d, period).label)
    assert second.respondents == expected[label][0]
    assert second.proportion == pytest.approx(expected[label][2])
    # Every period between the first and last is there, even one nobody answered in.
    assert len(values) == len(statistics.periods_between(date(2019, 1, 1), date(2023, 12, 31), period))


@pytest.mark.django_db
def test_the_recent_trend_is_the_chi_squared_test_for_trend_on_the_last_five_periods(surveyed):
    world, _, survey = surveyed
    values = statistics.values_for(_indicator(survey), world.locality)
    trend = statistics.recent_trend(values)
    counts = np.array([[v.count, v.effective_respondents - v.count] for v in values[-5:]])
    test = Table(counts, shift_zeros=False).test_ordinal_association(
        row_scores=np.arange(5.0), col_scores=np.array([1.0, 0.0])
    )
    assert trend.p_value == pytest.approx(test.pvalue) and trend.statistic == pytest.approx(test.zscore**2)
    assert (trend.direction, trend.assessment(True), trend.assessment(False)) == (
        "increasing",
        "getting_better",
        "getting_worse",
    )
    assert statistics.recent_trend(values[:4]) is None
    assert statistics.recent_trend(statistics.values_for(_indicator(survey), world.twin_b)) is None


def test_periods():
    assert statistics.period_of(date(2024, 3, 31), Indicator.Period.FINANCIAL_YEAR).label == "2023/24"
    assert statistics.period_of(date(2024, 4, 1), Indicator.Period.FINANCIAL_YEAR).label == "2024/25"
    assert statistics.period_of(date(2024, 12, 31), Indicator.Period.QUARTER) == statistics.Period(
        "2024 Q4", date(2024, 10, 1), date(2024, 12, 31)
    )
    assert statistics.period_of(date(2024, 2, 29), Indicator.Period.YEAR).end == date(2024, 12, 31)


def test_a_trend_where_everyone_always_answered_alike_is_no_change():
    values = [
        statistics.Value(str(y), date(y, 1, 1), date(y, 12, 31), None, 40, 40.0, 1.0, 0.9, 1.0, False, "x", None)
        for y in range(2019, 2024)
    ]
    trend = statistics.recent_trend(values)
    assert (trend.direction, trend.p_value, trend.statistic) == ("no_significant_change", 1.0, 0.0)
