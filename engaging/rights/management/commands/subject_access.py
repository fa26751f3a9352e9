"""Answer a subject access request from the command line: a ZIP with a readable summary and the data as JSON.

    python manage.py subject_access --email jo@example.org --output jo.zip
    python manage.py subject_access --name "Jo Bloggs" --output jo.zip --leave-out booking:12

What matches only by name may be someone else with the same name: the command lists each possible match with
its key, and --leave-out KEY (repeated) leaves one out.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from engaging.rights import services
from engaging.rights.describing import describe
from engaging.rights.finding import KIND, find_person
from engaging.rights.forms import FindPersonForm
from engaging.rights.models import DataRequest


class Command(BaseCommand):
    help = "Find everything the hub holds about a person and write it to a ZIP (summary.html and data.json)."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="", help="Their email address, matched whatever its capitals.")
        parser.add_argument("--name", default="", help="Their full name; matches by name are possible matches.")
        parser.add_argument("--output", required=True, help="Where to write the ZIP, like jo-bloggs.zip.")
        parser.add_argument(
            "--leave-out", action="append", default=[], metavar="KEY", help="A possible match that is not them."
        )
        parser.add_argument("--received", default="", help="When they asked, as YYYY-MM-DD (default: today).")
        parser.add_argument("--by", default="", help="Your username, recorded as who handled the request.")

    def handle(self, *args, **options):
        form = FindPersonForm({"email": options["email"], "name": options["name"], "received_on": options["received"]})
        if not form.is_valid():
            problems = "; ".join(
                f"--{'received' if field == 'received_on' else field}: {' '.join(errors)}"
                for field, errors in form.errors.items()
            )
            raise CommandError(problems)
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"--by: nobody has the username {options['by']!r}")
        output = Path(options["output"])
        if output.suffix.lower() != ".zip":
            raise CommandError("--output: give a file name ending in .zip")
        if not output.parent.is_dir():
            raise CommandError(f"--output: the folder {str(output.parent)!r} does not exist")
        found = find_person(email=form.cleaned_data["email"], name=form.cleaned_data["name"])
        if not found:
            raise CommandError("The hub holds nothing under these details: nothing was written.")
        known = {record.key for record in found.possible}
        unknown = [key for key in options["leave_out"] if key not in known]
        if unknown:
            raise CommandError(f"--leave-out: {', '.join(unknown)} is not one of the possible matches listed")
        chosen = found.chosen(known - set(options["leave_out"]))
        for record in found.possible:
            left = " (left out)" if record.key in options["leave_out"] else ""
            self.stdout.write(f"Possible match, by name only: {record.key}: {describe(record).heading}{left}")
        if not chosen:
            raise CommandError("Every match was left out: nothing was written.")
        data_request, archive = services.give_access(
            chosen, by=by, received_on=form.cleaned_data["received_on"], via=DataRequest.Via.COMMAND
        )
        output.write_bytes(archive)
        for slug, count in chosen.counts().items():
            self.stdout.write(f"{KIND[slug].title}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Request {data_request.reference}: wrote {output}"))
