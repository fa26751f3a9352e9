from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from engaging.core import backups


class Command(BaseCommand):
    help = (
        "Back up the hub's database while it runs: SQLite with its online backup API (a consistent copy), "
        "PostgreSQL with pg_dump's custom format. Prints where the backup went and what it holds."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="The file to write (default: BACKUP_DIR/hub-<date>-<time>.sqlite3 or .dump)."
        )
        parser.add_argument(
            "--gzip", action="store_true", help="SQLite: compress the copy (also when --output ends .gz)."
        )

    def handle(self, *args, output, gzip, **options):
        compressed = gzip or (output is not None and output.suffix == ".gz")
        path = output or backups.default_path(compressed=compressed)
        try:
            summary = backups.backup(path, compressed=compressed)
        except (backups.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {summary.describe()}.")
