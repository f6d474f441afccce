"""A rebuild: a new generation filled through one writer, then swapped in.

See ``store`` for the layout of the index folder and how writers share it.
"""

import contextlib
import multiprocessing.util
import os
from collections.abc import Iterable

from . import _whoosh_internals as internals
from .locking import file_lock
from .store import (
    MERGE_AT_SEGMENTS,
    REBUILD_LIMIT_MB,
    REBUILD_PROCESSES,
    WRITE_LOCK_TIMEOUT,
    IndexStore,
    with_weights,
)


class Rebuild:
    """One rebuild: a new generation, filled through one writer, then swapped in.

    ``update_index`` adds every object once, so documents are simply added.
    An id seen again (a model indexed under its parent model too) must
    replace the first copy, which Whoosh cannot do while its own writer still
    holds it: the writer is committed first, as a segment of its own.
    """

    def __init__(self, store: IndexStore, generation: str, alive: int):
        self.store = store
        self.generation = generation
        self._alive = alive  # BUILDING.lock, held until the rebuild ends
        # The writer's worker processes inherit the lock's file: they close
        # their copy, so that if this process dies the lock is free at once.
        multiprocessing.util.register_after_fork(self, Rebuild._release)
        self._index = store._open(generation)
        self._writer = self._new_writer()
        self._seen: set[str] = set()
        self._held: set[str] = set()  # ids in the open writer

    def _new_writer(self):
        options = {"timeout": WRITE_LOCK_TIMEOUT, "limitmb": REBUILD_LIMIT_MB}
        if REBUILD_PROCESSES > 1:
            # Whoosh's multiprocessing writer: each process analyses a share of
            # the documents and writes its own segment, left unmerged.
            options.update(procs=REBUILD_PROCESSES, multisegment=True)
        return internals.open_writer(self._index, **options)

    def _flush(self) -> None:
        self._writer.commit(merge=False)
        self._writer = self._new_writer()
        self._held.clear()

    def add(self, documents: Iterable[dict]) -> None:
        for doc in documents:
            doc_id = doc["id"]
            if doc_id in self._held:
                self._flush()
            doc = with_weights(doc)
            if doc_id in self._seen:
                self._writer.update_document(**doc)
            else:
                self._writer.add_document(**doc)
            self._seen.add(doc_id)
            self._held.add(doc_id)

    def delete(self, ids: Iterable[str]) -> None:
        ids = [doc_id for doc_id in ids if doc_id in self._seen]
        if self._held.intersection(ids):
            self._flush()
        for doc_id in ids:
            self._writer.delete_by_term("id", doc_id)

    def finish(self) -> None:
        """Write the new generation, apply what others wrote meanwhile, swap it in."""
        store = self.store
        try:
            # The long part (sorting and writing the segment), outside the
            # lock: other writers go on meanwhile, into BUILDING.updates.
            self._writer.commit()
            with file_lock(store.lock_path, timeout=WRITE_LOCK_TIMEOUT):
                store._apply_pending()
                self._apply_updates()
                previous = store.current_generation()
                store._atomic_write(store.pointer, self.generation)
                store._end_building()
                store._prune([g for g in (self.generation, previous) if g])
        except BaseException:
            self.abandon()
            raise
        finally:
            self._release()

    def _apply_updates(self) -> None:
        """Other writers' updates, in order; each id's last one wins."""
        final: dict[str, dict | None] = {}
        for _path, documents, delete_ids in self.store._spooled(
            self.store.building_updates
        ):
            final.update(dict.fromkeys(delete_ids))
            final.update((doc["id"], doc) for doc in documents)
        if not final:
            return
        writer = internals.open_writer(self._index, timeout=WRITE_LOCK_TIMEOUT)
        try:
            for doc_id, doc in final.items():
                if doc is None:
                    writer.delete_by_term("id", doc_id)
                else:
                    writer.update_document(**with_weights(doc))
        except BaseException:
            writer.cancel()
            raise
        # Each write adds a small segment. Whoosh merges the small ones on
        # every commit by default, which made each publish cost a second or
        # more once a few edits had been made: merge only when they pile up.
        writer.commit(merge=len(writer.segments) >= MERGE_AT_SEGMENTS)

    def abandon(self) -> None:
        """Drop the half-built generation; searches never saw it."""
        with contextlib.suppress(Exception):
            self._writer.cancel()
        with file_lock(self.store.lock_path, timeout=WRITE_LOCK_TIMEOUT):
            if self.store._building_generation() == self.generation:
                self.store._end_building(drop=self.generation)
        self._release()

    def _release(self) -> None:
        if self._alive is not None:
            os.close(self._alive)  # releases BUILDING.lock
            self._alive = None
