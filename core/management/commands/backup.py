"""Back up the site (database, uploads, private files) into one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.backup import site_backup


class Command(BaseCommand):
    help = "Write the database and the files of the site into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="The archive to write (default: studycircle-<date-time>.tar.gz here).",
        )
        parser.add_argument(
            "--files-only",
            action="store_true",
            help="Only the files (when the database is backed up with pg_dump).",
        )

    def handle(self, *, output, files_only, **options):
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        output = output or Path(f"studycircle-{stamp}.tar.gz")
        manifest = site_backup(output=output, files_only=files_only)
        self.stdout.write(
            f"Backed up to {output}: "
            + ("database and " if manifest["database"] else "")
            + ", ".join(f"{n} {alias} files" for alias, n in manifest["files"].items())
            + "."
        )
