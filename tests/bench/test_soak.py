"""bench/soak.py: the server's memory is read from /proc for gunicorn's master and every worker, and the soak
fails on any error, a worker started again, or memory that grows more than allowed."""

import os
import subprocess
import sys
from types import SimpleNamespace

from bench import soak


def test_the_memory_of_a_process_and_its_children_is_summed():
    child = subprocess.Popen([sys.executable, "-c", "import time; data = bytearray(30_000_000); time.sleep(30)"])
    try:
        for _ in range(50):  # until the child has made its 30 MB its own
            total, workers = soak.server_memory(os.getpid())
            if workers.get(child.pid, 0) > 30_000_000:
                break
            subprocess.run([sys.executable, "-c", "import time; time.sleep(0.1)"], check=True)
        assert child.pid in workers and workers[child.pid] > 30_000_000
        assert total >= soak.rss(os.getpid()) + workers[child.pid]
    finally:
        child.kill()
        child.wait()
    assert soak.rss(child.pid) == 0  # gone


def sampled(*megabytes: float) -> SimpleNamespace:
    return SimpleNamespace(samples=[(n * 5.0, int(mb * 1024 * 1024)) for n, mb in enumerate(megabytes)])


ARGS = SimpleNamespace(database="sqlite", scale="borough", minutes=10, clients=8, workers=4, tolerance=0.10)
WRITTEN = {"writes": 600, "errors": []}


def test_a_quiet_soak_with_flat_memory_passes():
    figures = soak.summarise(ARGS, sampled(1000, 1040, 1020, 1050), 50_000, {}, WRITTEN, set(), [])

    assert figures["failures"] == []
    assert figures["memory_mb"] == {
        "start": 1000.0, "end": 1050.0, "peak": 1050.0, "end_change": 0.05, "peak_change": 0.05,
    }  # fmt: skip
    assert figures["requests_per_second"] == round(50_000 / 15, 1)


def test_memory_that_grows_errors_failed_writes_and_restarted_workers_each_fail_the_soak():
    written = {"writes": 600, "errors": ["feedback given: answered 500, expected 302"]}
    figures = soak.summarise(ARGS, sampled(1000, 1200, 1150), 50_000, {"register": 3}, written, {4242}, [])

    assert figures["failures"] == [
        "3 requests failed",
        "1 write failed",
        "1 worker had to be started again",
        "memory at its end is 15% above the start",
        "memory at its peak is 20% above the start",
    ]
    report = soak.report({**figures, "load_average_start": (1.0, 1.0, 1.0), "load_average_end": (2.0, 2.0, 2.0)})
    assert "1000.0 MB at the start, 1150.0 MB at the end (+15.0%), 1200.0 MB at the peak (+20.0%)" in report
    assert "register: 3 errors" in report
