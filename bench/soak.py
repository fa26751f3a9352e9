"""A soak: the benchmark's mixed workload for ten minutes. Does the hub answer every request; does its memory stay flat?

    bench/soak                                   (SQLite, borough scale, 10 minutes, 8 clients)
    bench/soak --minutes 60 --database postgres

Serves a copy of the benchmark's data (bench/database.py) with gunicorn and 4 workers, as it runs in production
(kept pages on), and puts it under bench/run's mixed workload without pause: readers at 8 clients (wrk) take
every page of bench/pages.py in turn, each as the role that uses it, a few seconds each, round and round,
while bench/writer.py makes one realistic write a second through the hub's own addresses. Before the clock
starts, one quick round of every page lets each worker load what it loads once.

Every 5 seconds it reads the server's memory: the resident set (RSS) of gunicorn's master and all its workers,
summed, from /proc. Targets: no error at all (an answer of 400 or more, a timeout, a failed write, a worker
that had to be started again), and memory at the end and at its peak within 10% of where it started. Figures,
with every memory reading, go to bench/results/soak-<database>-<scale>.json; the exit status is 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import database, load  # noqa: E402  (the project's root is on the path first)
from bench.benchmark import environment  # noqa: E402
from bench.questionnaire_load import Server  # noqa: E402

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss(pid: int) -> int:
    """A process's resident set in bytes (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                # The parent's id follows the command, which is in brackets and may hold spaces.
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            found.append(int(entry))
    return found


def server_memory(master: int) -> tuple[int, dict[int, int]]:
    """The RSS of gunicorn's master and all its workers, summed, and each worker's."""
    workers = {pid: rss(pid) for pid in children(master)}
    return rss(master) + sum(workers.values()), workers


class Sampler(threading.Thread):
    """Reads the server's memory every few seconds until stopped, and notes every worker that appeared."""

    def __init__(self, master: int, every: float = 5.0):
        super().__init__(daemon=True)
        self.master, self.every = master, every
        self.samples: list[tuple[float, int]] = []
        self.workers_seen: set[int] = set()
        self.started = time.monotonic()
        self._stopping = threading.Event()

    def sample(self) -> int:
        total, workers = server_memory(self.master)
        self.workers_seen |= set(workers)
        self.samples.append((round(time.monotonic() - self.started, 1), total))
        return total

    def run(self) -> None:
        while not self._stopping.wait(self.every):
            self.sample()

    def stop(self) -> None:
        self._stopping.set()
        self.join()
        self.sample()


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10, help="how long the workload runs (default 10)")
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--scale", default="borough", choices=["tiny", "borough", "region", "national"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clients", type=int, default=8, help="readers at the same moment (wrk connections)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--seconds-per-page", type=float, default=5, help="how long the readers stay on each page")
    parser.add_argument("--only", help='only the pages whose name or address contains this (or any of "a|b|c")')
    parser.add_argument("--tolerance", type=float, default=0.10, help="memory may grow by this share (0.10)")
    parser.add_argument("--port", type=int, help="serve the hub on this port (default: a free one from 8200)")
    parser.add_argument("--fresh", action="store_true", help="generate the data again even if it exists")
    return parser.parse_args(argv)


def read_pages(pages, base: str, cookies: dict, seconds: float, clients: int, errors: dict, settle) -> int:
    """Each page at `clients` for `seconds`; adds each page's errors to `errors`, returns the requests made."""
    from bench.measures import CSRF

    requests = 0
    for page in pages:
        script = load.write_script(page, CSRF)
        try:
            figures = load.wrk(
                base + page.path, connections=clients, seconds=max(1, round(seconds)), cookie=cookies[page.role],
                script=script,
            )  # fmt: skip
        finally:
            script.unlink()
        requests += figures["requests"]
        failed = figures["errors"] + figures["non2xx"]
        if failed:
            errors[page.name] = errors.get(page.name, 0) + failed
        settle()
    return requests


def main(argv=None) -> int:
    args = arguments(argv)
    began = time.monotonic()
    kept = database.database_url(args.database, args.scale)
    print(f"Preparing the {args.scale} scale on {args.database}…", flush=True)
    database.prepare(environment(kept), args.database, args.scale, args.seed, args.fresh)
    env = environment(database.copy_for_run(kept, args.database, args.scale))
    database.manage(env, "collectstatic", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    from bench import measures, writer

    pages, problems = measures.key_pages(args.only)
    cookies = measures.session_cookies()
    server = Server(env, args.workers, args.port or load.free_port())
    plan = writer.plan(server.base, cookies["officer"], measures.CSRF)
    connections.close_all()
    errors: dict[str, int] = {}
    requests, written, writes = 0, {}, None
    sampler = Sampler(server.process.pid)
    try:
        server.wait(300)
        print(
            f"  {len(pages)} pages; a first round of each, so every worker has loaded what it loads once…", flush=True
        )
        read_pages(pages, server.base, cookies, 1, args.clients, {}, server.settle)
        start_workers = set(children(server.process.pid))
        sampler.sample()
        load_at_start = os.getloadavg()
        sampler.start()
        print(f"  reading and writing for {args.minutes:g} minutes…", flush=True)
        deadline = time.monotonic() + args.minutes * 60
        writes = writer.Writer(plan, args.minutes * 60 + 30, 0)
        rounds = itertools.cycle(pages)
        while time.monotonic() < deadline:
            page = next(rounds)
            seconds = min(args.seconds_per_page, deadline - time.monotonic())
            requests += read_pages([page], server.base, cookies, seconds, args.clients, errors, server.settle)
        written = writes.finish()
        sampler.stop()
        restarted = sampler.workers_seen - start_workers
    finally:
        if writes is not None and writes.process.poll() is None:
            writes.process.kill()
        server.stop()
    figures = summarise(args, sampler, requests, errors, written, restarted, problems)
    figures.update(load_average_start=load_at_start, load_average_end=os.getloadavg())
    figures["minutes_in_all"] = round((time.monotonic() - began) / 60, 1)
    database.RESULTS.mkdir(parents=True, exist_ok=True)
    out = database.RESULTS / f"soak-{args.database}-{args.scale}.json"
    out.write_text(json.dumps(figures, indent=2))
    print(report(figures))
    print(f"Figures written to {out}")
    print("FAILED: " + "; ".join(figures["failures"]) if figures["failures"] else "PASS")
    return 1 if figures["failures"] else 0


def summarise(args, sampler: Sampler, requests: int, errors: dict, written: dict, restarted: set, problems) -> dict:
    samples = sampler.samples
    start, end = samples[0][1], samples[-1][1]
    peak = max(total for _, total in samples)
    seconds = samples[-1][0] - samples[0][0]
    mb = 1024 * 1024
    figures = {
        "database": args.database,
        "scale": args.scale,
        "minutes": args.minutes,
        "clients": args.clients,
        "workers": args.workers,
        "requests": requests,
        "requests_per_second": round(requests / seconds, 1) if seconds else 0.0,
        "errors": sum(errors.values()),
        "errors_by_page": errors,
        "writes": written.get("writes", 0),
        "write_errors": written.get("errors", []),
        "workers_restarted": len(restarted),
        "pages_not_measured": problems,
        "memory_mb": {
            "start": round(start / mb, 1),
            "end": round(end / mb, 1),
            "peak": round(peak / mb, 1),
            "end_change": round(end / start - 1, 4),
            "peak_change": round(peak / start - 1, 4),
        },
        "memory_samples_mb": [(t, round(total / mb, 1)) for t, total in samples],
    }
    failures = []
    if figures["errors"]:
        failures.append(f"{counted(figures['errors'], 'request')} failed")
    if figures["write_errors"]:
        failures.append(f"{counted(len(figures['write_errors']), 'write')} failed")
    if not figures["writes"]:
        failures.append("the writer wrote nothing")
    if restarted:
        failures.append(f"{counted(len(restarted), 'worker')} had to be started again")
    memory = figures["memory_mb"]
    for when in ("end", "peak"):
        if memory[f"{when}_change"] > args.tolerance:
            failures.append(f"memory at its {when} is {memory[f'{when}_change']:.0%} above the start")
    figures["failures"] = failures
    return figures


def counted(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def report(figures: dict) -> str:
    memory = figures["memory_mb"]
    lines = [
        f"Soak: {figures['minutes']:g} minutes on {figures['database']} ({figures['scale']}), {figures['clients']} "
        f"readers, a write a second, {figures['workers']} workers",
        f"Load average at the start {', '.join(f'{x:.2f}' for x in figures['load_average_start'])}; "
        f"at the end {', '.join(f'{x:.2f}' for x in figures['load_average_end'])}",
        f"Requests: {figures['requests']:,} ({figures['requests_per_second']} a second); errors: {figures['errors']}",
        f"Writes: {figures['writes']}; failed: {len(figures['write_errors'])}; workers started again: "
        f"{figures['workers_restarted']}",
        f"Memory (gunicorn's master and workers, RSS summed): {memory['start']} MB at the start, {memory['end']} MB "
        f"at the end ({memory['end_change']:+.1%}), {memory['peak']} MB at the peak ({memory['peak_change']:+.1%})",
    ]
    for problem in figures["pages_not_measured"]:
        lines.append(f"  Not read (it does not answer with its data): {problem}")
    for page, count in sorted(figures["errors_by_page"].items(), key=lambda item: -item[1])[:10]:
        lines.append(f"  {page}: {count} errors")
    for error in figures["write_errors"][:5]:
        lines.append(f"  {error}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
