from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.accounts.services import second_factor_remove


class Command(BaseCommand):
    help = (
        "Remove someone's second-factor devices and recovery codes (a lost "
        "phone): they set up a new one at their next login."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="the account's e-mail address")

    def handle(self, *args, username, **options):
        user = (
            get_user_model().objects.filter(username__iexact=username.strip()).first()
        )
        if user is None:
            raise CommandError(f"No account {username!r}.")
        second_factor_remove(user=user)
        self.stdout.write(f"Removed the second factor of {user.username}.")
