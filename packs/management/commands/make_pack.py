from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from packs.documents import PackSourceError, pack_source_from_ref
from packs.options import EDITIONS, SIZES, PackOptions, PackOptionsError
from packs.services import pack_render


class Command(BaseCommand):
    help = (
        "Print a pack to a PDF file: PAGE_OR_SESSION is a page id, a page path "
        "(/courses/a-course/a-module/) or session:<id>."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="PAGE_OR_SESSION")
        parser.add_argument("--edition", choices=EDITIONS, default="learner")
        parser.add_argument("--size", choices=SIZES, default="clear")
        parser.add_argument(
            "--booklet", action="store_true", help="A5 booklet imposed on A4"
        )
        parser.add_argument("--out", required=True, metavar="FILE.pdf")

    def handle(self, *args, **options):
        try:
            source = pack_source_from_ref(options["source"])
            pack_options = PackOptions(
                edition=options["edition"],
                size=options["size"],
                booklet=options["booklet"],
            )
        except (PackSourceError, PackOptionsError) as error:
            raise CommandError(str(error)) from error
        pdf = pack_render(page=source, options=pack_options)
        out = Path(options["out"])
        out.write_bytes(pdf)
        self.stdout.write(
            self.style.SUCCESS(
                f"{source.title}: {pack_options.label}, {len(pdf):,} bytes → {out}"
            )
        )
