"""How fast a large survey file imports, and how much memory it takes.

    DATABASE_URL=sqlite:////tmp/bench-survey.sqlite3 .venv/bin/python bench/survey_import.py --rows 1000000

Writes a CSV of invented respondents (date, area, weight, ten questions), then runs
`manage.py import_survey` on it in a process of its own, twice: with a tenth of the rows and with all of
them. Prints the rows a second and each run's peak memory (the process's maximum resident size): if memory
is flat, the two peaks are about the same. The database must be migrated; areas are made if there are none.
"""

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Don't know"]


def _areas() -> list[str]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engaging.settings")
    import django

    django.setup()
    from engaging.lists.models import Area

    if not Area.objects.exists():
        borough = Area.objects.create(name="Bench borough", kind="borough", code="E08099999")
        for number in range(4):
            locality = Area.objects.create(name=f"Bench locality {number}", kind="locality", parent=borough)
            for ward in range(6):
                Area.objects.create(
                    name=f"Bench ward {number}-{ward}", kind="ward", parent=locality, code=f"E0509{number}{ward:03d}"
                )
    return [a.code or a.name for a in Area.objects.all() if len([x for x in Area.objects.filter(name=a.name)]) == 1]


def write_file(path: str, rows: int, areas: list[str]) -> None:
    rng = random.Random(7)
    start = date(2019, 1, 1)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["date", "area", "weight", *[f"Question {n}: how much do you agree?" for n in range(1, 11)]])
        for _ in range(rows):
            day = start + timedelta(days=rng.randrange(365 * 6))
            answers = [rng.choice(ANSWERS) if rng.random() > 0.05 else "" for _ in range(10)]
            writer.writerow([day.isoformat(), rng.choice(areas), f"{rng.uniform(0.4, 2.5):.3f}", *answers])


def run_import(path: str, name: str) -> tuple[float, int, str]:
    """Seconds taken, peak resident memory in MB, and what the command printed."""
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    finished = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "import_survey", path, "--survey", name, "--skip-checks"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    seconds = time.monotonic() - started
    if finished.returncode:
        sys.exit(f"The import failed:\n{finished.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of any child so far, in kilobytes on Linux.
    return seconds, max(peak, before) // 1024, finished.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    areas = _areas()
    with tempfile.TemporaryDirectory() as folder:
        small, large = os.path.join(folder, "small.csv"), os.path.join(folder, "large.csv")
        write_file(small, args.rows // 10, areas)
        write_file(large, args.rows, areas)
        tag = str(int(time.time()))
        # The smaller file first: the children's peak only ever grows, so the larger run's is its own or more.
        small_seconds, small_peak, _ = run_import(small, f"Bench survey small {tag}")
        large_seconds, large_peak, said = run_import(large, f"Bench survey {tag}")
        size = os.path.getsize(large) / 2**20
    print(said)
    for rows, seconds, peak in ((args.rows // 10, small_seconds, small_peak), (args.rows, large_seconds, large_peak)):
        print(f"{rows:,} rows: {seconds:.1f} s, {rows / seconds:,.0f} rows a second, peak memory {peak} MB")
    print(f"The larger file was {size:.0f} MB.")


if __name__ == "__main__":
    main()
