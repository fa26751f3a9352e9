"""Periods for the board's figures: the default period, months and quarters, and "12 months before"."""

import calendar
from dataclasses import dataclass
from datetime import date

MONTH = "month"
QUARTER = "quarter"
BY_CHOICES = [(MONTH, "Month"), (QUARTER, "Quarter")]

# Longer periods are shown by quarter: more than this many columns would not fit on a page.
MOST_MONTHS = 24
# The longest period the dashboard shows, in months.
LONGEST_MONTHS = 60


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), moved back to the month's last day when it has fewer days."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier: 12 months before 15 May 2026 is 15 May 2025 (29 February becomes the 28th)."""
    return add_months(day, -months)


def default_period(today: date) -> tuple[date, date]:
    """The last 12 months: from the first day of the month 11 months ago up to today, so there are 12 whole columns."""
    return add_months(month_start(today), -11), today


def months_spanned(start: date, end: date) -> int:
    """How many calendar months the period touches."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def default_by(start: date, end: date) -> str:
    return MONTH if months_spanned(start, end) <= MOST_MONTHS else QUARTER


@dataclass(frozen=True)
class Bucket:
    """One column of a chart over time: a month or a quarter, cut to the period at either end."""

    start: date
    end: date
    label: str  # for tables: "Jun 2025", "Apr to Jun 2025"
    short: str  # for a chart's axis: "Jun 25", "Q2 25"


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def buckets(start: date, end: date, by: str = MONTH) -> list[Bucket]:
    """The months (or quarters) from `start` to `end`, each cut to the period, in order."""
    step = 1 if by == MONTH else 3
    current = month_start(start) if by == MONTH else _quarter_start(start)
    result = []
    while current <= end:
        last = month_end(add_months(current, step - 1))
        if by == MONTH:
            label, short = f"{current:%b %Y}", f"{current:%b %y}"
        else:
            label = f"{current:%b} to {last:%b %Y}"
            short = f"Q{(current.month - 1) // 3 + 1} {current:%y}"
        result.append(Bucket(start=max(current, start), end=min(last, end), label=label, short=short))
        current = add_months(current, step)
    return result


def whole_months(start: date, end: date) -> list[Bucket]:
    """Every calendar month the period touches, in full (for counts that are by calendar month, like fatigue)."""
    result = []
    current = month_start(start)
    while current <= end:
        result.append(Bucket(start=current, end=month_end(current), label=f"{current:%B %Y}", short=f"{current:%b %y}"))
        current = add_months(current, 1)
    return result
