from django.conf import settings
from django.core.management.base import BaseCommand

from scans.services import scans_delete_expired


class Command(BaseCommand):
    help = "Delete sign-in sheet pictures older than SCAN_RETENTION_DAYS (run daily)."

    def handle(self, *args, **options):
        count = scans_delete_expired()
        self.stdout.write(
            f"Deleted the pictures of scans older than {settings.SCAN_RETENTION_DAYS} days "
            f"({count} unconfirmed upload(s) removed)."
        )
