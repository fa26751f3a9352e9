"""An indicator over time as an SVG chart: each period's proportion as a point, its 95% interval as a bar,
and the partnership's proportion as a line when an area is shown. Drawn on the server: no script needed.
"""

from dataclasses import dataclass

from engaging.surveys.statistics import Value

WIDTH, HEIGHT = 600, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48


@dataclass
class Point:
    x: float
    y: float | None
    low: float | None
    high: float | None
    label: str
    text: str


@dataclass
class Chart:
    width: int
    height: int
    points: list[Point]
    benchmark: str  # an SVG polyline's points, or ""
    ticks: list[tuple[float, str]]
    baseline: float
    left: int
    right: int
    label_every: int


def _y(share: float, low_end: float, high_end: float) -> float:
    span = high_end - low_end or 1.0
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - (share - low_end) / span), 1)


def draw(series: list[Value], benchmark: list[Value] | None = None) -> Chart | None:
    """The chart's geometry, scaled to the values shown (rounded out to tens of percent)."""
    if not series:
        return None
    shown = [v for v in series + (benchmark or []) if not v.suppressed]
    low_end = min((v.lower for v in shown), default=0.0)
    high_end = max((v.upper for v in shown), default=1.0)
    low_end, high_end = max(0.0, int(low_end * 10) / 10), min(1.0, (int(high_end * 10) + 1) / 10)
    step = (WIDTH - LEFT - RIGHT) / max(len(series), 1)
    points = []
    for index, value in enumerate(series):
        x = round(LEFT + step * (index + 0.5), 1)
        if value.suppressed:
            points.append(Point(x, None, None, None, value.period, f"{value.period}: too few respondents to show"))
            continue
        points.append(
            Point(
                x,
                _y(value.proportion, low_end, high_end),
                _y(value.lower, low_end, high_end),
                _y(value.upper, low_end, high_end),
                value.period,
                f"{value.period}: {value.proportion:.0%} (95% interval {value.lower:.0%} to {value.upper:.0%})",
            )
        )
    line = ""
    if benchmark:
        line = " ".join(
            f"{points[i].x},{_y(v.proportion, low_end, high_end)}" for i, v in enumerate(benchmark) if not v.suppressed
        )
    ticks = []
    tenth = round(low_end * 10)
    while tenth <= round(high_end * 10):
        ticks.append((_y(tenth / 10, low_end, high_end), f"{tenth * 10}%"))
        tenth += 1
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        benchmark=line,
        ticks=ticks,
        baseline=HEIGHT - BOTTOM,
        left=LEFT,
        right=WIDTH - RIGHT,
        label_every=max(1, len(series) // 8),
    )
