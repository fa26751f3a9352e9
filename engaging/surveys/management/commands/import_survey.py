"""`manage.py import_survey PATH --survey "NAME"`: import a file of survey respondents, all or nothing."""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from engaging.accounts.models import Organisation
from engaging.surveys.importing import import_survey


class Command(BaseCommand):
    help = (
        "Import survey results, one row per respondent, from a CSV or Excel file into the survey of that name "
        "(created if new). Columns: date, area, an optional weight, then one column per question. "
        "Any problem refuses the whole file; the problems are written to standard error."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .csv or .xlsx file.")
        parser.add_argument("--survey", required=True, help="The survey's name, for example “Feeling the Difference”.")
        parser.add_argument(
            "--organisation", default="", help="For a new survey: the name of the organisation running it."
        )

    def handle(self, *args, path: str, survey: str, organisation: str, **options):
        if not survey.strip():
            raise CommandError("Give the survey's name with --survey.")
        if not os.path.isfile(path):
            raise CommandError(f"There is no file at {path}.")
        running = None
        if organisation.strip():
            running = Organisation.objects.filter(name__iexact=organisation.strip()).first()
            if running is None:
                raise CommandError(f"There is no organisation called “{organisation.strip()}”.")
        started = time.monotonic()
        result = import_survey(path=path, filename=os.path.basename(path), survey_name=survey, organisation=running)
        for note in result.notes:
            self.stdout.write(note)
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            if result.hidden_count:
                self.stderr.write(f"…and {result.hidden_count:,} more problem(s).")
            raise CommandError(result.summary())
        seconds = time.monotonic() - started
        self.stdout.write(result.summary())
        self.stdout.write(f"Took {seconds:.1f} seconds ({result.created / max(seconds, 0.001):,.0f} rows a second).")
