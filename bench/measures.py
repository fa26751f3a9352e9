"""The parts of the benchmark that run inside Django: which pages, their queries, imports, reports."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

ROOT = Path(__file__).resolve().parent.parent
CSRF = "benchmarkcsrfsecretbenchmark0001"  # 32 characters: an unmasked CSRF secret


@dataclass
class Page:
    """A page to measure, and what its answer must show to count as the full page with data."""

    name: str
    path: str
    method: str = "GET"
    body: dict = field(default_factory=dict)
    shows: list[tuple[str, str]] = field(default_factory=list)  # (regular expression, what it proves)


def problem_with(page: Page, response) -> str | None:
    """Why this answer is not the full page with data, or None when it is."""
    if response.status_code != 200:
        return f"{page.method} {page.path} answered {response.status_code}, not 200"
    text = response.content.decode(errors="replace")
    for pattern, meaning in page.shows:
        if not re.search(pattern, text):
            return f"{page.method} {page.path} answered 200 but shows no {meaning}"
    return None


def _ids():
    from django.db.models import Count

    from engaging.board.models import Board
    from engaging.lists.models import Area, Group
    from engaging.register.models import Activity, Status
    from engaging.register.overlaps import Plan, overlapping
    from engaging.reports.models import LocalAccount

    board = Board.objects.select_related("area").order_by("pk").first()
    borough = board.area if board is not None else Area.objects.filter(kind="borough").order_by("pk").first()
    popular = Group.objects.annotate(n=Count("activities")).order_by("-n", "pk").first()
    # An activity being planned that overlaps others: its page has the "before you start" panel and
    # its overlaps, and nothing has been heard at it yet, at every scale (an open activity may or may
    # not have findings, and pages of different shapes would not compare across scales).
    busy = None
    for status in (Status.PLANNED, Status.OPEN):
        for activity in Activity.objects.filter(status=status).order_by("pk")[:50]:
            if overlapping(Plan.of(activity)).exists():
                busy = activity
                break
        if busy is not None:
            break
    busy = busy or Activity.objects.order_by("pk").first()
    account = LocalAccount.objects.filter(board=board, is_published=True).order_by("-year").first() if board else None
    return board, borough, popular, busy, account


LISTED = (r'href="/register/\d+/"', "link to an activity")
OVERLAPS = (r'class="et-overlap"', "overlapping activity")


def key_pages() -> tuple[list[Page], list[str]]:
    """Every page the benchmark measures, with ids taken from this database; and why any cannot be measured.

    Each page must answer 200 with the data that proves it did its work at this scale (an
    activity listed, an overlap found, a highlighted search result…). A page that does not is
    reported, never quietly left out.
    """
    board, borough, group, activity, account = _ids()
    # Planning a new activity like one known to overlap with others, by the same lead organisation.
    plan = {
        "lead_organisation": str(activity.lead_organisation_id),
        "groups": [str(pk) for pk in activity.groups.values_list("pk", flat=True)],
        "areas": [str(pk) for pk in activity.areas.values_list("pk", flat=True)],
        "start_date": activity.start_date.isoformat(),
        "end_date": activity.end_date.isoformat(),
    }
    pages = [
        Page(
            "register list, filtered",
            f"/register/?type=consultation&group={group.pk}&area={borough.pk}&active=on&sort=-start",
            shows=[LISTED],
        ),
        Page("activity with overlaps", f"/register/{activity.pk}/", shows=[OVERLAPS]),
        Page(
            "overlap check while planning",
            "/joining-up/overlaps/",
            method="POST",
            body=plan,
            shows=[OVERLAPS],
        ),
        Page(
            "your work",
            "/register/your-work/",
            shows=[
                ('href="/register/new/"', "plan an activity button"),
                ("What needs doing, most urgent first", "task to do"),
                LISTED,
            ],
        ),
        Page("fatigue view", f"/joining-up/?area={borough.pk}", shows=[(r'href="/register/\?group=', "month counted")]),
        Page("insight search", "/insight/?q=gp+appointments", shows=[("<mark>", "highlighted search result")]),
        Page("you said, we did", "/you-said-we-did/", shows=[(r'id="response-\d+"', "response")]),
        Page(
            "API activities, filtered",
            f"/api/v1/activities?type=consultation&group={group.pk}&limit=50",
            shows=[(r'"count":\s*[1-9]', "activity counted")],
        ),
    ]
    problems = []
    if board is None:
        problems.append("there is no board, so the assurance dashboard and the Local Account cannot be measured")
    else:
        name = re.escape(html.escape(board.name))
        pages.append(
            Page(
                "assurance dashboard",
                f"/assurance/?board={board.pk}",
                shows=[(name, "name of the board"), ("<svg", "chart")],
            )
        )
        if account is None:
            problems.append(f"{board.name} has no published Local Account to measure")
        else:
            pages.append(
                Page(
                    "local account",
                    f"/local-account/{account.year}/?board={board.pk}",
                    shows=[(name, "name of the board"), (r'et-figures__number">[1-9]', "activity counted")],
                )
            )
    client = _client()
    available = []
    for page in pages:
        problem = problem_with(page, _request(client, page))
        if problem is None:
            available.append(page)
        else:
            problems.append(f"{page.name}: {problem}")
            print(f"  FAILED {page.name}: {problem}", flush=True)
    return available, problems


def _client() -> Client:
    # A page that fails answers 500 here as it would to a browser, to be reported with the rest.
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="bench-coordinator"))
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF
    return client


def _request(client: Client, page: Page):
    if page.method == "POST":
        return client.post(page.path, page.body, HTTP_X_CSRFTOKEN=CSRF)
    return client.get(page.path)


def session_cookie(username: str) -> str:
    client = _client()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF}"


def query_counts(pages: list[Page]) -> dict[str, int]:
    """The queries each page makes to work out what it shows: with nothing kept from an earlier request."""
    client = _client()
    counts = {}
    with override_settings(KEEP_PAGES=False):
        for page in pages:
            _request(client, page)  # warm caches that are filled once per process
            with CaptureQueriesContext(connection) as captured:
                _request(client, page)
            counts[page.name] = len(captured)
    with CaptureQueriesContext(connection) as captured:
        Client(HTTP_HOST="127.0.0.1").get("/health/")
    counts["floor"] = len(captured)
    return counts


def fresh_times(pages: list[Page], repeat: int = 5) -> dict[str, float]:
    """Milliseconds for one request in this process, the median of `repeat`, with nothing kept from an
    earlier request: what the first visitor after a change waits for, without the load of others."""
    client = _client()
    times = {}
    with override_settings(KEEP_PAGES=False):
        for page in pages:
            _request(client, page)
            taken = []
            for _ in range(repeat):
                started = time.perf_counter()
                _request(client, page)
                taken.append((time.perf_counter() - started) * 1000)
            times[page.name] = sorted(taken)[len(taken) // 2]
    return times


def query_counts_at_tiny_scale(env: dict) -> tuple[dict[str, int], list[str]]:
    """The same pages' query counts on the tiny scale of the same database, in a process of its own; and
    any page that failed there. `env` points DATABASE_URL at a tiny database already filled."""
    code = (
        "import json; from bench import measures; pages, problems = measures.key_pages(); "
        "print('COUNTS ' + json.dumps({'counts': measures.query_counts(pages), 'problems': problems}))"
    )
    output = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-v0", "-c", code],
        env=env, check=True, cwd=ROOT, text=True, capture_output=True,
    ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("COUNTS "))
    found = json.loads(line[len("COUNTS ") :])
    return found["counts"], [f"at the tiny scale, {problem}" for problem in found["problems"]]


def import_throughput(rows: int) -> dict:
    """Check and import a spreadsheet of `rows` activities, then roll it back: rows per second."""
    from engaging.lists.models import Area, Group, Priority
    from engaging.register import spreadsheets
    from engaging.register.models import Activity

    lead = Activity.objects.values_list("lead_organisation__name", flat=True).first()
    groups = list(Group.objects.values_list("name", flat=True)[:3])
    areas = list(Area.objects.filter(kind="ward").values_list("name", flat=True)[:2])
    priority = Priority.objects.values_list("name", flat=True).first()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["title", "summary", "purpose", "lead_organisation", "type", "level", "start_date", "end_date",
                     "groups", "areas", "priorities", "participants_target", "cost"])  # fmt: skip
    for n in range(rows):
        writer.writerow([
            f"Imported activity {n}", "Tell us what you think about local services.", "Informs the annual plan.",
            lead, "consultation", "consult", f"2027-{n % 12 + 1:02d}-{n % 28 + 1:02d}", "", "; ".join(groups),
            "; ".join(areas), priority, "40", "150.00",
        ])  # fmt: skip
    data = buffer.getvalue().encode()
    user = get_user_model().objects.get(username="bench-coordinator")
    saved = settings.IMPORT_MAX_BYTES
    settings.IMPORT_MAX_BYTES = max(saved, len(data) + 1)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            result = spreadsheets.import_activities(data=data, filename="bench.csv", user=user)
            seconds = time.perf_counter() - started
            transaction.set_rollback(True)
    finally:
        settings.IMPORT_MAX_BYTES = saved
        _tidy_after_rollback()
    if not result.ok:
        return {"rows": rows, "error": [str(p) for p in result.problems[:3]]}
    return {"rows": rows, "bytes": len(data), "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}


def _tidy_after_rollback() -> None:
    """Leave the kept data as it was made: PostgreSQL keeps a rolled-back import's rows (dead, but read
    by every scan and index lookup) until a vacuum, which autovacuum may not reach before the next run."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def local_account_pdf() -> dict:
    """Seconds to write the PDF of the first board's latest published Local Account.

    The figures it prints are gathered first, outside the timing (they are timed on their own),
    so the PDF's time is WeasyPrint's alone.
    """
    from engaging.reports import local_account, pdf
    from engaging.reports.models import LocalAccount

    account = (
        LocalAccount.objects.filter(board__isnull=False, is_published=True)
        .select_related("board")
        .order_by("board_id", "-year")
        .first()
    )
    if account is None:
        raise LookupError("no board has a published Local Account, so its PDF cannot be timed")
    started = time.perf_counter()
    figures = local_account.gather(account.year, account.board)
    gathered = time.perf_counter() - started
    started = time.perf_counter()
    document = pdf.local_account_pdf(account, figures)
    written = time.perf_counter() - started
    if not document.startswith(b"%PDF"):
        raise ValueError("the Local Account PDF is not a PDF")
    return {
        "board": account.board.name,
        "year": account.year,
        "activities": figures.activity_count,
        "figures_seconds": round(gathered, 2),
        "pdf_seconds": round(written, 2),
        "bytes": len(document),
    }


def add_ratios(results: dict) -> None:
    """Each page's requests per second as a share of the floor's: of the floor measured just before it (its
    ratio) and of the floor measured at the start of the run."""
    floor = results["floor"]
    for row in results.values():
        for clients in (1, 8):
            figures = row[f"c{clients}"]
            first = floor[f"c{clients}"]["rps"]
            beside = figures.get("floor_beside_rps", first)
            figures["ratio_to_floor"] = figures["rps"] / beside if beside else 0
            figures["ratio_to_first_floor"] = figures["rps"] / first if first else 0


def table(report: dict) -> str:
    lines = [
        f"{report['database']} · {report['scale']} · {report['machine']['cores']} cores · {report['taken']}",
        "",
        f"{'page':34} {'c':>2} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'floor/s':>8} {'×floor':>7} "
        f"{'×first':>7} {'queries':>8} {'fresh ms':>8}",
    ]
    for name, row in report["pages"].items():
        for clients in (1, 8):
            f = row[f"c{clients}"]
            queries = f"{row['queries']}/{row['queries_tiny']}" if clients == 1 else ""
            fresh = f"{row['fresh_ms']:8.1f}" if clients == 1 and row.get("fresh_ms") is not None else ""
            lines.append(
                f"{name[:34]:34} {clients:>2} {f['p50']:8.1f} {f['p95']:8.1f} {f['p99']:8.1f} {f['rps']:8.1f} "
                f"{f.get('floor_beside_rps', f['rps']):8.1f} {f['ratio_to_floor']:7.2f} "
                f"{f.get('ratio_to_first_floor', 1.0):7.2f} {queries:>8} {fresh:>8}"
            )
    imported = report["import"]
    if "rows_per_second" in imported:
        lines.append(
            f"\nimport: {imported['rows']:,} rows in {imported['seconds']} s = {imported['rows_per_second']:,} rows/s"
        )
    else:
        lines.append(f"\nimport: failed: {imported.get('error')}")
    pdf = report["local_account_pdf"]
    if pdf:
        lines.append(
            f"Local Account PDF ({pdf['board']}, {pdf['year']}, {pdf['activities']:,} activities): "
            f"{pdf['pdf_seconds']} s to write, after {pdf['figures_seconds']} s gathering its figures"
        )
    lines.append(
        "floor/s: the floor measured just before the page, at the same number of clients; ×floor is the page's "
        "requests per second over it, ×first over the floor measured at the start of the run"
    )
    lines.append("queries shown as this scale/tiny scale: they must be equal")
    lines.append(
        "queries and fresh ms: a page's own work with nothing kept from earlier requests (fresh ms: one request "
        "in-process, the median of 5); the load figures are served as the hub serves them, with kept parts"
    )
    if report["failures"]:
        lines.append(f"\nFAILED: {len(report['failures'])} problem(s), so these figures are incomplete:")
        lines += [f"  - {failure}" for failure in report["failures"]]
    return "\n".join(lines)
