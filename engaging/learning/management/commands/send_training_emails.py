"""Send the training emails that are due. Run it every hour or so, for example from cron:

    5 * * * *  cd /srv/engaging && .venv/bin/python manage.py send_training_emails

Reminders go to everyone with a place on a session starting within TRAINING_REMINDER_DAYS days (or --days);
after a session ends, everyone recorded as having attended is asked for feedback and sent their certificate's
link. Each email is sent once, however often the command runs.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from engaging.learning import reminders


class Command(BaseCommand):
    help = "Send reminders before training sessions, and feedback requests to those who attended afterwards."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Remind people this many days ahead.")

    def handle(self, *args, days=None, **options):
        days = settings.TRAINING_REMINDER_DAYS if days is None else days
        if days < 0:
            self.stderr.write("--days cannot be negative.")
            return
        reminded = reminders.send_reminders(days)
        asked = reminders.send_feedback_requests()
        self.stdout.write(
            f"Sent {reminded} reminder{'s' if reminded != 1 else ''} for sessions in the next {days} days "
            f"and {asked} feedback request{'s' if asked != 1 else ''} to people who attended."
        )
