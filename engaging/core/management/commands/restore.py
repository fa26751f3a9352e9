from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from engaging.core import backups


class Command(BaseCommand):
    help = (
        "Replace everything in the hub's database with a backup made by `manage.py backup`. The backup is checked "
        "first: a file that is not a backup of this hub, or one made by a newer version of it, is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup to restore.")
        parser.add_argument(
            "--noinput", "--no-input", "--yes", action="store_false", dest="interactive",
            help="Restore without asking to confirm.",
        )  # fmt: skip

    def handle(self, *args, path, interactive, **options):
        try:
            checked = backups.restore(path, check_only=True)
            if interactive and not self._confirmed(checked):
                raise CommandError("Nothing was restored.")
            summary = backups.restore(path)
        except (backups.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {summary.describe()}.")
        if summary.missing_migrations:
            self.stdout.write(
                "The backup was made by an older version of the hub: run `python manage.py migrate` now to bring it "
                f"up to date ({_changes(len(summary.missing_migrations))} to apply)."
            )

    def _confirmed(self, checked) -> bool:
        where = connection.settings_dict["NAME"]
        rows = f", {checked.rows:,} rows" if checked.rows is not None else ""
        self.stdout.write(
            f"This replaces everything in the database {where} with the backup {checked.path} "
            f"({checked.tables} tables{rows}). What is in the database now is lost unless it is backed up."
        )
        answer = input("Type 'yes' to restore: ")
        return answer.strip().lower() == "yes"


def _changes(count: int) -> str:
    return "1 change" if count == 1 else f"{count} changes"
