"""Charts drawn on the server as SVG, readable without colour and described for screen readers.

Each function returns the markup of one `<svg role="img">` with a `<title>` and a `<desc>` (which
reads out the figures), values written beside the bars, and series told apart by pattern and
marker shape as well as colour. Colours and text meet WCAG AA contrast on white. Pages always show
the same figures in a table beside the chart; the chart is a picture of the table, not a substitute.

Styling is by SVG attributes only, so the site's content security policy (no inline styles) holds.
Other parts of the hub (the Local Account) may use these functions as they are.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

TEXT = "#0b0c0c"  # 19:1 on white
GRID = "#6f777b"  # 4.6:1 on white, for axes
FAINT = "#b1b4b6"  # gridlines only: decoration, not information
WHITE = "#ffffff"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
# Each at least 4.5:1 against white, and each paired with its own pattern.
PALETTE = ("#1d4e89", "#00703c", "#4c2c92", "#942514", "#505a5f", "#7a4a00", "#8c1c5c", "#005f5f")
PATTERNS = ("solid", "diagonal", "dots", "crosshatch", "horizontal", "vertical", "backslash", "grid")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "circle", "square", "triangle")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3")
# Drawn narrow with large text, because SVG text scales with the picture: a chart 320 units wide shown
# across a 375-pixel phone (about 345 pixels) or in a third of a desktop page (about 300 pixels) keeps
# every word at 16 pixels or more. Stylesheets keep a chart from growing much wider than that.
WIDTH = 320
SIZE = 18  # every piece of text, in the picture's units
CHAR = 0.6  # the width of an average character, as a share of the font size (generous, so text fits)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""  # what to write beside the bar; the value itself when blank
    weight: float = 0  # how much the bar stands for (a rate's denominator), for choosing which bars to show


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _fit(text: str, width: float, size: float) -> str:
    """Shorten text with an ellipsis to fit `width` pixels at font `size`; tables carry the full text."""
    most = max(3, int(width / (size * CHAR)))
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _wrap(text: str, width: float, size: float, lines: int = 2) -> list[str]:
    """Break text into at most `lines` lines that fit `width` pixels, the last shortened if it must be."""
    words, result, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if len(trial) * size * CHAR <= width or not current:
            current = trial
        else:
            result.append(current)
            current = word
    result.append(current)
    if len(result) > lines:
        result = [*result[: lines - 1], " ".join(result[lines - 1 :])]
    return [_fit(line, width, size) for line in result]


def _nice_max(value: float) -> float:
    """The top of an axis with four equal steps of a round size (1, 2, 5, 10, 20, 50…), at or above `value`."""
    if value <= 0:
        return 4
    step = 1
    while 4 * step < value:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2  # 1, 2, 5, 10, 20, 50, …
    return 4 * step


def _pattern(pattern_id: str, index: int) -> str:
    colour, kind = PALETTE[index % len(PALETTE)], PATTERNS[index % len(PATTERNS)]
    marks = {
        "solid": "",
        "diagonal": f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{WHITE}" stroke-width="1.5"/>',
        "dots": f'<circle cx="4" cy="4" r="1.6" fill="{WHITE}"/>',
        "crosshatch": f'<path d="M0,0 L8,8 M8,0 L0,8" stroke="{WHITE}" stroke-width="1.2"/>',
        "horizontal": f'<path d="M0,4 H8" stroke="{WHITE}" stroke-width="1.5"/>',
        "vertical": f'<path d="M4,0 V8" stroke="{WHITE}" stroke-width="1.5"/>',
        "backslash": f'<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="{WHITE}" stroke-width="1.5"/>',
        "grid": f'<path d="M0,4 H8 M4,0 V8" stroke="{WHITE}" stroke-width="1"/>',
    }[kind]
    return (
        f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>'
    )


def _open(chart_id: str, title: str, description: str, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" focusable="false" class="et-chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" font-family="{escape(FONT)}" font-size="{SIZE}" '
        f'fill="{TEXT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="{WHITE}"/>'
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = SIZE, bold: bool = False) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{TEXT}"{weight}>'
        f"{escape(text)}</text>"
    )


def describe_values(pairs: Sequence[tuple[str, str]], *, most: int = 12) -> str:
    """ "A 3, B 5 and C 1": the figures in words, for a chart's description."""
    parts = [f"{label} {value}" for label, value in pairs[:most]]
    more = f", and {len(pairs) - most} more in the table" if len(pairs) > most else ""
    if len(parts) > 1 and not more:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return ", ".join(parts) + more


def bar_chart(
    *, chart_id: str, title: str, description: str, bars: Sequence[Bar], max_value: float | None = None
) -> SafeString:
    """Horizontal bars, each with its label on the line above it (on two lines if need be) and its value at its end.

    Labels sit above their bars rather than beside them so that, drawn narrow, the text can stay large.
    Without `max_value` the longest bar fills the width left for the bar and its value.
    """
    left, bar_height, top, gap = 4, 20, 6, 12
    line = SIZE + 3
    labels = [_wrap(bar.label, WIDTH - 2 * left, SIZE) for bar in bars]
    values = [bar.text or _fmt(bar.value) for bar in bars]
    widest_value = max((len(text) * SIZE * CHAR for text in values), default=0)
    plot = max(WIDTH / 3, WIDTH - 2 * left - widest_value - 8)
    top_value = max_value if max_value is not None else max((b.value for b in bars), default=0)
    y = top
    parts = [f"<defs>{_pattern(f'{chart_id}-p0', 0)}</defs>"]
    if not bars:
        parts.append(_text(left, top + SIZE, "Nothing to show for this period"))
        y += SIZE + gap
    for bar, lines, value in zip(bars, labels, values, strict=True):
        spans = "".join(
            f'<tspan x="{left}" y="{y + SIZE + n * line:.1f}">{escape(text)}</tspan>' for n, text in enumerate(lines)
        )
        parts.append(f'<text font-size="{SIZE}" fill="{TEXT}">{spans}</text>')
        y += len(lines) * line + 4
        length = 0 if not top_value else max(0.0, min(1.0, bar.value / top_value)) * plot
        parts.append(
            f'<rect x="{left}" y="{y:.1f}" width="{length:.1f}" height="{bar_height}" '
            f'fill="url(#{chart_id}-p0)" stroke="{PALETTE[0]}"/>'
        )
        parts.append(f'<line x1="{left}" y1="{y - 2:.1f}" x2="{left}" y2="{y + bar_height + 2:.1f}" stroke="{GRID}"/>')
        parts.append(_text(left + length + 6, y + bar_height / 2 + SIZE * 0.35, value, bold=True))
        y += bar_height + gap
    height = y + 2
    parts.append("</svg>")
    return mark_safe(_open(chart_id, title, description, height) + "".join(parts))


def _legend(chart_id: str, names: Sequence[str], y: float, *, lines: bool = False) -> tuple[str, float]:
    """Swatches (or line samples) with names, wrapped onto as many rows as needed; returns markup and height."""
    parts, x, row = [], 10.0, 0
    for i, name in enumerate(names):
        width = 28 + len(name) * SIZE * CHAR + 18
        if x + width > WIDTH - 10 and x > 10:
            x, row = 10.0, row + 1
        top = y + row * (SIZE + 10)
        if lines:
            parts.append(_line_sample(x, top + 8, i))
        else:
            parts.append(
                f'<rect x="{x:.1f}" y="{top}" width="18" height="18" fill="url(#{chart_id}-p{i})" '
                f'stroke="{TEXT}" stroke-width="0.5"/>'
            )
        parts.append(_text(x + 24, top + SIZE * 0.85, name))
        x += width
    return "".join(parts), (row + 1) * (SIZE + 10)


def _axis(left: float, top: float, plot_w: float, plot_h: float, top_value: float) -> str:
    parts = []
    for i in range(5):
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        colour = GRID if i == 0 else FAINT
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{colour}" stroke-width="1"/>'
        )
        parts.append(_text(left - 6, y + SIZE * 0.35, _fmt(value), anchor="end"))
    return "".join(parts)


def _x_labels(labels: Sequence[str], left: float, step: float, y: float) -> str:
    every = max(1, math.ceil(max((len(s) for s in labels), default=1) * SIZE * CHAR / max(step, 1) * 1.2))
    return "".join(
        _text(left + step * (i + 0.5), y, label, anchor="middle") for i, label in enumerate(labels) if i % every == 0
    )


def stacked_bar_chart(
    *, chart_id: str, title: str, description: str, categories: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """Columns for each category (a month or quarter), stacked by series, with each column's total above it."""
    left, top, plot_w, plot_h = 48, 28, WIDTH - 56, 220
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    top_value = _nice_max(max(totals, default=0))
    step = plot_w / max(len(categories), 1)
    column = step * 0.7
    legend, legend_height = _legend(chart_id, [s.name for s in series], top + plot_h + 38)
    height = top + plot_h + 38 + legend_height + 6
    defs = "".join(_pattern(f"{chart_id}-p{i}", i) for i in range(len(series)))
    parts = [
        _open(chart_id, title, description, height),
        f"<defs>{defs}</defs>",
        _axis(left, top, plot_w, plot_h, top_value),
    ]
    for i, total in enumerate(totals):
        x = left + step * i + (step - column) / 2
        base: float = top + plot_h
        for j, s in enumerate(series):
            value = s.values[i]
            if not value:
                continue
            h = plot_h * value / top_value
            base -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{column:.1f}" height="{h:.1f}" '
                f'fill="url(#{chart_id}-p{j})" stroke="{WHITE}" stroke-width="1"/>'
            )
        # A total is written only where it fits above its column; the table beside the chart has every one.
        if total and len(_fmt(total)) * SIZE * CHAR <= step + 2:
            parts.append(_text(x + column / 2, base - 5, _fmt(total), anchor="middle", bold=True))
    parts.append(_x_labels(categories, left, step, top + plot_h + 24))
    parts.append(legend)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _marker(x: float, y: float, index: int) -> str:
    colour, kind = PALETTE[index % len(PALETTE)], MARKERS[index % len(MARKERS)]
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 4:.1f} L{x - 5:.1f},{y + 4:.1f} Z" fill="{colour}"/>'
    if kind == "diamond":
        points = f"M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} L{x - 5:.1f},{y:.1f} Z"
        return f'<path d="{points}" fill="{colour}"/>'
    strokes = f"M{x - 4:.1f},{y - 4:.1f} L{x + 4:.1f},{y + 4:.1f} M{x + 4:.1f},{y - 4:.1f} L{x - 4:.1f},{y + 4:.1f}"
    return f'<path d="{strokes}" stroke="{colour}" stroke-width="2.5"/>'


def _line_sample(x: float, y: float, index: int) -> str:
    colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<line x1="{x}" y1="{y}" x2="{x + 18}" y2="{y}" stroke="{colour}" stroke-width="2.5"{dashes}/>' + _marker(
        x + 9, y, index
    )


def line_chart(
    *, chart_id: str, title: str, description: str, categories: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """One line per series over the categories, with a distinct marker and dash for each and its last value written."""
    left, top, plot_w, plot_h = 48, 28, WIDTH - 96, 220
    top_value = _nice_max(max((v for s in series for v in s.values), default=0))
    step = plot_w / max(len(categories), 1)
    legend, legend_height = _legend(chart_id, [s.name for s in series], top + plot_h + 38, lines=True)
    height = top + plot_h + 38 + legend_height + 6
    parts = [_open(chart_id, title, description, height), _axis(left, top, plot_w, plot_h, top_value)]
    ends: list[tuple[float, float, str]] = []
    for j, s in enumerate(series):
        points = [
            (left + step * (i + 0.5), top + plot_h - plot_h * value / top_value) for i, value in enumerate(s.values)
        ]
        if not points:
            continue
        colour, dash = PALETTE[j % len(PALETTE)], DASHES[j % len(DASHES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))
        parts.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dashes}/>')
        parts.extend(_marker(x, y, j) for x, y in points)
        ends.append((points[-1][0] + 8, points[-1][1] + 4, _fmt(s.values[-1])))
    placed: list[float] = []
    for x, y, text in sorted(ends, key=lambda end: end[1]):
        # Labels of lines that end close together are moved apart, so each stays readable.
        y = max(y, placed[-1] + SIZE + 1) if placed else y
        placed.append(y)
        parts.append(_text(x, y, text, bold=True))
    parts.append(_x_labels(categories, left, step, top + plot_h + 24))
    parts.append(legend)
    parts.append("</svg>")
    return mark_safe("".join(parts))
