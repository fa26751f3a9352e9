"""`manage.py import_practices epraccur.csv --area "Dudley borough" [--commissioner 05C] [--list-sizes FILE]`."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from engaging.lists.models import Area
from engaging.surveys.practice_files import import_list_sizes, import_practice_file


class Command(BaseCommand):
    help = (
        "Record GP practices from NHS Digital's practice file (epraccur.csv), and optionally their registered "
        "patients from the patients-registered file. Practices new to the hub are put in --area; move them to "
        "their wards afterwards. Any problem refuses the whole file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="NHS Digital's practice file, epraccur.csv.")
        parser.add_argument("--area", default="", help="The area (official code or name) for new practices.")
        parser.add_argument("--commissioner", default="", help="Only practices of this commissioner code, e.g. 05C.")
        parser.add_argument("--list-sizes", default="", help="NHS Digital's patients-registered file.")

    def handle(self, *args, path, area, commissioner, list_sizes, **options):
        place = None
        if area.strip():
            places = list(Area.objects.filter(Q(code__iexact=area.strip()) | Q(name__iexact=area.strip())))
            if len(places) != 1:
                raise CommandError(f"No single area has the code or name “{area.strip()}”.")
            place = places[0]
        try:
            result = import_practice_file(path=path, area=place, commissioner=commissioner.strip())
            sizes = import_list_sizes(path=list_sizes) if list_sizes and result.ok else None
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from None
        for found in (result, sizes):
            if found is not None and not found.ok:
                for problem in found.problems[:200]:
                    self.stderr.write(problem)
                raise CommandError("Nothing was imported from that file.")
        self.stdout.write(
            f"{result.created} practice(s) added, {result.updated} updated, {result.archived} closed and archived."
        )
        if sizes is not None:
            self.stdout.write(f"Registered patients set for {sizes.updated} practice(s).")
