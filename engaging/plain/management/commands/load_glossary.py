from django.core.management.base import BaseCommand

from engaging.plain.models import GlossaryTerm
from engaging.plain.seeding import seed_glossary


class Command(BaseCommand):
    help = (
        "Add the hub's starting glossary terms that are missing. Terms already there, "
        "including ones coordinators have changed or archived, are left alone; safe to run again."
    )

    def handle(self, *args, **options):
        added = seed_glossary(GlossaryTerm, GlossaryTerm.history.model)
        total = GlossaryTerm.objects.count()
        self.stdout.write(f"Added {added} glossary terms; {total} in use.")
