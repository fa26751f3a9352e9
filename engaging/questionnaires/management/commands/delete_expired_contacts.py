"""Delete the contact details residents left to hear what happened, once their questionnaire's time is up.

Run daily (cron or a scheduled task). A questionnaire keeps them until 30 days after the date it said
people would hear what happened, or, with no such date, 120 days after it closed.
"""

from django.core.management.base import BaseCommand

from engaging.questionnaires import services


class Command(BaseCommand):
    help = "Delete questionnaire contact details kept past their questionnaire's retention date."

    def handle(self, *args, **options):
        count = services.delete_expired_contacts()
        self.stdout.write(f"Deleted {count} set{'s' if count != 1 else ''} of contact details.")
