"""Measure the hub at one scale on one database, and print the figures.

    bench/run --scale borough --database sqlite
    bench/run --scale region --database postgres

Fills a database with `generate_data` (once: kept for later runs), serves the hub with gunicorn on
127.0.0.1, and measures every key page with wrk at 1 and 8 concurrent clients, beside a floor: a
view that makes one trivial query. It also counts each page's database queries at this scale and
at a tiny one (they must be equal), times a 100,000-row spreadsheet import and, when the Local
Account exists, its PDF. Figures go to bench/results/<database>-<scale>.json and a table.
"""

from __future__ import annotations

import argparse
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
    """Create and fill the database unless it is already filled; returns generation seconds."""
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
    if has_data == "True":
        return None
    started = time.perf_counter()
    manage(env, "generate_data", "--scale", scale, "--seed", str(seed), "--anchor", ANCHOR)
    return time.perf_counter() - started


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
            f"wrk.body = {json.dumps(urlencode(page.body))}",
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

    pages = measures.key_pages()
    cookie = measures.session_cookie("bench-coordinator")
    queries = measures.query_counts(pages)
    tiny_queries = measures.query_counts_at_tiny_scale(pages)
    import_figures = measures.import_throughput(args.import_rows)
    pdf_seconds = measures.local_account_pdf_seconds()

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
        for page in [measures.Page("floor", "/health/"), *pages]:
            print(f"  {page.name}: {page.method} {page.path}", flush=True)
            script = write_script(page, measures.CSRF)
            row = {"path": page.path, "method": page.method}
            for clients in (1, 8):
                row[f"c{clients}"] = wrk(base + page.path, connections=clients, seconds=args.seconds, cookie=cookie,
                                         script=script)  # fmt: skip
            results[page.name] = row
            script.unlink()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    floor = results["floor"]
    for name, row in results.items():
        for clients in (1, 8):
            figures = row[f"c{clients}"]
            figures["ratio_to_floor"] = (
                figures["rps"] / floor[f"c{clients}"]["rps"] if floor[f"c{clients}"]["rps"] else 0
            )
        row["queries"] = queries.get(name)
        row["queries_tiny"] = tiny_queries.get(name)

    report = {
        "scale": args.scale,
        "database": args.database,
        "taken": datetime.now().isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "generated_in_seconds": generated_in,
        "pages": results,
        "import": import_figures,
        "local_account_pdf_seconds": pdf_seconds,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{args.database}-{args.scale}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    print(measures.table(report))
    print(f"\nFigures written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
