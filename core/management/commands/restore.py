"""Restore the site from a ``backup`` archive, replacing what is there."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, site_has_content, site_restore


class Command(BaseCommand):
    help = (
        "Replace the database and files with a backup's, then rebuild the search "
        "index. Run it on a fresh (or migrated, empty) database."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Go on although the site has users: everything is replaced.",
        )

    def handle(self, *, archive, replace, **options):
        if not archive.is_file():
            raise CommandError(f"No backup at {archive}.")
        if not replace:
            from django.core.management import call_command

            call_command("migrate", interactive=False, verbosity=0)
            if site_has_content():
                raise CommandError(
                    "This site has users: restoring replaces everything in its "
                    "database and files. Pass --replace to go on."
                )
        try:
            site_restore(archive_path=archive, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored from {archive}."))
