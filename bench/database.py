"""The benchmark's data: filled once by generate_data and kept, and copied for each run, so that the mixed
workload's writes never reach the kept data and every run starts from the same rows."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "bench" / "data"
ANCHOR = "2026-11-26"
# The files that decide what generate_data writes: when any changes, kept data is made again.
GENERATOR_FILES = ["bulk.py", "data.py", "generator.py", "generator_board.py", "generator_insight.py",
                   "generator_voice.py", "vocabulary.py"]  # fmt: skip


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


def copy_for_run(url: str, kind: str, scale: str) -> str:
    """A copy of the kept database for this run to measure and write to; its URL."""
    if kind == "sqlite":
        source = Path(url.removeprefix("sqlite:///"))
        target = DATA / f"{scale}-run.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
            if Path(f"{source}{suffix}").exists():
                shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
        return f"sqlite:///{target}"
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}_run" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}_run" TEMPLATE "{name}"')
    return f"{base}/{name}_run"
