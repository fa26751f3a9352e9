"""The parts of the benchmark that run inside Django: which pages, their queries, imports, reports."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent
CSRF = "benchmarkcsrfsecretbenchmark0001"  # 32 characters: an unmasked CSRF secret


@dataclass
class Page:
    name: str
    path: str
    method: str = "GET"
    body: dict = field(default_factory=dict)


def _ids():
    from engaging.lists.models import Area, Group
    from engaging.register.models import Activity, Status
    from engaging.register.overlaps import Plan, overlapping

    borough = Area.objects.filter(kind="borough").order_by("pk").first()
    ward = Area.objects.filter(kind="ward").order_by("pk").first()
    popular = Group.objects.order_by("-activities__id").first() or Group.objects.first()
    candidates = Activity.objects.filter(status__in=[Status.PLANNED, Status.OPEN]).order_by("pk")[:50]
    busy = None
    for activity in candidates:
        if overlapping(Plan.of(activity)).exists():
            busy = activity
            break
    busy = busy or Activity.objects.order_by("pk").first()
    return borough, ward, popular, busy


def key_pages() -> list[Page]:
    """Every page the benchmark measures, with ids taken from this database."""
    borough, ward, group, activity = _ids()
    start = activity.start_date.isoformat()
    pages = [
        Page("register list, filtered", f"/register/?type=consultation&group={group.pk}&area={borough.pk}&sort=-start"),
        Page("activity with overlaps", f"/register/{activity.pk}/"),
        Page(
            "overlap check while planning",
            "/joining-up/overlaps/",
            method="POST",
            body={"groups": str(group.pk), "areas": str(ward.pk), "start_date": start, "end_date": start},
        ),
        Page("fatigue view", f"/joining-up/?area={borough.pk}"),
        Page("insight search", "/insight/?q=appointments+evening"),
        Page("you said, we did", "/you-said-we-did/"),
        Page("assurance dashboard", "/assurance/"),
        Page("local account", "/local-account/"),
        Page("API activities, filtered", f"/api/v1/activities?type=consultation&group={group.pk}&limit=50"),
    ]
    client = _client()
    available = []
    for page in pages:
        response = _request(client, page)
        if response.status_code == 200:
            available.append(page)
        else:
            print(f"  (skipping {page.name}: {page.path} answered {response.status_code})", flush=True)
    return available


def _client() -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
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
    client = _client()
    counts = {}
    for page in pages:
        _request(client, page)  # warm caches that are filled once per process
        with CaptureQueriesContext(connection) as captured:
            _request(client, page)
        counts[page.name] = len(captured)
    with CaptureQueriesContext(connection) as captured:
        Client(HTTP_HOST="127.0.0.1").get("/health/")
    counts["floor"] = len(captured)
    return counts


def query_counts_at_tiny_scale(pages: list[Page]) -> dict[str, int]:
    """The same pages' query counts on the tiny scale, in a process of its own."""
    tiny = ROOT / "bench" / "data" / "tiny.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tiny}"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    exists = "from engaging.register.models import Activity; print(Activity.everything.exists())"
    filled = subprocess.run(
        [*manage, "shell", "-v0", "-c", exists], env=env, check=True, cwd=ROOT, text=True, capture_output=True
    ).stdout.strip()
    if filled != "True":
        subprocess.run([*manage, "generate_data", "--scale", "tiny", "--anchor", "2026-11-26"], env=env, check=True,
                       cwd=ROOT, capture_output=True)  # fmt: skip
    code = (
        "import json; from bench import measures; "
        "print('COUNTS ' + json.dumps(measures.query_counts(measures.key_pages())))"
    )
    output = subprocess.run(
        [*manage, "shell", "-v0", "-c", code], env=env, check=True, cwd=ROOT, text=True, capture_output=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("COUNTS "))
    return json.loads(line[len("COUNTS ") :])


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
    if not result.ok:
        return {"rows": rows, "error": [str(p) for p in result.problems[:3]]}
    return {"rows": rows, "bytes": len(data), "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}


def local_account_pdf_seconds() -> float | None:
    """Seconds to build the Local Account PDF, once that report exists."""
    try:
        from engaging.reports.local_account import build_pdf  # type: ignore[import-not-found]
    except ImportError:
        return None
    started = time.perf_counter()
    build_pdf(year=2026)
    return round(time.perf_counter() - started, 2)


def table(report: dict) -> str:
    lines = [
        f"{report['database']} · {report['scale']} · {report['machine']['cores']} cores · {report['taken']}",
        "",
        f"{'page':34} {'c':>2} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'×floor':>7} {'queries':>8}",
    ]
    for name, row in report["pages"].items():
        for clients in (1, 8):
            f = row[f"c{clients}"]
            queries = f"{row['queries']}/{row['queries_tiny']}" if clients == 1 else ""
            lines.append(
                f"{name[:34]:34} {clients:>2} {f['p50']:8.1f} {f['p95']:8.1f} {f['p99']:8.1f} {f['rps']:8.1f} "
                f"{f['ratio_to_floor']:7.2f} {queries:>8}"
            )
    imported = report["import"]
    if "rows_per_second" in imported:
        lines.append(
            f"\nimport: {imported['rows']:,} rows in {imported['seconds']} s = {imported['rows_per_second']:,} rows/s"
        )
    else:
        lines.append(f"\nimport: failed: {imported.get('error')}")
    pdf = report["local_account_pdf_seconds"]
    lines.append(f"Local Account PDF: {pdf} s" if pdf is not None else "Local Account PDF: not built yet")
    lines.append("queries shown as this scale/tiny scale: they must be equal")
    return "\n".join(lines)
