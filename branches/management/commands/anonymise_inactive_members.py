from django.conf import settings
from django.core.management.base import BaseCommand

from branches.services import members_anonymise_inactive


class Command(BaseCommand):
    help = "Erase the personal data of members with no attendance for MEMBER_RETENTION_YEARS years."

    def add_arguments(self, parser):
        parser.add_argument(
            "--years", type=int, default=None,
            help=f"Override MEMBER_RETENTION_YEARS (now {settings.MEMBER_RETENTION_YEARS}).",
        )

    def handle(self, *args, years=None, **options):
        count = members_anonymise_inactive(years=years)
        self.stdout.write(f"Anonymised {count} inactive member(s).")
