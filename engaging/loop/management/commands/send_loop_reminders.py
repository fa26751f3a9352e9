"""Queue the reminders about overdue feedback. Run it daily, for example from cron:

    15 7 * * *  cd /srv/engaging && .venv/bin/python manage.py send_loop_reminders

The task worker (`manage.py db_worker`) then emails each overdue activity's contact and its lead
organisation's officers, at most once a week per activity.
"""

from django.core.management.base import BaseCommand

from engaging.loop.tasks import send_loop_reminders


class Command(BaseCommand):
    help = "Queue reminders to tell participants what happened, for activities that are overdue."

    def handle(self, *args, **options):
        result = send_loop_reminders.enqueue()
        self.stdout.write(f"Queued the loop-closure reminders (task {result.id}).")
