from datetime import date

from django.core.management.base import BaseCommand, CommandError

from engaging.demo.generator import BENCH_PASSWORD, SCALES, generate
from engaging.register.models import Activity


class Command(BaseCommand):
    help = (
        "Fill an empty database with realistic data for benchmarks: borough, region or national scale. "
        "The same seed and anchor date always give the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--anchor", type=date.fromisoformat, default=None, help="The 'today' of the data (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--allow-existing", action="store_true", help="Add to a register that already has activities."
        )

    def handle(self, *args, scale, seed, anchor, allow_existing, **options):
        if Activity.everything.exists() and not allow_existing:
            raise CommandError(
                "The register already has activities. Generate into an empty database (set DATABASE_URL to a new "
                "one), or pass --allow-existing."
            )
        self.stdout.write(f"Generating the {scale} scale with seed {seed}…")
        generate(scale, seed=seed, anchor=anchor, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Done. Sign in as bench-coordinator with the password {BENCH_PASSWORD}."))
