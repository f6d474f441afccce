"""Wagtail's ``update_index``, plus ``--repair`` and the apps' own follow-up.

``update_index`` rebuilds every search index. ``update_index --repair``
indexes just the objects missing from the index (what the admin dashboard's
warning lists), without a rebuild, on backends that can (our Whoosh backend).

Apps that keep state about what was indexed register a Wagtail hook
``after_search_index_update(kind=..., objects=...)``: ``kind`` is
``"rebuild"`` (everything is indexed as it is now) or ``"repair"``
(``objects`` is ``{model label: count}``). The library notes its sections
as indexed there; ``core`` imports no app.
"""

from django.core.management.base import CommandError
from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as RebuildCommand,
)
from wagtail import hooks
from wagtail.search.backends import get_search_backend


class Command(RebuildCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Index only the objects missing from the index (no rebuild).",
        )

    def handle(self, **options):
        if options.get("repair"):
            self._repair(options)
            return
        super().handle(**options)
        if not options.get("schema_only"):
            self._after(kind="rebuild", objects={})

    def _repair(self, options):
        self.verbosity = options.get("verbosity", 1)
        backend = get_search_backend(options.get("backend_name") or "default")
        repair = getattr(backend, "repair", None)
        if repair is None:
            raise CommandError(
                "This search backend cannot repair: run `manage.py update_index`."
            )
        try:
            repaired = repair()
        except Exception as error:  # noqa: BLE001 - reported with the way out
            raise CommandError(
                f"The search index cannot be repaired ({type(error).__name__}: "
                f"{error}): run `manage.py update_index` to rebuild it."
            ) from error
        for label, count in repaired.items():
            self.write(f"Indexed {count} missing {label}")
        if not repaired:
            self.write("Nothing was missing from the search index")
        self._after(kind="repair", objects=repaired)

    def _after(self, *, kind: str, objects: dict) -> None:
        for hook in hooks.get_hooks("after_search_index_update"):
            message = hook(kind=kind, objects=objects)
            if message:
                self.write(message)
