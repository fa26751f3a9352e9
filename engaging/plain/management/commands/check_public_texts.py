from django.core.management.base import BaseCommand

from engaging.plain.scoring import rescore_all


class Command(BaseCommand):
    help = (
        "Check every public text with the plain-language checker and keep its score for the coordinators' "
        "“Public texts” page. Texts whose words have not changed since they were last checked are skipped, "
        "unless --force is given. Run it after changing PLAIN_TARGET_READING_AGE or importing in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Check every text again, changed or not.")
        parser.add_argument("--batch", type=int, default=500, help="How many records to read at a time.")

    def handle(self, *args, force: bool = False, batch: int = 500, **options):
        counts = rescore_all(batch=max(1, batch), force=force)
        self.stdout.write(
            f"Checked {counts.checked} public texts, {counts.unchanged} unchanged, {counts.removed} scores removed."
        )
