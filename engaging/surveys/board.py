"""What the board sees of surveys and patient participation groups: the indicators it chose, each with its latest
value, change and trend in words, and where practices still lack a working group."""

from dataclasses import dataclass, field

from engaging.surveys import coverage, statistics, words
from engaging.surveys.models import Indicator

UNITS = {"year": "year", "financial_year": "financial year", "quarter": "quarter"}


@dataclass
class ChosenIndicator:
    indicator: Indicator
    value: statistics.Value | None
    change: str
    trend: str


@dataclass
class ForTheBoard:
    indicators: list[ChosenIndicator] = field(default_factory=list)
    groups: coverage.Coverage | None = None
    gaps: list[coverage.Coverage] = field(default_factory=list)  # areas short of the target, most practices first

    @property
    def shown(self) -> bool:
        return bool(self.indicators) or bool(self.groups and self.groups.practices)


def chosen_indicators():
    """The indicators the board chose to follow."""
    return (
        Indicator.objects.filter(on_dashboard=True)
        .select_related("survey", "question")
        .prefetch_related("positive_answers", "excluded_answers")
        .order_by("name", "pk")
    )


def followed(indicator: Indicator, *, up_to_year: int | None = None) -> ChosenIndicator:
    """One indicator's latest value, its change and its recent trend in words; with `up_to_year`, as it stood with
    the periods starting up to that year."""
    series = statistics.values_for(indicator)
    if up_to_year is not None:
        series = [value for value in series if value.start.year <= up_to_year]
    last = series[-1] if series else None
    previous = series[-2] if len(series) > 1 else None
    return ChosenIndicator(
        indicator=indicator,
        value=last,
        change=words.change(last, previous) if last else "No respondents yet.",
        trend=words.trend(statistics.recent_trend(series), indicator.higher_is_better, UNITS[indicator.period]),
    )


def every_indicator():
    """Every indicator, as a board paper's author picks from them."""
    return Indicator.objects.select_related("survey", "question").order_by("name", "pk")


def for_the_board(*, up_to_year: int | None = None, localities_only: bool = True) -> ForTheBoard:
    """The board's indicators and group coverage; with `up_to_year`, each indicator's values up to periods starting
    in that year (a year's Local Account). Each indicator's sums are kept (statistics.tally), so this reads a few
    small tables, not the respondents."""
    found = ForTheBoard()
    found.indicators = [followed(indicator, up_to_year=up_to_year) for indicator in chosen_indicators()]
    whole, areas = coverage.coverage()
    found.groups = whole
    short = [c for c in areas if not c.meets_target and (c.area.kind == "locality" or not localities_only)]
    found.gaps = sorted(short, key=lambda c: (c.percent or 0, c.area.name))
    return found
