from django.core.management.base import BaseCommand, CommandError

from library.models import LibraryIndexPage
from library.services import sources_from_paths, texts_import


class Command(BaseCommand):
    help = (
        "Import plain text, Markdown or HTML files as library texts. A .yaml/.yml/.json "
        "file of the same name gives the metadata (Project Gutenberg's metadata.yaml too). "
        "Importing the same file again updates its text."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to import.")
        parser.add_argument(
            "--under",
            help="The library page (id or slug) to import into; the only one if omitted.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the files, save nothing."
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish instead of saving drafts."
        )

    def handle(self, *args, paths, under=None, dry_run=False, publish=False, **options):
        libraries = LibraryIndexPage.objects.all()
        if under:
            libraries = (
                libraries.filter(pk=int(under))
                if under.isdigit()
                else libraries.filter(slug=under)
            )
        library = libraries.first()
        if library is None:
            raise CommandError(
                "No library page found: create one under the home page, or name it with --under."
            )
        if not under and libraries.count() > 1:
            raise CommandError(
                "There is more than one library page: choose one with --under."
            )
        sources, problems = sources_from_paths(paths=paths)
        report = texts_import(
            sources=sources, library=library, publish=publish, dry_run=dry_run
        )
        report.failed += len(problems)
        for line in problems + report.lines:
            style = (
                self.style.ERROR if line.startswith("Failed") else self.style.SUCCESS
            )
            self.stdout.write(style(line))
        prefix = "Dry run, nothing saved: " if dry_run else ""
        self.stdout.write(prefix + report.summary)
