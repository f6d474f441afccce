"""Wagtail's ``update_index``, which also notes what it indexed of the library.

Publishing a text re-indexes only the sections whose content changed since
they were last indexed (``library.SectionIndexState``). After a full rebuild
every section is indexed as it is now, so that is recorded too; otherwise the
first edit of each text would re-index all its sections.
"""

from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as RebuildCommand,
)

from library.tasks import sections_index_state_record


class Command(RebuildCommand):
    def handle(self, **options):
        super().handle(**options)
        if not options.get("schema_only"):
            count = sections_index_state_record()
            self.write(f"Recorded {count} library sections as indexed")
