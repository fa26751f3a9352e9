"""How long scoring every public text takes: 5,000 activity summaries, from nothing, unchanged, and forced.

    .venv/bin/python bench/public_texts.py [activities]

Uses a new SQLite database in a temporary folder, or the empty database at BENCH_DATABASE_URL
(for example postgres://postgres@127.0.0.1:5432/bench_public_texts). Activities are written in
bulk, as `generate_data` does, so no signal has scored them: `rescore_all` does it all.
"""

import os
import secrets
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.plain_checker import report  # noqa: E402


def setup(folder: str) -> None:
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/public_texts.sqlite3"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    os.environ["PLAIN_WARM_UP"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engaging.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def fill(count: int) -> None:
    from engaging.accounts.models import Organisation
    from engaging.register.models import Activity, EngagementLevel, EngagementType

    organisation = Organisation.objects.create(name="Benchmark Council", short_name="Bench", kind="council")
    start = date.today() + timedelta(days=30)
    Activity.objects.bulk_create(
        [
            Activity(
                title=f"Activity {n}",
                summary=report(60, seed=n)[:2000],
                is_public=True,  # only public text is scored
                purpose="To learn what residents think.",
                lead_organisation=organisation,
                type=EngagementType.CONSULTATION,
                level=EngagementLevel.CONSULT,
                start_date=start,
                end_date=start + timedelta(days=7),
            )
            for n in range(count)
        ],
        batch_size=1000,
    )


def timed(label: str, work) -> float:
    started = time.perf_counter()
    counts = work()
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.2f} s ({counts.checked:,} checked, {counts.unchanged:,} unchanged)")
    return seconds


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as folder:
        setup(folder)
        from django.db import connection

        from engaging.plain.checker import check, syllables
        from engaging.plain.checking import live_glossary
        from engaging.plain.models import PublicTextScore
        from engaging.plain.scoring import rescore_all, score
        from engaging.register.models import Activity

        if Activity.everything.exists():
            sys.exit("BENCH_DATABASE_URL must point at an empty database.")
        fill(count)
        syllables("reading")  # the pronunciation dictionary loads once per process: leave it out
        print(f"{count:,} public activities, each with a summary of about 60 words, on {connection.vendor}")
        texts = list(Activity.objects.values_list("summary", flat=True))
        glossary = live_glossary()
        started = time.perf_counter()
        for text in texts:
            check(text, glossary=glossary)
        print(f"the checker alone over the same texts, no database: {time.perf_counter() - started:.2f} s")
        first = timed("rescore_all, nothing scored yet", rescore_all)
        timed("rescore_all, nothing changed", rescore_all)
        timed("rescore_all(force=True)", lambda: rescore_all(force=True))
        print(f"scores kept: {PublicTextScore.objects.count():,}; {first / count * 1000:.2f} ms a text from nothing")

        sample = list(Activity.objects.order_by("pk")[:50])
        started = time.perf_counter()
        for n, activity in enumerate(sample):
            Activity.objects.filter(pk=activity.pk).update(summary=report(60, seed=count + n)[:2000])
            activity.refresh_from_db(fields=["summary"])
            score(activity)
        each = (time.perf_counter() - started) / len(sample) * 1000
        print(f"one activity scored after its summary changed (as a save does): {each:.1f} ms")


if __name__ == "__main__":
    main()
