"""Accessible bar charts drawn as SVG on the server, for the web page and the PDF alike.

Each chart is an image with a text alternative that states every figure, labels every bar
directly (so no figure depends on colour), and is always shown beside a table of the same figures.
"""

from dataclasses import dataclass
from itertools import count

from django.utils.html import escape

BRAND = "#1d4e89"
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"

SINGULAR = {"activities": "activity", "people": "person", "findings": "finding"}

# Labels longer than this go above their bars rather than beside them.
SIDE_LABEL_LIMIT = 24

_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def describe(title: str, bars: list[Bar], unit: str) -> str:
    """The chart in words, figure by figure, for people who cannot see it."""
    if not bars:
        return f"{title}: nothing to show."
    one = SINGULAR.get(unit, unit)
    figures = "; ".join(f"{bar.label}: {bar.value:,} {one if bar.value == 1 else unit}" for bar in bars)
    return f"{title}. {figures}."


def bar_chart(title: str, bars: list[Bar], *, unit: str = "activities", width: int = 640) -> str:
    """A horizontal bar chart, one labelled bar per row, as an SVG string.

    Short labels sit to the left of their bars; when any label is long, every label sits above
    its bar instead, so that no label is ever cut short.
    """
    chart_id = f"chart-{next(_ids)}"
    stacked = any(len(bar.label) > SIDE_LABEL_LIMIT for bar in bars)
    row, top, value_room = (58, 4, 70) if stacked else (38, 8, 70)
    label_width = 0 if stacked else 240
    height = top * 2 + row * max(len(bars), 1)
    plot = width - label_width - value_room
    largest = max((bar.value for bar in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="et-chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-title" font-family="{FONT}" font-size="16">',
        f'<title id="{chart_id}-title">{escape(describe(title, bars, unit))}</title>',
    ]
    if not stacked:
        parts.append(
            f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{height - top + 4}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
    for index, bar in enumerate(bars):
        y = top + index * row
        length = round(plot * bar.value / largest, 1)
        if stacked:
            label_y, bar_y, bar_height = y + 18, y + 26, 24
            parts.append(f'<text x="0" y="{label_y}" fill="{TEXT}">{escape(bar.label)}</text>')
        else:
            label_y, bar_y, bar_height = y + row / 2, y + 7, row - 14
            parts.append(
                f'<text x="{label_width - 10}" y="{label_y}" text-anchor="end" dominant-baseline="middle" '
                f'fill="{TEXT}">{escape(bar.label)}</text>'
            )
        if bar.value:
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{max(length, 2)}" height="{bar_height}" fill="{BRAND}"/>'
            )
        parts.append(
            f'<text x="{label_width + length + 8}" y="{bar_y + bar_height / 2}" dominant-baseline="middle" '
            f'fill="{TEXT}" font-weight="bold">{bar.value:,}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
