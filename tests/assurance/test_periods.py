"""Periods: the default 12 months, months and quarters cut to the period, and "12 months before"."""

from datetime import date

from engaging.assurance.periods import QUARTER, buckets, default_by, default_period, months_before, whole_months


def test_the_default_period_is_twelve_whole_columns_up_to_today():
    assert default_period(date(2026, 11, 26)) == (date(2025, 12, 1), date(2026, 11, 26))
    assert len(buckets(*default_period(date(2026, 11, 26)))) == 12


def test_twelve_months_before():
    assert months_before(date(2026, 5, 15), 12) == date(2025, 5, 15)
    assert months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)
    assert months_before(date(2025, 3, 31), 1) == date(2025, 2, 28)


def test_months_are_cut_to_the_period():
    months = buckets(date(2025, 1, 15), date(2025, 3, 10))
    assert [(b.start, b.end, b.label) for b in months] == [
        (date(2025, 1, 15), date(2025, 1, 31), "Jan 2025"),
        (date(2025, 2, 1), date(2025, 2, 28), "Feb 2025"),
        (date(2025, 3, 1), date(2025, 3, 10), "Mar 2025"),
    ]


def test_quarters_are_calendar_quarters_cut_to_the_period():
    quarters = buckets(date(2024, 11, 5), date(2025, 4, 30), QUARTER)
    assert [(b.start, b.end, b.short) for b in quarters] == [
        (date(2024, 11, 5), date(2024, 12, 31), "Q4 24"),
        (date(2025, 1, 1), date(2025, 3, 31), "Q1 25"),
        (date(2025, 4, 1), date(2025, 4, 30), "Q2 25"),
    ]
    assert quarters[1].label == "Jan to Mar 2025"


def test_whole_months_are_never_cut():
    assert [(m.start, m.end) for m in whole_months(date(2025, 1, 15), date(2025, 2, 3))] == [
        (date(2025, 1, 1), date(2025, 1, 31)),
        (date(2025, 2, 1), date(2025, 2, 28)),
    ]


def test_periods_over_two_years_are_counted_by_quarter():
    assert default_by(date(2023, 1, 1), date(2024, 12, 31)) == "month"
    assert default_by(date(2023, 1, 1), date(2025, 1, 1)) == "quarter"
