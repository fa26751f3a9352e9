from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from engaging.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Create a personal API token for a user and print the token alone."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Created from the command line")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user called “{username}”.")
        _, secret = ApiToken.issue(user=user, name=name)
        self.stdout.write(secret)
