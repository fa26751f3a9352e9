"""The parts of the benchmark that run inside Django: which pages answer with their data, their queries and
one request's time with nothing kept, imports and the Local Account's PDF."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from bench.pages import USERNAMES, Page, all_pages, not_measured

ROOT = Path(__file__).resolve().parent.parent
CSRF = "benchmarkcsrfsecretbenchmark0001"  # 32 characters: an unmasked CSRF secret


def problem_with(page: Page, response) -> str | None:
    """Why this answer is not the full page with data, or None when it is."""
    if response.status_code != 200:
        return f"{page.method} {page.path} answered {response.status_code}, not 200"
    text = response.content.decode(errors="replace")
    for pattern, meaning in page.shows:
        if not re.search(pattern, text):
            return f"{page.method} {page.path} answered 200 but shows no {meaning}"
    return None


def key_pages(only: str | None = None) -> tuple[list[Page], list[str]]:
    """Every page to measure (those whose name or path holds `only`, or any of its alternatives separated by
    "|", if given), each answering 200 with its data; and why any cannot be measured. A page that does not show
    its data is reported, never left out quietly."""
    table, problems = all_pages()
    problems += not_measured(table)
    if only:
        wanted = [text for text in only.split("|") if text]
        table = [
            page for page in table if any(text.lower() in page.name.lower() or text in page.path for text in wanted)
        ]
    available = []
    for page in table:
        problem = problem_with(page, _request(_client(page.role), page))
        if problem is None:
            available.append(page)
        else:
            problems.append(f"{page.name} ({page.role}): {problem}")
            print(f"  FAILED {page.name}: {problem}", flush=True)
    return available, problems


_clients: dict[str, Client] = {}


def _client(role: str) -> Client:
    """A client signed in as the role's person (or no one, for a resident), kept for the process."""
    if role not in _clients:
        # A page that fails answers 500 here as it would to a browser, to be reported with the rest.
        client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
        username = USERNAMES[role]
        if username is not None:
            client.force_login(get_user_model().objects.get(username=username))
        client.cookies[settings.CSRF_COOKIE_NAME] = CSRF
        _clients[role] = client
    return _clients[role]


def _request(client: Client, page: Page):
    if page.method == "POST":
        return client.post(page.path, page.body, HTTP_X_CSRFTOKEN=CSRF)
    return client.get(page.path)


def session_cookies() -> dict[str, str]:
    """The Cookie header each role's requests carry: a session of their own, and the CSRF cookie."""
    cookies = {}
    for role in USERNAMES:
        client = _client(role)
        session = client.cookies.get(settings.SESSION_COOKIE_NAME)
        signed_in = f"{settings.SESSION_COOKIE_NAME}={session.value}; " if session is not None else ""
        cookies[role] = f"{signed_in}{settings.CSRF_COOKIE_NAME}={CSRF}"
    return cookies


def query_counts(pages: list[Page]) -> dict[str, int]:
    """The queries each page makes to work out what it shows: with nothing kept from an earlier request."""
    counts = {}
    with override_settings(KEEP_PAGES=False):
        for page in pages:
            client = _client(page.role)
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
    times = {}
    with override_settings(KEEP_PAGES=False):
        for page in pages:
            client = _client(page.role)
            _request(client, page)
            taken = []
            for _ in range(repeat):
                started = time.perf_counter()
                _request(client, page)
                taken.append((time.perf_counter() - started) * 1000)
            times[page.name] = sorted(taken)[len(taken) // 2]
    return times


def query_counts_at_tiny_scale(env: dict, only: str | None) -> tuple[dict[str, int], list[str]]:
    """The same pages' query counts on the tiny scale of the same database, in a process of its own; and
    any page that failed there. `env` points DATABASE_URL at a tiny database already filled."""
    code = (
        f"import json; from bench import measures; pages, problems = measures.key_pages({only!r}); "
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
