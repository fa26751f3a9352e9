"""Measure every page people use, at one scale on one database, kept, fresh and while someone writes.

    bench/run --scale borough --database sqlite
    bench/run --scale region --database postgres
    bench/run --only register --workload mixed      (some pages, one workload, while working on them)

Fills a database with `generate_data` (once: kept for later runs, and made again when the generator
changes) and measures a copy of it, so the writes below never reach the kept data. It serves the hub
with two gunicorns on 127.0.0.1: one as it runs in production (kept pages on) and one with
KEEP_PAGES=false. Every page reachable from each role's menus, and what a person opens next from them
(bench/pages.py), is requested as that role with wrk at 8 clients, under three workloads:

- kept: as served, after a warm-up request;
- fresh: the server that keeps nothing;
- mixed: the kept server, while a writer in a process of its own makes one realistic write a second
  through the hub's own addresses (bench/writer.py).

Before each page the floor, a view that makes one trivial query, is measured again, so each page's
ratio is to the floor of the same minute. The pages people open most are also measured with one client.
Each page's database queries are counted at this scale and at a tiny one (they must be equal), and one
request's time with nothing kept is taken in-process. Then a 100,000-row spreadsheet import and the PDF
of a board's Local Account are timed. Figures go to bench/results/<database>-<scale>.json and tables.

The run fails (non-zero status, and a FAILED list) when a page misses a target (bench/report.py), or
anything stops a figure being measured honestly: a page that does not answer 200 with its data, errors
under load, a write that fails, query counts that differ between scales, an import or PDF that fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import database, load, report  # noqa: E402  (the project's root is on the path first)


def environment(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "AXES_ENABLED": "false",
        # The benchmark's coordinator is signed in by its session alone: no authenticator app to give a code from.
        "TWO_FACTOR_FOR_COORDINATORS": "false",
        # The writer gives feedback from one address many times an hour, as many residents would from theirs.
        "FEEDBACK_RATE_LIMIT": "1000000",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "engaging.settings",
        "TESTING": "",
    }


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="borough", choices=["tiny", "borough", "region", "national"])
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=4, help="How long each page is loaded, in each workload.")
    parser.add_argument("--floor-seconds", type=int, default=2, help="How long the floor is measured before each page.")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes, for each server.")
    parser.add_argument(
        "--workload",
        action="append",
        choices=report.WORKLOADS,
        help="Measure only this workload (may be given more than once); all three by default.",
    )
    parser.add_argument(
        "--only", help='Measure only the pages whose name or address contains this (or any of "a|b|c").'
    )
    parser.add_argument("--fresh", action="store_true", help="Generate the data again even if it exists.")
    parser.add_argument("--import-rows", type=int, default=100_000, help="0 to skip the import and the PDF.")
    return parser.parse_args()  # fmt: skip


def main() -> int:
    args = arguments()
    workloads = args.workload or list(report.WORKLOADS)
    if shutil.which("wrk") is None:
        print("bench/run needs wrk: apt-get install wrk (Debian) or brew install wrk (macOS).", file=sys.stderr)
        return 2
    began = time.monotonic()
    kept_url = database.database_url(args.database, args.scale)
    print(f"Preparing the {args.scale} scale on {args.database}…", flush=True)
    generated_in = database.prepare(environment(kept_url), args.database, args.scale, args.seed, args.fresh)
    tiny_env = environment(database.database_url(args.database, "tiny"))
    database.prepare(tiny_env, args.database, "tiny", args.seed, fresh=False)
    env = environment(database.copy_for_run(kept_url, args.database, args.scale))
    database.manage(env, "collectstatic", "--noinput", "-v0")

    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings

    from bench import measures, writer

    failures: list[str] = []
    pages, problems = measures.key_pages(args.only)
    failures += problems
    print(f"  {len(pages)} pages answer with their data; counting their queries…", flush=True)
    cookies = measures.session_cookies()
    queries = measures.query_counts(pages)
    fresh_ms = measures.fresh_times(pages)
    # The same pages on the same database with the tiny scale's data: only the amount of data differs.
    tiny_queries, tiny_problems = measures.query_counts_at_tiny_scale(tiny_env, args.only)
    failures += [problem for problem in tiny_problems if "linked from a menu" not in problem]

    kept_port = load.free_port()
    servers = {"kept": load.Server(env, args.workers, kept_port)}
    if "fresh" in workloads:
        fresh_env = {**env, "KEEP_PAGES": "false"}
        servers["fresh"] = load.Server(fresh_env, args.workers, load.free_port(taken=(kept_port,)))
    results = {}
    try:
        for server in servers.values():
            server.wait()
        results = measure(pages, workloads, args, servers, cookies, writer.plan(
            servers["kept"].base, cookies["officer"], measures.CSRF,
        ))  # fmt: skip
    finally:
        for server in servers.values():
            server.stop()

    # After the pages: the import is rolled back, and until the database has tidied away the rows it
    # wrote, pages that read activities would be measured against four times as many dead rows.
    import_figures, pdf = {}, None
    if args.import_rows:
        import_figures = measures.import_throughput(args.import_rows)
        if "error" in import_figures:
            failures.append(f"the {args.import_rows:,}-row import failed: {import_figures['error']}")
        try:
            pdf = measures.local_account_pdf()
        except Exception as error:  # recorded and reported below, with the rest
            failures.append(f"the Local Account PDF: {error}")

    for page in pages:
        row = results[page.name]
        row.update(queries=queries.get(page.name), queries_tiny=tiny_queries.get(page.name))
        row["fresh_ms"] = fresh_ms.get(page.name)
    report.add_ratios(results)
    figures = {
        "scale": args.scale,
        "database": args.database,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "workloads": workloads,
        "only": args.only,
        "seconds": args.seconds,
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
    }
    figures["failures"] = failures + report.missed(figures)
    figures["minutes"] = (time.monotonic() - began) / 60
    database.RESULTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.only is None and len(workloads) == len(report.WORKLOADS) else "-partial"
    out = database.RESULTS / f"{args.database}-{args.scale}{suffix}.json"
    out.write_text(json.dumps(figures, indent=2, default=str))
    print(report.table(figures))
    print(f"\nFigures written to {out.relative_to(ROOT)}")
    return 1 if figures["failures"] else 0


def measure(pages, workloads, args, servers, cookies, plan) -> dict:
    """Load each page in each workload at 8 clients, beside the floor; the pages people open most also with one."""
    from bench import measures
    from bench.pages import Page
    from bench.writer import Writer

    kept = servers["kept"].base
    floor = Page("floor", "/health/")
    floor_script = load.write_script(floor, measures.CSRF)
    anonymous = cookies["resident"]

    def settle() -> None:
        for server in servers.values():
            server.settle()

    def floor_at(clients: int, seconds: int) -> dict:
        return load.wrk(kept + floor.path, connections=clients, seconds=seconds, cookie=anonymous, script=floor_script)

    results = {"floor": {"path": floor.path, "c1": floor_at(1, args.seconds), "c8": floor_at(8, args.seconds)}}
    written = 0
    for n, page in enumerate(pages, 1):
        print(f"  [{n}/{len(pages)}] {page.name}: {page.method} {page.path} as {page.role}", flush=True)
        script = load.write_script(page, measures.CSRF)
        cookie = cookies[page.role]
        row = {"path": page.path, "method": page.method, "role": page.role, "floor": floor_at(8, args.floor_seconds)}

        def run(base: str, clients: int = 8, page=page, cookie=cookie, script=script) -> dict:
            load.request(base + page.path, page, cookie, measures.CSRF)  # a warm-up: kept from here on
            figures = load.wrk(
                base + page.path, connections=clients, seconds=args.seconds, cookie=cookie, script=script
            )
            settle()
            return figures

        if "kept" in workloads:
            row["kept"] = run(kept)
        if "fresh" in workloads:
            row["fresh"] = run(servers["fresh"].base)
        if "mixed" in workloads:
            writing = Writer(plan, args.seconds + 5, written)
            row["mixed"] = run(kept)
            row["mixed"]["writer"] = writing.finish()
            written = row["mixed"]["writer"]["next"]
        if page.key and "kept" in workloads:
            row["floor_c1"] = floor_at(1, args.floor_seconds)
            row["kept_c1"] = run(kept, clients=1)
        results[page.name] = row
        script.unlink()
    floor_script.unlink()
    return results


if __name__ == "__main__":
    sys.exit(main())
