from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import demo_load
from core.models import HomePage


class Command(BaseCommand):
    help = (
        "Load the demo course, the site's sections and four demo accounts with "
        "known passwords. Safe to run again: it only adds what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. The demo accounts have published "
            "passwords: never use this on a real site.",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo refused: DEBUG is off, so this looks like a real site, "
                "and the demo accounts have passwords anyone can read. "
                "Use --force only if you are sure this is a demo or test site."
            )
        try:
            demo_load(stdout=self.stdout)
        except HomePage.DoesNotExist as error:
            raise CommandError(
                "There is no Study Circle home page: run `manage.py migrate` first."
            ) from error
        self.stdout.write(self.style.SUCCESS("The demo content is loaded."))
