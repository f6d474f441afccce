"""The Whoosh index on disk: generations, the ``CURRENT`` pointer, writes.

Layout of ``SEARCH_INDEX_DIR``::

    CURRENT              name of the generation searches read (atomic replace)
    BUILDING             name of the generation a rebuild is filling, if any
    BUILDING.lock        held (flock) by the rebuilding process while it lives
    BUILDING.updates/    what other writers wrote while the rebuild ran
    write.lock           the cross-process writer lock (see locking.py)
    pending/             updates left by writers that found the lock busy
    gen-<ns>-<pid>/      one complete Whoosh index per generation

Searches open ``CURRENT``. ``update_index`` fills a new generation through one
Whoosh writer, held from start to finish, so the rebuild is written as a
single segment with no merging (merging segments is what makes Whoosh
rebuilds slow), then swaps ``CURRENT`` to it in one ``os.replace``: searches
keep working during a rebuild. While a rebuild runs, ordinary writes go to the
current generation and are also kept in ``BUILDING.updates/``; the rebuild
applies them after its own documents, because what it read from the database
may be older. A rebuild whose process died leaves ``BUILDING.lock`` free: the
next writer sees that and drops the half-built generation.

An ordinary write waits a few seconds for the lock; if it is still busy the
update is saved in ``pending/`` and whoever next holds the lock applies it
first, so no update is lost and no request waits long. ``IndexStore.apply_pending``
(and ``WhooshIndex.refresh``) apply them on demand.

Whoosh commits by writing new segment files and then renaming a new table of
contents into place, so a crash mid-commit leaves the previous commit intact
(a process killed mid-update loses that update, never the index: the apps'
health check finds what is missing and ``update_index --repair`` adds it).

Files are read without memory maps (``FileStorage(supports_mmap=False)``): a
segment file truncated under a mapped reader raises SIGBUS and kills the
process; read normally, it raises an exception that search reports.
"""

import contextlib
import fcntl
import logging
import os
import pickle
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from whoosh import index
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage

from . import _whoosh_internals as internals
from .locking import LockTimeout, file_lock
from .schema import PAIRS, TEXT, WEIGHTS, make_schema

logger = logging.getLogger("whoosh_modelsearch")

#: Seconds a rebuild or reset waits for the writer lock.
WRITE_LOCK_TIMEOUT = 120.0
#: Seconds an ordinary write (a page save, in a request) waits for the lock
#: before it leaves its update in ``pending/`` for the next writer to apply.
UPDATE_LOCK_TIMEOUT = 5.0
#: Segments an index may have before an ordinary write merges the small ones.
MERGE_AT_SEGMENTS = 8
#: Processes that analyse a rebuild's documents (``SEARCH_REBUILD_PROCESSES``;
#: default: two, or one on a single-core machine).
REBUILD_PROCESSES = max(
    int(os.environ.get("SEARCH_REBUILD_PROCESSES") or min(2, os.cpu_count() or 1)), 1
)
#: Megabytes each of them sorts in memory before it spills to disk.
REBUILD_LIMIT_MB = 128


class SearchIndexError(Exception):
    """The index cannot be read or written; the message says why."""


class IndexMissing(SearchIndexError):
    """There is no current generation: the index was never built or was removed."""


class IndexStore:
    """All access to one index folder; cheap to create, safe across processes."""

    def __init__(self, root: Path):
        self.root = Path(root)

    # Paths -----------------------------------------------------------------

    @property
    def pointer(self) -> Path:
        return self.root / "CURRENT"

    @property
    def building(self) -> Path:
        return self.root / "BUILDING"

    @property
    def building_lock(self) -> Path:
        return self.root / "BUILDING.lock"

    @property
    def building_updates(self) -> Path:
        return self.root / "BUILDING.updates"

    @property
    def lock_path(self) -> Path:
        return self.root / "write.lock"

    # Generations ---------------------------------------------------------------

    def current_generation(self) -> str | None:
        try:
            name = self.pointer.read_text().strip()
        except FileNotFoundError:
            return None
        return name or None

    def _building_generation(self) -> str | None:
        try:
            return self.building.read_text().strip() or None
        except FileNotFoundError:
            return None

    def _new_generation(self) -> str:
        name = f"gen-{time.time_ns()}-{os.getpid()}"
        folder = self.root / name
        folder.mkdir(parents=True)
        _storage(folder).create_index(make_schema())
        return name

    def _atomic_write(self, path: Path, text: str) -> None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    def _prune(self, keep: Iterable[str]) -> None:
        """Remove generations other than ``keep`` (readers retry on a vanished one)."""
        keep = set(keep)
        for folder in self.root.glob("gen-*"):
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    def _open(self, generation: str):
        return _storage(self.root / generation).open_index()

    def reset(self) -> None:
        """Swap in a new, empty generation."""
        self.root.mkdir(parents=True, exist_ok=True)
        with file_lock(self.lock_path, timeout=WRITE_LOCK_TIMEOUT):
            new = self._new_generation()
            self._atomic_write(self.pointer, new)
            shutil.rmtree(self.pending, ignore_errors=True)
            building = self._building_generation()
            self._prune([new, building] if building else [new])

    def begin_rebuild(self):
        """Start filling a new generation; ``Rebuild.finish`` swaps it in."""
        # rebuild.py builds on this module (its lock, generations and writes).
        from .rebuild import Rebuild

        self.root.mkdir(parents=True, exist_ok=True)
        with file_lock(self.lock_path, timeout=WRITE_LOCK_TIMEOUT):
            self._live_building()  # drops a rebuild whose process died
            new = self._new_generation()
            alive = os.open(self.building_lock, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(alive, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(alive)
                shutil.rmtree(self.root / new, ignore_errors=True)
                raise LockTimeout(
                    "Another rebuild of the search index is running."
                ) from None
            shutil.rmtree(self.building_updates, ignore_errors=True)
            self.building_updates.mkdir()
            self._atomic_write(self.building, new)
            return Rebuild(self, new, alive)

    def _live_building(self) -> str | None:
        """The generation a running rebuild fills, if any (the caller holds the
        lock). A rebuild whose process died is dropped here."""
        building = self._building_generation()
        if building is None:
            return None
        probe = os.open(self.building_lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return building  # its process holds the lock: it is running
        finally:
            os.close(probe)  # releases the probe's lock, if it got it
        logger.warning(
            "Search index: dropping a rebuild that did not finish (%s)", building
        )
        self._end_building(drop=building)
        return None

    def _end_building(self, *, drop: str | None = None) -> None:
        self.building.unlink(missing_ok=True)
        shutil.rmtree(self.building_updates, ignore_errors=True)
        if drop:
            shutil.rmtree(self.root / drop, ignore_errors=True)

    # Writing -----------------------------------------------------------------

    def write(
        self, *, documents: Iterable[dict] = (), delete_ids: Iterable[str] = ()
    ) -> None:
        """Add or replace ``documents`` and delete ``delete_ids``, under the lock."""
        documents = list(documents)
        delete_ids = list(delete_ids)
        if not documents and not delete_ids:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            with file_lock(self.lock_path, timeout=UPDATE_LOCK_TIMEOUT):
                self._apply_pending()
                self._update(documents, delete_ids)
        except LockTimeout:
            # Someone holds the lock for long (a big commit): leave the update
            # for the next writer rather than keep a request waiting.
            self._spool(self.pending, documents, delete_ids)
            logger.warning("Search index busy: update left in %s", self.pending)

    def _update(self, documents: list[dict], delete_ids: list[str]) -> None:
        current = self.current_generation()
        if current is None or not (self.root / current).is_dir():
            current = self._new_generation()
            self._atomic_write(self.pointer, current)
        self._commit(current, documents, delete_ids)
        if self._live_building():
            self._spool(self.building_updates, documents, delete_ids)

    @property
    def pending(self) -> Path:
        return self.root / "pending"

    @staticmethod
    def _spool(folder: Path, documents: list[dict], delete_ids: list[str]) -> None:
        """Keep an update in ``folder``, to apply later in the order written."""
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{os.getpid()}-{threading.get_ident()}"
        tmp = folder / f".{name}.tmp"
        with open(tmp, "wb") as handle:
            pickle.dump((documents, delete_ids), handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, folder / f"{name}.update")

    @staticmethod
    def _spooled(folder: Path) -> Iterator[tuple[Path, list[dict], list[str]]]:
        """The updates kept in ``folder``, oldest first."""
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.update")):
            with open(path, "rb") as handle:
                # Our own file, written by _spool above.
                documents, delete_ids = pickle.load(handle)  # noqa: S301
            yield path, documents, delete_ids

    def pending_count(self) -> int:
        return len(list(self.pending.glob("*.update"))) if self.pending.is_dir() else 0

    def _apply_pending(self) -> None:
        """Apply spooled updates, oldest first (the caller holds the lock)."""
        for path, documents, delete_ids in self._spooled(self.pending):
            self._update(documents, delete_ids)
            path.unlink()

    def apply_pending(self) -> None:
        """Apply updates that were left while the index was busy."""
        if self.pending_count():
            with file_lock(self.lock_path, timeout=WRITE_LOCK_TIMEOUT):
                self._apply_pending()

    def _commit(self, generation: str, documents: list[dict], delete_ids: list[str]):
        ix = self._open(generation)
        writer = internals.open_writer(ix, timeout=WRITE_LOCK_TIMEOUT)
        try:
            for doc_id in delete_ids:
                writer.delete_by_term("id", doc_id)
            for doc in documents:
                writer.update_document(**with_weights(doc))
        except BaseException:
            writer.cancel()
            raise
        # Each write adds a small segment. Whoosh merges the small ones on
        # every commit by default, which made each publish cost a second or
        # more once a few edits had been made: merge only when they pile up.
        writer.commit(merge=len(writer.segments) >= MERGE_AT_SEGMENTS)

    # Reading -----------------------------------------------------------------

    @contextlib.contextmanager
    def searcher(self) -> Iterator:
        """A searcher on the current generation, reused per thread while valid."""
        try:
            searcher = self._cached_searcher()
        except (OSError, index.EmptyIndexError):
            # The generation may have been pruned between reading the pointer
            # and opening it: forget what we hold and try once more.
            _forget_searchers(self.root)
            searcher = self._cached_searcher()
        yield searcher

    def _cached_searcher(self):
        generation = self.current_generation()
        if generation is None:
            raise IndexMissing(f"No search index in {self.root}")
        cache = _searchers()
        key = (str(self.root), generation)
        searcher = cache.get(key)
        if searcher is not None:
            if searcher.up_to_date():
                return searcher
            # Not Searcher.refresh(): in whoosh-reloaded 2.7.5 it adds the old
            # reader's segments to the new ones when they differ, and a segment
            # that gained deletions differs, so an edited document was found
            # under its old words too. A new searcher reads the index afresh.
        _forget_searchers(self.root)
        ix = self._open(generation)
        searcher = internals.Searcher(ix.reader(), fromindex=ix)
        cache[key] = searcher
        return searcher

    def doc_count(self) -> int:
        with self.searcher() as searcher:
            return searcher.doc_count()

    def read(self, action):
        """``action(searcher)``; a missing or unreadable index is logged and
        raised as ``SearchIndexError``."""
        try:
            with self.searcher() as searcher:
                return action(searcher)
        except IndexMissing:
            logger.error("Search index missing in %s", self.root)
            raise
        except Exception as error:
            logger.exception("Search index unreadable in %s", self.root)
            raise SearchIndexError(
                f"The search index in {self.root} cannot be read "
                f"({type(error).__name__}: {error})"
            ) from error

    @staticmethod
    def indexed_ids(searcher, labels: Iterable[str]) -> dict[str, set[str]]:
        """{content type label: the primary keys indexed under it}."""
        found: dict[str, set[str]] = {label: set() for label in labels}
        pks = column_of(searcher.reader(), "pk")
        for label in found:
            for docnum in searcher.docs_for_query(wq.Term("ct", label)):
                found[label].add(pks[docnum].decode())
        return found


def column_of(reader, name: str):
    """A column's reader; for an index with no documents yet, an empty list
    (Whoosh's reader of an empty index has no columns and raises)."""
    return reader.column_reader(name) if reader.has_column(name) else []


def _storage(folder: Path) -> FileStorage:
    # No memory maps: see the module's docstring.
    return FileStorage(str(folder), supports_mmap=False)


def with_weights(doc: dict) -> dict:
    """``doc`` with the ``WEIGHTS`` copy (counts only, for ranking) and the
    ``PAIRS`` copy (adjacent-word pairs, for exact phrases) of each full-text
    field (the same str, so the counts copy is not analysed again)."""
    copies = {}
    for key, value in doc.items():
        if key.startswith(TEXT):
            column = key[len(TEXT) :]
            copies[WEIGHTS + column] = value
            copies[PAIRS + column] = value
    return {**doc, **copies} if copies else doc


_local = threading.local()


def _searchers() -> dict:
    if not hasattr(_local, "searchers"):
        _local.searchers = {}
    return _local.searchers


def _forget_searchers(root: Path) -> None:
    cache = _searchers()
    for key in [k for k in cache if k[0] == str(root)]:
        with contextlib.suppress(Exception):
            cache[key].close()
        del cache[key]
