from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from engaging.demo.data import PASSWORD
from engaging.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load a demo partnership modelled on Dudley: organisations, places, shared lists, about 60 "
        "activities and demo users. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when DEBUG is off. The demo users' password is published, so never do this on a live site.",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load the demo: DEBUG is off, so this may be a live site, and every demo user "
                f"has the published password “{PASSWORD}”. Pass --force if you really mean it."
            )
        result = load_demo()
        totals = ", ".join(f"{count} {name}" for name, count in result.totals.items())
        if result.anything_created:
            created = ", ".join(f"{count} {name}" for name, count in sorted(result.created.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Created: {created}."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data is already loaded; nothing was changed."))
        self.stdout.write(f"In the database now: {totals}.")
        self.stdout.write(f"Sign in with any of these usernames and the password {PASSWORD}:")
        width = max(len(username) for username, _role, _org in result.users)
        for username, role, organisation in result.users:
            self.stdout.write(f"  {username.ljust(width)}  {role}, {organisation}")
