"""The assurance dashboard: the board's figures for a period and place, each as a chart beside its table."""

import re
from datetime import date

from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from engaging.accounts.access import permission_required
from engaging.accounts.models import Organisation
from engaging.assurance import charts, figures, refreshing, stored
from engaging.assurance.attention import needs_attention
from engaging.assurance.charts import Bar, Series, describe_values
from engaging.assurance.forms import DashboardForm
from engaging.assurance.periods import MONTH, default_period
from engaging.assurance.views.access import HOME, board_crumb
from engaging.board.models import Board
from engaging.core import cache
from engaging.core.kept import Piece, render_page
from engaging.loop import closure
from engaging.surveys import board as surveys_board

# Charts show at most this many bars, the largest; their tables beside them list every row.
MOST_BARS = 15
# The month-by-month table of organisations lists the busiest this many; each evidence page has its own.
MOST_ORGANISATIONS_BY_MONTH = 10


def _percent(value: float | None) -> str:
    return "no figure" if value is None else f"{round(value * 100)}%"


def _bars(chart_id: str, title: str, bars: list[Bar], *, max_value: float | None = None, size=None, total=None):
    """A bar chart of the largest bars (by `size`, or as given) and then any `total`, saying when some are left out."""
    shown = sorted(bars, key=size, reverse=True)[:MOST_BARS] if size else bars[:MOST_BARS]
    if len(shown) < len(bars):
        title = f"{title}: the {len(shown)} largest of {len(bars)}"
    if total is not None:
        shown = [*shown, total]
    description = (
        describe_values([(b.label, b.text or f"{b.value:,.0f}") for b in shown])
        if shown
        else "Nothing to show for this period."
    )
    return charts.bar_chart(
        chart_id=chart_id, title=title, description=f"Bar chart. {description}", bars=shown, max_value=max_value
    )


def _over_time(chart_id: str, title: str, over_time: figures.OverTime, *, kind: str, by: str):
    shown = [row for row in over_time.rows if row.total.value]
    categories = [b.short for b in over_time.buckets]
    series = [Series(row.label, [c.value for c in row.cells]) for row in shown]
    totals = ", ".join(f"{row.label} {row.total.value:,}" for row in shown) or "no activities"
    description = (
        f"{'Stacked bar' if kind == 'stacked' else 'Line'} chart of activities in each {by}, "
        f"from {over_time.buckets[0].label} to {over_time.buckets[-1].label}. Totals for the period: {totals}."
    )
    draw = charts.stacked_bar_chart if kind == "stacked" else charts.line_chart
    return draw(chart_id=chart_id, title=title, description=description, categories=categories, series=series)


def charts_for(board: figures.Dashboard) -> dict:
    """Every chart on the dashboard, drawn from the same figures as its table (organisations by short name)."""
    short = dict(Organisation.objects.exclude(short_name="").values_list("name", "short_name"))

    def name(full: str) -> str:
        return short.get(full, full)

    def ratings(rows: list[figures.Ratings]) -> list[Bar]:
        return [
            Bar(name(r.label), r.overall, f"{r.overall:.1f} from {r.responses:,}", weight=r.responses)
            for r in rows
            if r.overall is not None
        ]

    def loop_bar(rate) -> Bar:
        return Bar(
            name(rate.organisation), (rate.rate or 0) * 100, f"{_percent(rate.rate)} of {rate.counted}", rate.counted
        )

    def completion_bar(c: figures.Completion) -> Bar:
        return Bar(name(c.organisation), (c.rate or 0) * 100, f"{_percent(c.rate)} of {c.finished}", c.finished)

    by_weight = lambda bar: bar.weight  # noqa: E731
    seldom = board.seldom_heard
    return {
        "organisations": _bars(
            "chart-organisations",
            "Activities by organisation, whole period",
            [Bar(name(row.label), row.total.value) for row in board.by_organisation.rows],
        ),
        "types": _over_time(
            "chart-types", "Activities by type over time", board.by_type, kind="stacked", by=board.scope.by
        ),
        "levels": _over_time(
            "chart-levels", "Activities by level of influence over time", board.by_level, kind="line", by=board.scope.by
        ),
        "coverage": _bars(
            "chart-coverage",
            "Activities for each priority in the last 12 months",
            [
                Bar(c.priority, c.last_12_months.value, "0: flagged" if c.flagged else f"{c.last_12_months.value:,}")
                for c in board.coverage
            ],
        ),
        "seldom": _bars(
            "chart-seldom",
            "People from seldom-heard groups who took part",
            [
                Bar(g.name, r.participants, f"{r.participants:,} people")
                for g, r in zip(seldom.groups, seldom.totals, strict=True)
            ],
            size=lambda bar: bar.value,
        ),
        "loop": _bars(
            "chart-loop",
            "Loop-closure rate by organisation",
            [loop_bar(r.rate) for r in board.loop if r.rate.counted and r.rate.organisation_id],
            max_value=100,
            size=by_weight,
            total=next((loop_bar(r.rate) for r in board.loop if r.rate.counted and not r.rate.organisation_id), None),
        ),
        "evaluation": _bars(
            "chart-evaluation",
            "Evaluation completion by organisation",
            [completion_bar(c) for c in board.evaluation if c.finished and c.organisation_id],
            max_value=100,
            size=by_weight,
            total=next((completion_bar(c) for c in board.evaluation if c.finished and not c.organisation_id), None),
        ),
        "overdue": _bars(
            "chart-overdue",
            "Overdue screening actions by organisation",
            [Bar(name(organisation), n) for organisation, n in board.overdue.by_organisation],
        ),
        "hotspots": _bars(
            "chart-hotspots",
            "Busiest groups and months",
            [Bar(f"{h.group}, {h.month.short}", h.activities) for h in board.hotspots],
        ),
        "ratings_organisation": _bars(
            "chart-ratings-organisation",
            "Participants' mean rating out of 5, by organisation",
            ratings(board.ratings_by_organisation),
            max_value=5,
            size=by_weight,
        ),
        "ratings_method": _bars(
            "chart-ratings-method",
            "Participants' mean rating out of 5, by method",
            ratings(board.ratings_by_method),
            max_value=5,
            size=by_weight,
        ),
    }


def _figures_page(form: DashboardForm, today: date) -> bytes:
    """The page's content for valid choices: its title, the form, then every figure with its chart and table."""
    choices = form.choices()
    form.show(**{"from": choices["start"], "to": choices["end"], "board": choices["board"], "by": choices["by"]})
    scope = figures.Scope(today=today, **choices)
    board = figures.dashboard(scope)
    attention, checked = needs_attention(board)
    context = {
        "attention": attention,
        "checked": checked,
        "form": form,
        "board": board,
        "scope": scope,
        "charts": charts_for(board),
        "type_table": [
            (bucket, cells, total)
            for (bucket, cells), total in zip(board.by_type.by_bucket(), board.totals.cells, strict=True)
        ],
        "seldom_totals": list(zip(board.seldom_heard.groups, board.seldom_heard.totals, strict=True)),
        "busiest": board.by_organisation.rows[:MOST_ORGANISATIONS_BY_MONTH],
        "coverage_since": figures.coverage_window(scope)[0],
        "loop_weeks": closure.window().days // 7,
        "surveys": surveys_board.for_the_board(),
    }
    # Rendered without the request: the same content goes to everyone who asks, so nothing of theirs may be in it.
    return render_to_string("assurance/_dashboard.html", context).encode()


# The key of a stored view (engaging/assurance/stored.py): a board's dashboard for the last 12 months, all its area.
STORED = "board={}"
# A board's id in a stored view's key: digits, and no more than any id could have.
BOARD_ID = re.compile(r"\d{0,18}")


def stored_page(key: str, today: date) -> bytes | None:
    """The content of a stored view (`STORED`), worked out for `today`; None when its board is gone."""
    board = key.removeprefix("board=")
    form = DashboardForm({"board": board} if board else {}, today=today)
    return _figures_page(form, today) if form.is_valid() else None


def _stored_key(request, form: DashboardForm | None) -> str | None:
    """The key of the stored view the address asks for, if it is one: a board (the first when none is named), the
    last 12 months, all of its area, counted by month. Without `form`, from the address alone: only a board may be
    named, and it is not checked."""
    if form is None:
        board = request.GET.get("board", "")
        others = any(request.GET.get(name) for name in DashboardForm.FIELDS if name != "board")
        if others or set(request.GET) - set(DashboardForm.FIELDS) or not BOARD_ID.fullmatch(board):
            return None
        if not board:  # the first board, as the form chooses it
            board = Board.objects.values_list("pk", flat=True).first() or ""
        return STORED.format(board)
    choices = form.choices()
    start, end = default_period(today=form.today)
    if (choices["start"], choices["end"], choices["area"]) != (start, end, None) or choices["by"] != MONTH:
        return None
    return STORED.format(choices["board"].pk if choices["board"] else "")


@permission_required("assurance.view_dashboard")
@require_safe
def dashboard(request):
    """The figures for the choices in the address: a board's last 12 months as stored, others kept until a counted
    record changes. Choices that are not valid are refused with a 400, saying what to correct."""
    today = date.today()
    key = _stored_key(request, None)
    found = stored.read("dashboard", key, today, request=request) if key else None
    form = None
    if found is None:
        form = DashboardForm(request.GET, today=today)
        if form.is_valid():
            key = _stored_key(request, form)
            found = stored.figures("dashboard", key, today=today, request=request) if key else None
    if found is not None:
        if not found.up_to_date:
            refreshing.queue_refresh()
        content = Piece(found.as_at().encode() + found.content)
    elif form.is_valid():
        asked = [request.GET.get(name, "") for name in DashboardForm.FIELDS]
        content = cache.cached("dashboard", [today, *asked], lambda: Piece(_figures_page(form, today)), request=request)
    else:
        content = None
    context = {
        "content": content,  # rendered by our own template, which escapes what it shows
        "form": form if content is None else None,
        "crumbs": [HOME, board_crumb(), ("Assurance dashboard", None)],
    }
    status = 400 if content is None else 200
    return render_page(request, "assurance/dashboard.html", context, status=status, params=DashboardForm.FIELDS)
