"""Work out and store the figures readers open most, so that even the first reader of each is served at once:

    .venv/bin/python manage.py store_figures

Each board's dashboard for the last 12 months, and each board member's evidence page. Run it after a
deploy (figures stored by older code are worked out again as they are read) and when a board is set
up; afterwards the task worker keeps them up to date.
"""

import time
from datetime import date

from django.core.management.base import BaseCommand

from engaging.accounts.models import Organisation
from engaging.assurance import stored
from engaging.board.models import Board


class Command(BaseCommand):
    help = "Work out and store each board's dashboard and each board member's evidence page, for the last 12 months."

    def handle(self, *args, **options):
        today = date.today()
        views = [("dashboard", f"board={pk}") for pk in Board.objects.values_list("pk", flat=True)] or [
            ("dashboard", "board=")
        ]
        views += [
            ("evidence", f"organisation={pk}")
            for pk in Organisation.objects.filter(on_board=True).values_list("pk", flat=True)
        ]
        started = time.monotonic()
        for kind, key in views:
            stored.work_out(kind, key, today=today)
        how_many = f"{len(views)} view" + ("" if len(views) == 1 else "s")
        self.stdout.write(f"Stored the figures of {how_many} in {time.monotonic() - started:.1f} s.")
