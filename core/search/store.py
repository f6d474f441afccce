"""The Whoosh index on disk: generations, the ``CURRENT`` pointer, writes.

Layout of ``SEARCH_INDEX_DIR``::

    CURRENT              name of the generation searches read (atomic replace)
    BUILDING             name of the generation a rebuild is filling, if any
    BUILDING.journal     document ids written to BUILDING by other writers
    write.lock           the cross-process writer lock (see locking.py)
    pending/             updates left by writers that found the lock busy
    gen-<ns>-<pid>/      one complete Whoosh index per generation

Searches open ``CURRENT``. ``update_index`` fills a new generation and then
swaps ``CURRENT`` to it in one ``os.replace``, so searches keep working during
a rebuild. While a rebuild runs, ordinary writes go to both the current and
the building generation and note the ids they touched in the journal; the
rebuild skips those ids, because what it read from the database is older.

An ordinary write waits a few seconds for the lock; if it is still busy the
update is saved in ``pending/`` and whoever next holds the lock applies it
first, so no update is lost and no request waits long. ``IndexStore.apply_pending``
(and ``WhooshIndex.refresh``) apply them on demand.

Whoosh commits by writing new segment files and then renaming a new table of
contents into place, so a crash mid-commit leaves the previous commit intact.
"""

import contextlib
import logging
import os
import pickle
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from whoosh import analysis, columns, fields, index
from whoosh.support.charset import accent_map

from .locking import LockTimeout, file_lock

logger = logging.getLogger("core.search")

#: Seconds a rebuild or reset waits for the writer lock.
WRITE_LOCK_TIMEOUT = 120.0
#: Seconds an ordinary write (a page save, in a request) waits for the lock
#: before it leaves its update in ``pending/`` for the next writer to apply.
UPDATE_LOCK_TIMEOUT = 5.0

# Field name prefixes. Whoosh field names may not start with "_".
TEXT = "t_"  # full text of a SearchField, stemmed, stored for snippets
AUTOCOMPLETE = "a_"  # edge n-grams of an AutocompleteField
FILTER = "f_"  # encoded values of a FilterField, one term per value
ORDER = "o_"  # sort key of a single-valued FilterField (a column)


class MultiID(fields.ID):
    """An ID field that takes a list of values: one untokenised term each."""

    def index(self, value, **kwargs):
        values = value if isinstance(value, list | tuple | set) else [value]
        for item in sorted(set(values)):
            yield item.encode("utf-8"), 1, 1.0, b""


#: Words and dotted numbers ("1.11"). Whoosh-reloaded's default also keeps "*".
WORD_PATTERN = r"\w+(\.?\w+)*"


def text_analyzer():
    """English: words, lower case, accents folded, stop words, Porter stems."""
    return (
        analysis.RegexTokenizer(WORD_PATTERN)
        | analysis.LowercaseFilter()
        | analysis.CharsetFilter(accent_map)
        | analysis.StopFilter()
        | analysis.StemFilter()
    )


def word_analyzer():
    """Raw words for autocomplete queries and spelling: no stems, no stop list."""
    return (
        analysis.RegexTokenizer(WORD_PATTERN)
        | analysis.LowercaseFilter()
        | analysis.CharsetFilter(accent_map)
    )


def make_schema() -> fields.Schema:
    schema = fields.Schema(
        id=fields.ID(unique=True),  # "<root model label>:<pk>"
        pk=fields.COLUMN(columns.VarBytesColumn()),
        ct=MultiID(),  # the model's label and its indexed ancestors'
        nn=MultiID(),  # filter columns that hold a value (for __isnull)
        fv=fields.COLUMN(columns.PickleColumn(columns.VarBytesColumn())),
        spell=fields.TEXT(analyzer=word_analyzer(), phrase=False),
    )
    schema.add(
        TEXT + "*",
        fields.TEXT(analyzer=text_analyzer(), stored=True, chars=True),
        glob=True,
    )
    schema.add(
        AUTOCOMPLETE + "*",
        fields.TEXT(
            analyzer=word_analyzer() | analysis.NgramFilter(1, 15, at="start"),
            phrase=False,
        ),
        glob=True,
    )
    schema.add(FILTER + "*", MultiID(), glob=True)
    schema.add(ORDER + "*", fields.ID(sortable=True), glob=True)
    return schema


class IndexMissing(Exception):
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
    def journal(self) -> Path:
        return self.root / "BUILDING.journal"

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
        index.create_in(str(folder), make_schema())
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
        return index.open_dir(str(self.root / generation))

    def reset(self) -> None:
        """Swap in a new, empty generation."""
        self.root.mkdir(parents=True, exist_ok=True)
        with file_lock(self.lock_path, timeout=WRITE_LOCK_TIMEOUT):
            new = self._new_generation()
            self._atomic_write(self.pointer, new)
            shutil.rmtree(self.pending, ignore_errors=True)
            building = self._building_generation()
            self._prune([new, building] if building else [new])

    def begin_rebuild(self) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        with file_lock(self.lock_path, timeout=WRITE_LOCK_TIMEOUT):
            new = self._new_generation()
            self._atomic_write(self.journal, "")
            self._atomic_write(self.building, new)
            return new

    def finish_rebuild(self, generation: str) -> None:
        with file_lock(self.lock_path, timeout=WRITE_LOCK_TIMEOUT):
            self._apply_pending()
            previous = self.current_generation()
            self._atomic_write(self.pointer, generation)
            if self._building_generation() == generation:
                self.building.unlink(missing_ok=True)
                self.journal.unlink(missing_ok=True)
            self._prune([g for g in (generation, previous) if g])

    # Writing -----------------------------------------------------------------

    def write(
        self,
        *,
        documents: Iterable[dict] = (),
        delete_ids: Iterable[str] = (),
        generation: str | None = None,
    ) -> None:
        """Add or replace ``documents`` and delete ``delete_ids``, under the lock.

        Without ``generation`` this is an ordinary write: to the current
        generation, and to a generation being rebuilt. With it, it is the
        rebuild's own write, which leaves alone ids that others wrote since
        the rebuild began.
        """
        documents = list(documents)
        delete_ids = list(delete_ids)
        if not documents and not delete_ids:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        if generation is not None:
            with file_lock(self.lock_path, timeout=WRITE_LOCK_TIMEOUT):
                self._apply_pending()
                touched = self._journal_ids()
                documents = [doc for doc in documents if doc["id"] not in touched]
                delete_ids = [i for i in delete_ids if i not in touched]
                self._commit(generation, documents, delete_ids)
            return
        try:
            with file_lock(self.lock_path, timeout=UPDATE_LOCK_TIMEOUT):
                self._apply_pending()
                self._update(documents, delete_ids)
        except LockTimeout:
            # Someone holds the lock for long (a big commit): leave the update
            # for the next writer rather than keep a request waiting.
            self._spool(documents, delete_ids)
            logger.warning("Search index busy: update left in %s", self.pending)

    def _update(self, documents: list[dict], delete_ids: list[str]) -> None:
        current = self.current_generation()
        if current is None or not (self.root / current).is_dir():
            current = self._new_generation()
            self._atomic_write(self.pointer, current)
        self._commit(current, documents, delete_ids)
        building = self._building_generation()
        if building and building != current and (self.root / building).is_dir():
            self._commit(building, documents, delete_ids)
            with open(self.journal, "a") as handle:
                ids = [doc["id"] for doc in documents] + delete_ids
                handle.write("".join(f"{i}\n" for i in ids))

    @property
    def pending(self) -> Path:
        return self.root / "pending"

    def _spool(self, documents: list[dict], delete_ids: list[str]) -> None:
        self.pending.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{os.getpid()}-{threading.get_ident()}"
        tmp = self.pending / f".{name}.tmp"
        with open(tmp, "wb") as handle:
            pickle.dump((documents, delete_ids), handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.pending / f"{name}.update")

    def pending_count(self) -> int:
        return len(list(self.pending.glob("*.update"))) if self.pending.is_dir() else 0

    def _apply_pending(self) -> None:
        """Apply spooled updates, oldest first (the caller holds the lock)."""
        if not self.pending.is_dir():
            return
        for path in sorted(self.pending.glob("*.update")):
            with open(path, "rb") as handle:
                # Our own file, written by _spool above.
                documents, delete_ids = pickle.load(handle)  # noqa: S301
            self._update(documents, delete_ids)
            path.unlink()

    def apply_pending(self) -> None:
        """Apply updates that were left while the index was busy."""
        if self.pending_count():
            with file_lock(self.lock_path, timeout=WRITE_LOCK_TIMEOUT):
                self._apply_pending()

    def _journal_ids(self) -> set[str]:
        try:
            return set(self.journal.read_text().split("\n")) - {""}
        except FileNotFoundError:
            return set()

    def _commit(self, generation: str, documents: list[dict], delete_ids: list[str]):
        ix = self._open(generation)
        writer = ix.writer(timeout=WRITE_LOCK_TIMEOUT)
        try:
            for doc_id in delete_ids:
                writer.delete_by_term("id", doc_id)
            for doc in documents:
                writer.update_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

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
            # refresh() reuses the unchanged segments' readers: don't close.
            cache[key] = searcher.refresh()
            return cache[key]
        _forget_searchers(self.root)
        searcher = self._open(generation).searcher()
        cache[key] = searcher
        return searcher

    def doc_count(self) -> int:
        with self.searcher() as searcher:
            return searcher.doc_count()


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
