"""Serving the hub with gunicorn and putting it under load with wrk."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
# The benchmark's servers take ports from this range, so they are easy to tell from others' on a shared machine.
PORTS = range(8200, 8300)
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"p50\\": %f, \\"p95\\": %f, \\"p99\\": %f, "
    .. "\\"requests\\": %d, \\"errors\\": %d, \\"non2xx\\": %d, \\"seconds\\": %f}\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.duration / 1000000))
end
"""


def free_port(taken: tuple[int, ...] = ()) -> int:
    for port in PORTS:
        if port in taken:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port from {PORTS.start} to {PORTS.stop - 1}")


class Server:
    """The hub under gunicorn on 127.0.0.1, with `env` (KEEP_PAGES among it), until stopped."""

    def __init__(self, env: dict, workers: int, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "engaging.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning"],
            env=env, cwd=ROOT, start_new_session=True,
        )  # fmt: skip

    def wait(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/health/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"The hub did not start at {self.base}")

    def settle(self, seconds: float = 120) -> None:
        """Wait until the server has answered what a load test left queued: a slow page's requests are still
        worked on after wrk stops, and would be counted against whatever is measured next."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                with urllib.request.urlopen(self.base + "/health/", timeout=seconds):
                    pass
            except OSError:
                pass
            if time.monotonic() - started < 0.05:
                return

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def request(url: str, page, cookie: str, csrf: str) -> int:
    """One request for the page, as wrk will send it: its status (a warm-up, so the page is kept)."""
    data = urlencode(page.body, doseq=True).encode() if page.method == "POST" else None
    headers = {"Cookie": cookie, "X-CSRFToken": csrf}
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers, method=page.method), timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


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
