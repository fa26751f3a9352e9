"""A bar chart of one question's answers, drawn on the server as SVG.

Readable without colour (each bar's percentage is written beside it) and described for screen
readers (a title, and a description that reads out every figure). The page shows the same figures
in a table: the chart is a picture of the table, not a substitute. Attributes only, no inline
styles, so the content security policy holds.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

BAR = "#1d4e89"  # 8:1 on white
TEXT = "#0b0c0c"
TRACK = "#f3f2f1"
WIDTH = 320
SIZE = 16
ROW = 52


def _cut(text: str, most: int = 34) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def answers_chart(chart_id: str, title: str, options) -> SafeString:
    """Horizontal bars, one per option, each labelled above with its answer and beside with its percentage."""
    height = ROW * len(options) + 8
    described = "; ".join(f"{o.label}: {o.count} ({o.percent:g}%)" for o in options)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'class="et-question-chart" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(described)}</desc>',
    ]
    plot = WIDTH - 64
    for index, option in enumerate(options):
        y = index * ROW
        width = max(0.0, min(plot, plot * option.percent / 100))
        parts.append(
            f'<text x="0" y="{y + SIZE}" font-size="{SIZE}" fill="{TEXT}" '
            f'font-family="system-ui, Arial, sans-serif">{escape(_cut(option.label))}</text>'
        )
        parts.append(f'<rect x="0" y="{y + 24}" width="{plot}" height="18" fill="{TRACK}"/>')
        parts.append(f'<rect x="0" y="{y + 24}" width="{width:.1f}" height="18" fill="{BAR}"/>')
        parts.append(
            f'<text x="{plot + 6}" y="{y + 39}" font-size="{SIZE}" fill="{TEXT}" '
            f'font-family="system-ui, Arial, sans-serif">{option.percent:g}%</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
