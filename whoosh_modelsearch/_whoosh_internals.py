"""Every use of Whoosh's private names, in one place, each with why.

The engine is written against whoosh-reloaded 2.7.5 (``WHOOSH_VERSION``;
tests/search/test_version_guard.py fails on any other version). Nothing here
replaces anything inside Whoosh: where our behaviour differs it is our own
subclass, and the store uses it explicitly:

- ``Codec`` (a ``W3Codec``) writes our segments, and Whoosh pickles it into
  each, so they are read through it too (our ``PerDocReader`` and
  ``LeafMatcher``). Blocks are not compressed, and a term with fewer than
  ``INLINE_BELOW`` postings keeps them in its term info (``PostingsWriter``:
  Whoosh 2.7.5 calls a method its term info lacks, so it never inlines).
  Most pair terms have a few postings: a block each was two thirds of the
  time of writing a segment. Older segments keep their own settings.
- ``PerDocReader``: field lengths decoded once per segment and field into a
  list. Whoosh reads one byte per call, and writing a segment asks once per
  posting (15% of the time of indexing a book).
- ``LeafMatcher``: a block's document numbers summed by ``accumulate`` in C
  (Whoosh's generator was a fifth of the time of scoring a word); a block's
  header read in one call.
- ``PostingPool``: sorting runs pickled 4,096 postings at a time, not one by
  one (another 18% of indexing). ``SegmentWriter`` and ``MpWriter`` use it.
- ``Searcher``: a dict per searcher (and per segment's leaf searcher) for
  what we decode once per segment, instead of attributes stashed on Whoosh's
  objects.

The other functions read private state of Whoosh's matchers, readers and
scorers that has no public accessor; postings.py and results.py call them.
"""

import io
import pickle
from itertools import accumulate, islice
from operator import itemgetter

import whoosh
from whoosh import highlight, multiproc, searching, writing
from whoosh.codec import whoosh3
from whoosh.matching import ListMatcher
from whoosh.system import _INT_SIZE, unpack_int
from whoosh.util.numeric import byte_to_length

#: The Whoosh this module was written against.
WHOOSH_VERSION = (2, 7, 5)

#: What a length byte means; 0 (no length) reads as None, as in Whoosh.
_LENGTH_OF_BYTE = [None] + [byte_to_length(b) for b in range(1, 256)]
RUN_BATCH = 4096
#: Bytes read for a block's header: its length, then a pickle of six numbers.
BLOCK_HEADER_READ = 96
#: A term with fewer postings than this keeps them in its term info.
INLINE_BELOW = 32
#: zlib level of a block of postings (0: none). Compressing 9 blocks in 10
#: that hold a few postings cost more than it saved; reading is faster too.
BLOCK_COMPRESSION = 0


def whoosh_version() -> tuple:
    return tuple(whoosh.__version__)


# Reading a segment -----------------------------------------------------------


class PerDocReader(whoosh3.W3PerDocReader):
    """Field lengths from a list decoded once per field."""

    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self.lengths_by_field: dict[str, list | None] = {}

    def field_lengths(self, fieldname: str) -> list | None:
        """Every document's length in ``fieldname`` (None for none), or None
        if no document of the segment has one."""
        if fieldname not in self.lengths_by_field:
            # Private: the lengths column and its cached reader have no public
            # accessor other than the per-document call we are replacing.
            column = self._cached_reader(
                whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN
            )
            table = _LENGTH_OF_BYTE
            self.lengths_by_field[fieldname] = (
                [table[b] for b in column] if column is not None else None
            )
        return self.lengths_by_field[fieldname]

    def doc_field_length(self, docnum, fieldname, default=0):
        # Private: _doccount is the segment's size, checked as Whoosh does.
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        lengths = self.field_lengths(fieldname)
        return default if lengths is None else lengths[docnum]


class LeafMatcher(whoosh3.W3LeafMatcher):
    """A block's document numbers decoded in C, and its header read at once."""

    def _goto(self, position):
        # Private: Whoosh's hook that reads a block's header into the
        # matcher's block state (_data ... _maxlength), as its own _goto does.
        # Whoosh unpickles the header straight from the file, a read call per
        # few bytes through the compound file's Python reader: a fifth of
        # the time of a phrase of common words. Here it is one read.
        head = self._postfile.get(position, BLOCK_HEADER_READ)
        buffer = io.BytesIO(head)
        buffer.seek(_INT_SIZE)
        try:
            info = pickle.load(buffer)  # noqa: S301 - our index's postings
        except (EOFError, pickle.UnpicklingError):
            return super()._goto(position)  # a header longer than we read
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        length = unpack_int(head[:_INT_SIZE])[0]
        if length < 0:
            self._lastblock = True
            length = -length
        self._nextoffset = position + _INT_SIZE + length
        self._dataoffset = position + buffer.tell()
        self._blocklength, self._maxid, self._maxweight, self._compression = info[:4]
        self._minlength = byte_to_length(info[4])
        self._maxlength = byte_to_length(info[5])

    def _read_ids(self):
        # Private: overrides Whoosh's block decoder; _data, _byteids and _ids
        # are the block's state, which the rest of the matcher reads.
        if self._data is None:
            self._read_data()
        ids = self._data[0]
        self._ids = ids if self._byteids else tuple(accumulate(ids))


class PostingsWriter(whoosh3.W3PostingsWriter):
    """Whoosh's postings writer, inlining short posting lists."""

    def finish_postings(self):
        # Private: _terminfo, _ids, _weights, _values and _inlinelimit are the
        # term's buffered block, as Whoosh's own finish_postings reads them.
        if self.written() or len(self._ids) >= self._inlinelimit:
            return super().finish_postings()
        terminfo, self._terminfo = self._terminfo, None
        terminfo.add_block(self)
        # No value reads None, as from a block (ListMatcher's "" breaks merges).
        values = self._values or [None] * len(self._ids)
        terminfo.set_inlined(self._ids, self._weights, values)
        return terminfo


class Codec(whoosh3.W3Codec):
    """Whoosh's codec, reading through our reader and matcher, writing
    uncompressed blocks and inlined short posting lists."""

    def __init__(
        self, blocklimit=128, compression=BLOCK_COMPRESSION, inlinelimit=INLINE_BELOW
    ):
        super().__init__(blocklimit, compression, inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        # Private: the codec's settings, as Whoosh's own postings_writer reads them.
        return PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def per_document_reader(self, storage, segment):
        return PerDocReader(storage, segment)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(
                dbfile, terminfo, format_, term=term, scorer=scorer
            )
        offset, length = terminfo.extent()
        return LeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


def field_lengths(reader, fieldname: str) -> list | None:
    """Every document's length in ``fieldname`` in a segment's reader."""
    # Private: _perdoc is the segment reader's per-document reader.
    perdoc = reader._perdoc
    if isinstance(perdoc, PerDocReader):
        return perdoc.field_lengths(fieldname)
    return [
        perdoc.doc_field_length(d, fieldname, None)
        for d in range(reader.doc_count_all())
    ]


def deleted_docs(reader) -> frozenset:
    """A segment's deleted documents, in one call."""
    if not reader.has_deletions():
        return frozenset()
    # Private: the public is_deleted() is one call per document.
    return frozenset(reader._perdoc.deleted_docs())


def bm25f_parameters(weighting, fieldname: str) -> tuple[float, float]:
    """(B, K1) that ``BM25F`` uses for a field."""
    # Private: _field_B holds the per-field B overrides, with no accessor.
    return weighting._field_B.get(fieldname, weighting.B), weighting.K1


# Writing ---------------------------------------------------------------------


class PostingPool(writing.PostingPool):
    """Sorting runs pickled a batch of postings at a time."""

    def _write_run(self, f, items):
        # Private: SortingPool's hook for writing one run to its file.
        items = iter(items)
        try:
            while batch := list(islice(items, RUN_BATCH)):
                pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
        finally:
            f.close()

    def _read_run(self, path):
        # Private: SortingPool's hook for reading one run back.
        f = self._open_run(path)
        try:
            while True:
                try:
                    batch = pickle.load(f)  # noqa: S301 - the run this commit wrote
                except EOFError:
                    return
                yield from batch
        finally:
            f.close()
            self._remove_run(path)


def _own_parts(writer, limitmb: int) -> None:
    # Private: Whoosh's SegmentWriter builds its pool in __init__ with no
    # parameter for the class (``poolclass`` is accepted and ignored), so the
    # empty pool it made is replaced by ours before anything is added.
    writer.pool = PostingPool(writer._tempstorage, writer.newsegment, limitmb=limitmb)


class SegmentWriter(writing.SegmentWriter):
    def __init__(self, ix, limitmb: int = 128, **kwargs):
        kwargs.setdefault("codec", Codec())
        super().__init__(ix, limitmb=limitmb, **kwargs)
        _own_parts(self, limitmb)


class _SubWriterTask(multiproc.SubWriterTask):
    """Whoosh's worker process of ``MpWriter``, writing with our writer."""

    def run(self):
        # Whoosh's ``run`` names its SegmentWriter directly: this is the same
        # loop with ours.
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = SegmentWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            jobinfo = self.jobqueue.get()
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if not self.running:
            writer.cancel()
            return
        if self.multisegment:
            runname, fieldnames = None, writer.pool.fieldnames
            # Private: finishes the segment without a commit, as Whoosh does.
            segment = writer._finalize_segment()
        else:
            runname, fieldnames, segment = multiproc.finish_subsegment(
                writer, self.kwargs.get("k", 64)
            )
        self.resultqueue.put((runname, fieldnames, segment), timeout=5)


class MpWriter(multiproc.MpWriter):
    """Whoosh's multiprocessing writer, with our codec and pool everywhere."""

    def __init__(self, ix, procs: int, limitmb: int = 128, **kwargs):
        kwargs.setdefault("codec", Codec())
        super().__init__(ix, procs=procs, limitmb=limitmb, **kwargs)
        _own_parts(self, limitmb)

    def _new_task(self):
        # Private: Whoosh's hook that starts one worker process.
        task = _SubWriterTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task


def open_writer(ix, *, procs: int = 1, **kwargs):
    """A writer on ``ix`` that writes with our codec and pool."""
    if procs > 1:
        return MpWriter(ix, procs=procs, **kwargs)
    return SegmentWriter(ix, **kwargs)


# Searching -------------------------------------------------------------------


class Searcher(searching.Searcher):
    """A searcher with a place for what we decode once per segment.

    Whoosh makes each segment's leaf searcher with ``self.__class__``, so
    leaf searchers have their own ``decoded`` too, living as long as the
    top searcher that holds them.
    """

    def __init__(self, reader, **kwargs):
        super().__init__(reader, **kwargs)
        self.decoded: dict = {}


def leaf_matcher(reader, field: str, text: bytes):
    """A segment's raw postings of a term (deleted documents included), or None."""
    if (field, text) not in reader:
        return None
    matcher = reader.postings(field, text)
    # Public attribute of Whoosh's deletion filter (a wrapping matcher).
    return getattr(matcher, "child", matcher)


def block_headers(matcher) -> tuple[list[int], list[int]]:
    """(the last document of each block, each block's file offset). A term's
    inlined postings are one block, at offset 0."""
    last_ids, offsets = [], []
    if type(matcher) is ListMatcher:  # inlined postings
        # Private: _ids are the inlined postings' documents (no accessor but
        # all_ids(), an iterator).
        return ([matcher._ids[-1]], [0]) if matcher._ids else ([], [])
    if matcher is None or not hasattr(matcher, "_baseoffset"):
        return last_ids, offsets
    # Private: block headers (_maxid, _nextoffset) are a few bytes each;
    # Whoosh's skip_to() reads every posting on the way.
    offset = matcher._baseoffset
    while matcher.is_active():
        last_ids.append(matcher._maxid)
        offsets.append(offset)
        if matcher._lastblock:
            break
        offset = matcher._nextoffset
        matcher._goto(offset)
    return last_ids, offsets


def block_values(matcher, offset: int) -> tuple[tuple, list]:
    """(ids, values) of the block of postings at ``offset``."""
    if type(matcher) is ListMatcher:  # inlined postings
        # Private: the inlined postings' documents and values.
        return matcher._ids, matcher._values
    # Private: as block_headers; _read_values decodes the block's values.
    matcher._goto(offset)
    matcher._read_ids()
    matcher._read_values()
    return matcher._ids, matcher._values


def block_weights(matcher, offset: int) -> tuple[tuple, list]:
    """(ids, counts) of the block of postings at ``offset``."""
    if type(matcher) is ListMatcher:  # inlined postings
        # Private: the inlined postings' documents and counts.
        return matcher._ids, matcher._weights
    # Private: as block_headers; _read_weights decodes just the block's
    # counts, not its values (positions, offsets).
    matcher._goto(offset)
    matcher._read_ids()
    matcher._read_weights()
    return matcher._ids, matcher._weights


def character_positions(value: bytes) -> set[int]:
    """``formats.Characters.decode_positions`` as a set, summed in C."""
    if not value.endswith(b"."):
        value += b"."
    # Private: _INT_SIZE is the size of the weight Whoosh writes before the
    # pickled (position, start, end) codes.
    codes = pickle.loads(value[_INT_SIZE:])  # noqa: S301 - our index's postings
    return set(accumulate(map(itemgetter(0), codes)))


def no_hits(searcher, query) -> searching.Results:
    """Results with no hits, as a search whose filter allows no document
    should give (Whoosh's collectors read an empty filter as none at all)."""
    hits = searching.Results(searcher, query, [], docset=set())
    # Private: _total is the results' length, which Whoosh otherwise asks
    # the collector of a search (there is none here) for.
    hits._total = 0
    return hits


def set_character_offsets(hits, offsets: dict) -> None:
    """Give the highlighter the matched words' offsets we read in bulk."""
    # Private: _char_cache is where Results keeps offsets for "pinpoint"
    # highlighting; Whoosh fills it a posting at a time.
    hits._char_cache.update(offsets)


class SnippetFragmenter(highlight.PinpointFragmenter):
    """Pinpoint fragments cut at spaces, except where the text itself starts or ends."""

    def __init__(self, maxchars: int):
        super().__init__(maxchars=maxchars, surround=60, autotrim=True)

    def _autotrim(self, fragment):
        # Private: the fragmenter's hook that trims a fragment to whole words;
        # Whoosh also trims the text's own first and last word, which we keep.
        start, end = fragment.startchar, fragment.endchar
        super()._autotrim(fragment)
        if start == 0:
            fragment.startchar = 0
        if end >= len(fragment.text):
            fragment.endchar = end
