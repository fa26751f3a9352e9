"""Measure the hub at one scale on one database, and print the figures.

    bench/run --scale borough --database sqlite
    bench/run --scale region --database postgres

Fills a database with `generate_data` (once: kept for later runs, and made again when the generator
changes), serves the hub with gunicorn on 127.0.0.1, and measures every key page with wrk at 1 and
8 concurrent clients, beside a floor: a view that makes one trivial query, measured first and again
just before each page, so that each page's ratio is to the floor of the same minute. It also counts each
page's database queries at this scale and at a tiny one (they must be equal), times a 100,000-row
spreadsheet import and the PDF of a board's Local Account. Figures go to
bench/results/<database>-<scale>.json and a table.

Anything that stops a figure being measured honestly (a page that does not answer 200 with its
data, errors under load, query counts that differ, an import or PDF that fails) is printed,
written to the results as a failure, and makes the run end with a non-zero status.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "bench" / "data"
ANCHOR = "2026-11-26"
# The files that decide what generate_data writes: when any changes, kept data is made again.
GENERATOR_FILES = ["bulk.py", "data.py", "generator.py", "generator_board.py", "generator_insight.py",
                   "generator_voice.py", "vocabulary.py"]  # fmt: skip
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"p50\\": %f, \\"p95\\": %f, \\"p99\\": %f, "
    .. "\\"requests\\": %d, \\"errors\\": %d, \\"non2xx\\": %d, \\"seconds\\": %f}\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.duration / 1000000))
end
"""


def database_url(kind: str, scale: str) -> str:
    if kind == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DATA / f'{scale}.sqlite3'}"
    base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    return f"{base}/bench_{scale}"


def generator_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in GENERATOR_FILES:
        digest.update((ROOT / "engaging" / "demo" / name).read_bytes())
    return digest.hexdigest()


def marker_for(kind: str, scale: str) -> Path:
    """Where the fingerprint of the generator that filled this database is kept."""
    DATA.mkdir(parents=True, exist_ok=True)
    return DATA / f"{kind}-{scale}.generator"


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else ""


def prepare(env: dict, kind: str, scale: str, seed: int, fresh: bool) -> float | None:
    """Create and fill the database unless the current generator already filled it; returns generation seconds."""
    fingerprint = generator_fingerprint()
    marker = marker_for(kind, scale)
    if not fresh and (not marker.exists() or marker.read_text() != fingerprint):
        print("  no data made by this version of the generator is kept: making it", flush=True)
        fresh = True
    if kind == "postgres":
        import psycopg

        admin = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
        name = f"bench_{scale}"
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and fresh:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    elif fresh:
        Path(env["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    has_data = manage(
        env, "shell", "-v0", "-c", "from engaging.register.models import Activity; print(Activity.everything.exists())",
        capture=True,
    ).strip()  # fmt: skip
    seconds = None
    if has_data != "True":
        started = time.perf_counter()
        marker.unlink(missing_ok=True)
        manage(env, "generate_data", "--scale", scale, "--seed", str(seed), "--anchor", ANCHOR)
        marker.write_text(fingerprint)
        seconds = time.perf_counter() - started
    if kind == "postgres":
        # What autovacuum does soon after a bulk load, done now so every run measures the same state:
        # until then, index-only scans must visit the table to learn which rows are visible. Quick
        # when nothing has changed since the last time.
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE)")
    return seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"The hub did not start: {url}")


def wrk(url: str, *, connections: int, seconds: int, cookie: str, script: Path) -> dict:
    command = [
        "wrk", "--latency", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{seconds}s",
        "--timeout", "10s", "-s", str(script), "-H", f"Cookie: {cookie}", url,
    ]  # fmt: skip
    output = subprocess.run(command, check=True, text=True, capture_output=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    figures = json.loads(line[5:])
    figures["rps"] = figures["requests"] / figures["seconds"] if figures["seconds"] else 0.0
    return figures


def write_script(page, csrf: str) -> Path:
    """A wrk script that reports percentiles as JSON, and sends the page's form when it is a POST."""
    from urllib.parse import urlencode

    lines = [WRK_SCRIPT]
    if page.method == "POST":
        lines += [
            'wrk.method = "POST"',
            f"wrk.body = {json.dumps(urlencode(page.body, doseq=True))}",
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
            f'wrk.headers["X-CSRFToken"] = "{csrf}"',
        ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write("\n".join(lines))
    return Path(handle.name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="borough", choices=["tiny", "borough", "region", "national"])
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=8, help="How long each load test runs.")
    parser.add_argument("--floor-seconds", type=int, default=4,
                        help="How long the floor is measured again just before each page.")  # fmt: skip
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes.")
    parser.add_argument("--fresh", action="store_true", help="Generate the data again even if it exists.")
    parser.add_argument("--import-rows", type=int, default=100_000)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("bench/run needs wrk: apt-get install wrk (Debian) or brew install wrk (macOS).", file=sys.stderr)
        return 2

    env = {
        **os.environ,
        "DATABASE_URL": database_url(args.database, args.scale),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "AXES_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "engaging.settings",
        "TESTING": "",
    }
    print(f"Preparing the {args.scale} scale on {args.database}…", flush=True)
    generated_in = prepare(env, args.database, args.scale, args.seed, args.fresh)
    manage(env, "collectstatic", "--noinput", "-v0")

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench import measures

    failures: list[str] = []
    pages, problems = measures.key_pages()
    failures += problems
    cookie = measures.session_cookie("bench-coordinator")
    queries = measures.query_counts(pages)
    fresh = measures.fresh_times(pages)
    # The same pages on the same database with the tiny scale's data: only the amount of data differs.
    tiny_env = {**env, "DATABASE_URL": database_url(args.database, "tiny")}
    prepare(tiny_env, args.database, "tiny", args.seed, fresh=False)
    tiny_queries, tiny_problems = measures.query_counts_at_tiny_scale(tiny_env)
    failures += tiny_problems
    for page in pages:
        if page.name in tiny_queries and queries[page.name] != tiny_queries[page.name]:
            failures.append(
                f"{page.name}: {queries[page.name]} queries at this scale but {tiny_queries[page.name]} at the tiny "
                "scale (a query per row?)"
            )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "engaging.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    results = {}
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/health/")
        floor_page = measures.Page("floor", "/health/")
        floor_script = write_script(floor_page, measures.CSRF)
        for page in [floor_page, *pages]:
            print(f"  {page.name}: {page.method} {page.path}", flush=True)
            script = write_script(page, measures.CSRF)
            row = {"path": page.path, "method": page.method}
            for clients in (1, 8):
                beside = None
                if page is not floor_page:
                    # The floor again, just before the page: the machine's speed drifts during a run, and a
                    # ratio to a floor measured minutes earlier would carry that drift.
                    beside = wrk(base + floor_page.path, connections=clients, seconds=args.floor_seconds,
                                 cookie=cookie, script=floor_script)  # fmt: skip
                figures = wrk(base + page.path, connections=clients, seconds=args.seconds, cookie=cookie,
                              script=script)  # fmt: skip
                if beside is not None:
                    figures["floor_beside_rps"] = beside["rps"]
                row[f"c{clients}"] = figures
                if figures["errors"] or figures["non2xx"] or not figures["requests"]:
                    failures.append(
                        f"{page.name} with {clients} client(s): {figures['errors']} errors and {figures['non2xx']} "
                        f"answers other than 2xx in {figures['requests']} requests"
                    )
            results[page.name] = row
            script.unlink()
        floor_script.unlink()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    # After the pages: the import is rolled back, and until the database has tidied away the rows it
    # wrote, pages that read activities would be measured against four times as many dead rows.
    import_figures = measures.import_throughput(args.import_rows)
    if "error" in import_figures:
        failures.append(f"the {args.import_rows:,}-row import failed: {import_figures['error']}")
    try:
        pdf = measures.local_account_pdf()
    except Exception as error:  # recorded and reported below, with the rest
        pdf = None
        failures.append(f"the Local Account PDF: {error}")

    measures.add_ratios(results)
    for name, row in results.items():
        row["queries"] = queries.get(name)
        row["queries_tiny"] = tiny_queries.get(name)
        row["fresh_ms"] = fresh.get(name)

    report = {
        "scale": args.scale,
        "database": args.database,
        "taken": datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
        },
        "generated_in_seconds": generated_in,
        "pages": results,
        "import": import_figures,
        "local_account_pdf": pdf,
        "failures": failures,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{args.database}-{args.scale}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    print(measures.table(report))
    print(f"\nFigures written to {out.relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
