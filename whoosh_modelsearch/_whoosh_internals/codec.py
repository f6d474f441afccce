"""Segments: our codec, how its blocks of postings are written and read,
and the per-document reader. See the package's docstring for why."""

import io
import pickle
import zlib
from array import array
from collections.abc import Sequence
from itertools import accumulate

from whoosh.codec import whoosh3
from whoosh.system import _INT_SIZE, unpack_int
from whoosh.util.numeric import byte_to_length, length_to_byte

#: What a length byte means; 0 (no length) reads as None, as in Whoosh.
_LENGTH_OF_BYTE = [None] + [byte_to_length(b) for b in range(1, 256)]
#: Bytes read for a block's header: its length, then a pickle of six numbers.
BLOCK_HEADER_READ = 96
#: A term with fewer postings than this keeps them in its term info.
INLINE_BELOW = 32
#: zlib level of a block of postings (0: none). Compressing 9 blocks in 10
#: that hold a few postings cost more than it saved; reading is faster too.
BLOCK_COMPRESSION = 0
#: In a block's (ids, weights, values) pickle, in place of the values: they
#: follow, as each value's end (a native unsigned int each) then the values
#: joined. Reading a common word's counts then skips its positions, and one
#: document's positions are one slice, not the block's values unpickled
#: (these were most of the time of a phrase of common words). Whoosh's own
#: values are a tuple, bytes or None, never an int.
VALUES_FOLLOW = -1


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
    """A block's document numbers decoded in C, its header read at once, and
    its values unpickled only when asked for (``VALUES_FOLLOW``)."""

    _later = None  # (the block's data, where its values' pickle starts)

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
            self._later = None
            return super()._goto(position)  # a header longer than we read
        self._data = self._ids = self._weights = self._values = self._later = None
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

    def _read_data(self):
        # Private: Whoosh's block loader, reading the block state _goto set.
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        if self._compression:
            data = zlib.decompress(data)
        buffer = io.BytesIO(data)
        self._data = pickle.load(buffer)  # noqa: S301 - our index's postings
        if type(self._data[2]) is int and self._data[2] == VALUES_FOLLOW:
            self._later = (data, buffer.tell())

    def _read_values(self):
        # Private: Whoosh's values decoder reads them from _data.
        if self._data is None:
            self._read_data()
        if self._later is not None:
            data, start = self._later
            self._later = None
            values = BlockValues(data, start, self._blocklength)
            self._data = (self._data[0], self._data[1], values)
        super()._read_values()

    def _read_ids(self):
        # Private: overrides Whoosh's block decoder; _data, _byteids and _ids
        # are the block's state, which the rest of the matcher reads.
        if self._data is None:
            self._read_data()
        ids = self._data[0]
        self._ids = ids if self._byteids else tuple(accumulate(ids))


class BlockValues(Sequence):
    """A block's values, each sliced from the block's data when asked for."""

    __slots__ = ("data", "ends", "start")

    def __init__(self, data: bytes, at: int, count: int):
        self.ends = array("I")
        self.ends.frombytes(data[at : at + count * self.ends.itemsize])
        self.data, self.start = data, at + count * self.ends.itemsize

    def __len__(self):
        return len(self.ends)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self.ends)
        begin = self.ends[k - 1] if k else 0
        return self.data[self.start + begin : self.start + self.ends[k]]


class PostingsWriter(whoosh3.W3PostingsWriter):
    """Whoosh's postings writer, inlining short posting lists, and writing a
    block's values in a pickle of their own after its documents and counts."""

    def _write_block(self, last=False):
        # Private: Whoosh's block writer and the buffered block's state, as its
        # own _write_block reads them; the same header and block, except that
        # the values come after the (ids, weights, VALUES_FOLLOW) pickle.
        values = self._mini_values()
        if type(values) is not tuple:
            return super()._write_block(last)  # none, or of a fixed size
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        head = (self._mini_ids(), self._mini_weights(), VALUES_FOLLOW)
        ends = array("I", accumulate(len(value) for value in values))
        data = pickle.dumps(head, 2) + ends.tobytes() + b"".join(values)
        if self._compression:
            data = zlib.compress(data, self._compression)
        ids = self._ids
        info = pickle.dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                self._compression,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        length = len(info) + len(data)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()
        return None

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
