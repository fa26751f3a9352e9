"""Delete the contact details residents left to hear what happened, once their time on the retention schedule is up.

Kept for scripts that call it: `manage.py apply_retention` does this and the rest of the schedule every day. A
questionnaire keeps them until the schedule's days (30 unless a coordinator changed them) after the date it said
people would hear what happened, or, with no such date, after 90 days from closing. The run is recorded.
"""

from django.core.management.base import BaseCommand

from engaging.privacy import retention
from engaging.questionnaires.models import HEAR_BACK_KIND


class Command(BaseCommand):
    help = "Delete questionnaire contact details kept past their retention date (part of apply_retention)."

    def handle(self, *args, **options):
        run = retention.apply_schedule(only={HEAR_BACK_KIND})
        count = run.counts[HEAR_BACK_KIND]["deleted"]
        self.stdout.write(f"Deleted {count} set{'s' if count != 1 else ''} of contact details.")
