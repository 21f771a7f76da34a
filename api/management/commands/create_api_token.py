"""``manage.py create_api_token <username> [--name NAME]``: a personal token, printed once."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.services import create_personal_token


class Command(BaseCommand):
    help = "Create a personal API token for a user and print its secret (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Command line", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            token, secret = create_personal_token(user=user, name=name)
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise CommandError(" ".join(messages)) from error
        self.stdout.write(secret)
        self.stderr.write(
            self.style.WARNING(
                f"Token {token.prefix}… ({token.name}) for {user.username}: copy it now, "
                "it cannot be shown again (only its hash is stored)."
            )
        )
