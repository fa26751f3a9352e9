"""An indicator's values, period by period, for the partnership or any area, with honest statistics.

For the respondents of a period who answered the question and whose answer is not excluded (blanks are
always excluded), with w each respondent's weight:

- `respondents` counts them; `effective_respondents` is (Σw)² / Σw², the number of unweighted respondents
  that would give as precise an estimate (Kish): weighting costs precision, and the intervals show it;
- `proportion` is Σ(w × positive) / Σw;
- `lower`, `upper`: the 95% Wilson score interval (statsmodels' `proportion_confint(method="wilson")`),
  with the effective respondents as n and proportion × n as the count;
- fewer respondents than SURVEY_MIN_RESPONDENTS: suppressed (no proportion, interval, comparison or change);
- `compared_with_partnership`: an area's interval wholly above the partnership's proportion for the period
  is `better` (or `worse` where lower is better), wholly below the other way round, else `similar`;
- `change` from the period before: Newcombe's 95% interval for the difference of two proportions
  (statsmodels' `confint_proportions_2indep(method="newcomb")`, with effective numbers); an interval wholly
  above 0 is an `increase`, wholly below a `decrease`, else `no_change`;
- the recent trend: over the last five periods, all with values, the chi-squared test for linear trend.
  It is statsmodels' linear-by-linear association test (`Table.test_ordinal_association`), which for a
  table of periods × (positive, not positive) is the Cochran–Armitage test for trend, with Mantel's (N − 1)
  in place of N. Counts are the effective ones, as above; significant at p < 0.05, like the intervals.

An area includes every area inside it (its wards, for a locality).
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.conf import settings
from django.db.models import BinaryField, Case, CharField, Count, F, FloatField, Func, IntegerField, Sum, When
from django.db.models import Value as Constant
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from engaging.core import cache
from engaging.lists.models import Area
from engaging.surveys.models import Indicator, Respondent

ALPHA = 0.05
TREND_PERIODS = 5


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date


def period_of(day: date, kind: str) -> Period:
    """The calendar year, financial year (1 April to 31 March) or calendar quarter a day falls in."""
    if kind == Indicator.Period.QUARTER:
        quarter = (day.month - 1) // 3
        start = date(day.year, quarter * 3 + 1, 1)
        end = date(day.year + 1, 1, 1) if quarter == 3 else date(day.year, quarter * 3 + 4, 1)
        return Period(f"{day.year} Q{quarter + 1}", start, date.fromordinal(end.toordinal() - 1))
    if kind == Indicator.Period.FINANCIAL_YEAR:
        first = day.year if day.month >= 4 else day.year - 1
        return Period(f"{first}/{str(first + 1)[-2:]}", date(first, 4, 1), date(first + 1, 3, 31))
    return Period(str(day.year), date(day.year, 1, 1), date(day.year, 12, 31))


def periods_between(first: date, last: date, kind: str) -> list[Period]:
    """Every period from the one holding `first` to the one holding `last`, none skipped."""
    periods = [period_of(first, kind)]
    while periods[-1].end < last:
        periods.append(period_of(date.fromordinal(periods[-1].end.toordinal() + 1), kind))
    return periods


@dataclass
class Sums:
    respondents: int = 0
    weight: float = 0.0
    weight_squared: float = 0.0
    positive_weight: float = 0.0

    def add(self, other: "Sums") -> None:
        self.respondents += other.respondents
        self.weight += other.weight
        self.weight_squared += other.weight_squared
        self.positive_weight += other.positive_weight


class _Code(Func):
    """The byte of the answer at `position` (from 0) in a respondent's packed answers, empty where the answers
    are shorter: compared with bytes, as the answers are packed."""

    output_field = BinaryField()

    def __init__(self, position: int):
        super().__init__(F("answers"))
        self.position = int(position)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"substr({sql}, {self.position + 1}, 1)", params

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"substring({sql} from {self.position + 1} for 1)", params


class _Month(Func):
    """The month a date falls in, as YYYY-MM."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"substr({sql}, 1, 7)", params

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char({sql}, 'YYYY-MM')", params


def _packed(codes) -> list[bytes]:
    return [bytes([code]) for code in sorted(codes)]


def _sums_by_month(indicator: Indicator):
    """The indicator's respondents summed by the database for each month and area (every kind of period starts
    on the first of a month), as rows of (indicator, month, area, respondents, Σw, Σw², Σw × positive)."""
    positive = {answer.code for answer in indicator.positive_answers.all()}
    excluded = {answer.code for answer in indicator.excluded_answers.all()} | {0}
    positive_weight = Case(
        When(code__in=_packed(positive), then=F("weight")), default=Constant(0.0), output_field=FloatField()
    )
    return (
        Respondent.objects.filter(survey_id=indicator.survey_id)
        .annotate(
            indicator=Constant(indicator.pk, output_field=IntegerField()),
            code=_Code(indicator.question.position),
            month=_Month("answered_on"),
        )
        .exclude(code__in=[b"", *_packed(excluded)])
        .order_by()
        .values_list("indicator", "month", "area_id")
        .annotate(
            n=Count("pk"),
            weight_sum=Sum("weight"),
            squared=Sum(F("weight") * F("weight")),
            positive_sum=Sum(positive_weight),
        )
    )


def _tallies(indicators: list[Indicator]) -> dict[int, dict[tuple[date, int], tuple[int, float, float, float]]]:
    """The sums of each (period start, area) for each indicator, by its id, read from the respondents in one
    query for them all: only the sums of each month and area, not every respondent, are read."""
    if not indicators:
        return {}
    parts = [_sums_by_month(indicator) for indicator in indicators]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    kinds = {indicator.pk: indicator.period for indicator in indicators}
    starts: dict[tuple[str, str], date] = {}
    sums: dict[int, dict[tuple[date, int], list]] = {indicator.pk: {} for indicator in indicators}
    for indicator_id, month, area_id, n, weight, squared, positive_sum in rows:
        kind = kinds[indicator_id]
        start = starts.get((kind, month))
        if start is None:
            first = date(int(month[:4]), int(month[5:7]), 1)
            start = starts[(kind, month)] = period_of(first, kind).start
        cell = sums[indicator_id].get((start, area_id))
        if cell is None:
            cell = sums[indicator_id][(start, area_id)] = [0, 0.0, 0.0, 0.0]
        cell[0] += n
        cell[1] += weight or 0.0
        cell[2] += squared or 0.0
        cell[3] += positive_sum or 0.0
    return {pk: {place: tuple(cell) for place, cell in table.items()} for pk, table in sums.items()}


def _tally(indicator: Indicator) -> dict[tuple[date, int], tuple[int, float, float, float]]:
    """The sums of each (period start, area) for the indicator, read from its survey's respondents once."""
    return _tallies([indicator])[indicator.pk]


def tally(indicator: Indicator, request=None) -> dict[tuple[date, int], tuple[int, float, float, float]]:
    """`_tally`, kept until the survey's respondents or the indicator change (and on the indicator itself, since
    a page asks for it once per area)."""
    if getattr(indicator, "_tally", None) is None:
        indicator._tally = cache.cached(
            "survey-indicator-tally", [indicator.pk, indicator.updated_at], lambda: _tally(indicator), request=request
        )
    return indicator._tally


def tally_all(indicators: list[Indicator], request=None) -> None:
    """Give each of `indicators` its sums, as `tally` would, read in one query for all of them and kept together
    until the respondents or any of them change: for a page that shows them all."""
    wanted = [indicator for indicator in indicators if getattr(indicator, "_tally", None) is None]
    if not wanted:
        return
    found = cache.cached(
        "survey-indicator-tallies",
        [(indicator.pk, indicator.updated_at) for indicator in wanted],
        lambda: _tallies(wanted),
        request=request,
    )
    for indicator in wanted:
        indicator._tally = found.get(indicator.pk, {})


@dataclass
class Value:
    period: str
    start: date
    end: date
    area: int | None
    respondents: int
    effective_respondents: float
    proportion: float | None
    lower: float | None
    upper: float | None
    suppressed: bool
    compared_with_partnership: str
    change: str | None
    change_lower: float | None = None
    change_upper: float | None = None

    @property
    def count(self) -> float:
        """The effective number of positive respondents."""
        return (self.proportion or 0.0) * self.effective_respondents


def _value(period: Period, area_id: int | None, sums: Sums, minimum: int) -> Value:
    effective = sums.weight**2 / sums.weight_squared if sums.weight_squared else 0.0
    suppressed = sums.respondents < minimum or sums.weight <= 0
    proportion = lower = upper = None
    if not suppressed:
        proportion = sums.positive_weight / sums.weight
        low, high = proportion_confint(proportion * effective, effective, alpha=ALPHA, method="wilson")
        lower, upper = float(low), float(high)
    return Value(
        period=period.label,
        start=period.start,
        end=period.end,
        area=area_id,
        respondents=sums.respondents,
        effective_respondents=effective,
        proportion=proportion,
        lower=lower,
        upper=upper,
        suppressed=suppressed,
        compared_with_partnership="not_compared",
        change=None,
    )


def compare(value: Value, benchmark: Value, higher_is_better: bool) -> str:
    """better / worse when the area's interval lies wholly above or below the partnership's proportion."""
    if value.suppressed or benchmark.suppressed:
        return "not_compared"
    if value.lower > benchmark.proportion:
        return "better" if higher_is_better else "worse"
    if value.upper < benchmark.proportion:
        return "worse" if higher_is_better else "better"
    return "similar"


def change(current: Value, previous: Value) -> tuple[str | None, float | None, float | None]:
    """increase / decrease when Newcombe's interval for current − previous excludes 0; else no_change."""
    if current.suppressed or previous.suppressed:
        return None, None, None
    low, high = confint_proportions_2indep(
        current.count,
        current.effective_respondents,
        previous.count,
        previous.effective_respondents,
        method="newcomb",
        compare="diff",
        alpha=ALPHA,
    )
    low, high = float(low), float(high)
    word = "increase" if low > 0 else "decrease" if high < 0 else "no_change"
    return word, low, high


def _series(indicator: Indicator, area_ids: set[int] | None, periods: list[Period], table) -> list[Value]:
    by_period: dict[date, Sums] = {period.start: Sums() for period in periods}
    for (start, area_id), cell in table.items():
        if area_ids is None or area_id in area_ids:
            by_period[start].add(Sums(*cell))
    minimum = settings.SURVEY_MIN_RESPONDENTS
    return [_value(period, None, by_period[period.start], minimum) for period in periods]


def areas_inside(areas) -> dict[int, set[int]]:
    """For each of `areas`, the ids of every area inside it and its own, from one read of every area's path."""
    paths = list(Area.everything.values_list("pk", "path"))
    return {area.pk: {pk for pk, path in paths if path.startswith(area.path)} for area in areas}


def values_for(indicator: Indicator, area: Area | None = None, *, request=None, inside=None) -> list[Value]:
    """The indicator's values, ordered by period, for the whole partnership or for `area` and all inside it
    (`inside`, the ids of those areas, when they are known already: see `areas_inside`).

    Given the request, the table versions behind the kept sums are read once for the whole page."""
    table = tally(indicator, request)
    if not table:
        return []
    starts = [start for start, _ in table]
    periods = periods_between(min(starts), max(starts), indicator.period)
    partnership = _series(indicator, None, periods, table)
    if area is None:
        series = partnership
    else:
        if inside is None:
            inside = set(Area.everything.filter(path__startswith=area.path).values_list("pk", flat=True))
        series = _series(indicator, inside, periods, table)
        for value, benchmark in zip(series, partnership, strict=True):
            value.area = area.pk
            value.compared_with_partnership = compare(value, benchmark, indicator.higher_is_better)
    for previous, current in zip(series, series[1:], strict=False):
        current.change, current.change_lower, current.change_upper = change(current, previous)
    return series


@dataclass(frozen=True)
class Trend:
    direction: str  # increasing, decreasing, no_significant_change
    statistic: float
    p_value: float
    periods: list[str]

    def assessment(self, higher_is_better: bool) -> str:
        """getting better / getting worse / no significant change, in the indicator's own sense."""
        if self.direction == "no_significant_change":
            return "no_significant_change"
        rising = self.direction == "increasing"
        return "getting_better" if rising == higher_is_better else "getting_worse"


def recent_trend(series: list[Value]) -> Trend | None:
    """The chi-squared test for trend over the last five periods; None unless all five have values."""
    recent = series[-TREND_PERIODS:]
    if len(recent) < TREND_PERIODS or any(value.suppressed for value in recent):
        return None
    counts = np.array([[v.count, v.effective_respondents - v.count] for v in recent], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):  # no variation at all gives nan, handled below
        result = Table(counts, shift_zeros=False).test_ordinal_association(
            row_scores=np.arange(TREND_PERIODS, dtype=float), col_scores=np.array([1.0, 0.0])
        )
    p_value = float(result.pvalue)
    if not np.isfinite(p_value):
        # Every respondent in every period answered alike (all positive, or none): nothing changed to test.
        return Trend("no_significant_change", 0.0, 1.0, [value.period for value in recent])
    direction = "no_significant_change"
    if p_value < ALPHA:
        # Positive answers scored 1: a positive association is a proportion rising over the periods.
        direction = "increasing" if float(result.zscore) > 0 else "decreasing"
    # The test's z squared is the chi-squared statistic (one degree of freedom).
    return Trend(direction, float(result.zscore) ** 2, p_value, [value.period for value in recent])
