"""Rebuild PostgreSQL's index of current findings' words from the first of this month (see search_index.py)."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from engaging.insight import search_index


class Command(BaseCommand):
    help = (
        "On PostgreSQL, index the words of findings reviewed from the first of this month on, and drop the "
        "index of an earlier month, so that searches of current findings stay quick. Run it once a month."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        name = search_index.refresh_current(connections[database])
        if name is None:
            self.stdout.write("Nothing to do: only PostgreSQL keeps an index of current findings' words.")
        else:
            self.stdout.write(f"Searches of current findings use {name}.")
