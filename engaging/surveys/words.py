"""What an indicator's flags mean, in words a board member reads without a statistics course."""

from engaging.surveys.statistics import Trend, Value


def pct(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def points(difference: float) -> str:
    sign = "+" if difference > 0 else "−" if difference < 0 else ""
    return f"{sign}{abs(difference) * 100:.1f}"


def latest(value: Value | None) -> str:
    """An indicator's latest value with its range and how many answered, in a sentence."""
    if value is None:
        return "Nobody has answered yet."
    people = f"{value.respondents:,} respondent{'s' if value.respondents != 1 else ''}"
    if value.suppressed:
        return f"{value.period}: too few respondents to show a value ({people})."
    return (
        f"{value.period}: {pct(value.proportion)}, from {people} "
        f"(95% confidence interval {pct(value.lower)} to {pct(value.upper)})."
    )


def comparison(value: Value, benchmark: Value | None) -> str:
    """How an area compares with the partnership, and why, in a sentence."""
    if value.suppressed:
        return "Not compared: too few respondents to show a value."
    if benchmark is None:
        return "This is the partnership as a whole."
    if benchmark.suppressed:
        return "Not compared: too few respondents across the partnership."
    whole = f"the whole range, {pct(value.lower)} to {pct(value.upper)},"
    if value.compared_with_partnership == "better":
        side = "above" if value.lower > benchmark.proportion else "below"
        return f"Better than the partnership as a whole: {whole} is {side} {pct(benchmark.proportion)}."
    if value.compared_with_partnership == "worse":
        side = "above" if value.lower > benchmark.proportion else "below"
        return f"Worse than the partnership as a whole: {whole} is {side} {pct(benchmark.proportion)}."
    return (
        f"Similar to the partnership as a whole: the range, {pct(value.lower)} to {pct(value.upper)}, "
        f"includes the partnership's {pct(benchmark.proportion)}."
    )


def change(value: Value, previous: Value | None) -> str:
    """The change from the period before, and how sure we can be of it."""
    if previous is None:
        return "The first period: nothing to compare with."
    if value.change is None:
        return f"Not compared with {previous.period}: too few respondents in one of them."
    between = f"between {points(value.change_lower)} and {points(value.change_upper)} percentage points"
    if value.change == "increase":
        return f"An increase since {previous.period}: the difference is {between}, all above zero, so the rise is real."
    if value.change == "decrease":
        return f"A decrease since {previous.period}: the difference is {between}, all below zero, so the fall is real."
    return f"No clear change since {previous.period}: the difference could be anything {between}."


def trend(found: Trend | None, higher_is_better: bool, unit: str) -> str:
    """The recent trend over five periods, with the test that found it."""
    if found is None:
        return f"No recent trend is shown: it needs five {unit}s in a row, each with enough respondents."
    p_value = "p < 0.001" if found.p_value < 0.001 else f"p = {found.p_value:.3f}"
    test = f"chi-squared test for trend, {p_value}"
    span = f"{found.periods[0]} to {found.periods[-1]}"
    if found.direction == "no_significant_change":
        return f"No significant trend from {span} ({test})."
    moving = "rising" if found.direction == "increasing" else "falling"
    verdict = "getting better" if found.assessment(higher_is_better) == "getting_better" else "getting worse"
    return f"The share has been {moving} from {span}: {verdict} ({test})."
