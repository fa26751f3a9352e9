"""Apply the retention schedule now: anonymise or delete what has been kept past its time, history included.

manage.py apply_retention                 # every kind, and record the run
manage.py apply_retention --dry-run       # say what it would do, change nothing
manage.py apply_retention --kind stories --kind views
manage.py apply_retention --start-daily   # queue the task worker's daily run (once, when setting up)
"""

from django.core.management.base import BaseCommand, CommandError

from engaging.privacy import retention, schedule, tasks


class Command(BaseCommand):
    help = "Anonymise or delete personal data kept past its time on the retention schedule, and say what was done."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be done, and change nothing.")
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            metavar="KIND",
            help=f"Only this kind (may be given more than once): {', '.join(schedule.BY_KEY)}.",
        )
        parser.add_argument(
            "--start-daily",
            action="store_true",
            help="Queue the task worker's daily run, which then queues itself each day; nothing else is done.",
        )

    def handle(self, *args, dry_run, kinds, start_daily, **options):
        if start_daily:
            if dry_run or kinds:
                raise CommandError("--start-daily queues the daily run of every kind: give it on its own.")
            try:
                queued = tasks.start_daily()
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            when = tasks.next_queued()
            if queued:
                self.stdout.write(
                    f"Queued the daily retention run. The task worker starts it at {when:%Y-%m-%d %H:%M}."
                )
            else:
                self.stdout.write(f"The daily retention run is already queued, for {when:%Y-%m-%d %H:%M}.")
            return
        unknown = sorted(set(kinds or ()) - set(schedule.BY_KEY))
        if unknown:
            raise CommandError(
                f"No kind called {', '.join(unknown)} on the schedule. Kinds: {', '.join(schedule.BY_KEY)}."
            )
        run = retention.apply_schedule(dry_run=dry_run, only=set(kinds) if kinds else None)
        self.stdout.write(report(run))


def report(run) -> str:
    """One line per kind: what was (or would be) anonymised and deleted."""
    lines = ["Dry run: nothing was changed. This is what a real run would do." if run.dry_run else "Retention applied."]
    width = max(len(schedule.BY_KEY[key].name) for key in run.counts) if run.counts else 0
    for key, done in run.counts.items():
        name = schedule.BY_KEY[key].name
        days = schedule.plain_days(run.periods[key])
        lines.append(f"  {name:<{width}}  kept {days}: {done['anonymised']:,} anonymised, {done['deleted']:,} deleted")
    return "\n".join(lines)
