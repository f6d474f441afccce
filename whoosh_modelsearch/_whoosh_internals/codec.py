"""Segments: our codec, how its blocks of postings are written and read,
and the per-document reader. See the package's docstring for why."""

import io
import pickle
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
#: The start of a block of postings in our layout (Whoosh's is a pickle,
#: which starts with b"\x80"): the documents (an unsigned int each), a byte
#: for the counts (0: all 1, 1: one float for all, 2: a float each), the
#: counts, a byte for the values (0: none, 1: of a fixed size, joined, 2:
#: each value's end, then the values joined), the values. Machine byte order,
#: as Whoosh's own arrays. A matcher reads the documents and counts without
#: the values, and a document's value (positions) is one slice: unpickling a
#: block's tuples was most of the time of a phrase of common words.
BLOCK_MAGIC = b"SCB1"
_UINT = array("I").itemsize
_FLOAT = array("f").itemsize


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
    """A block's header read at once, its documents and counts read without
    its values (``BLOCK_MAGIC``), a value sliced when asked for."""

    _values_at = None  # (kind, file offset) of the block's values, our layout

    def _goto(self, position):
        # Private: Whoosh's hook that reads a block's header into the
        # matcher's block state (_data ... _maxlength), as its own _goto does.
        # Whoosh unpickles the header straight from the file, a read call per
        # few bytes through the compound file's Python reader: a fifth of
        # the time of a phrase of common words. Here it is one read.
        self._values_at = None
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
        return None

    def _read_data(self):
        # Private: Whoosh's block loader, reading the block state _goto set,
        # and setting _data, the (ids, weights, values) Whoosh's decoders read.
        n = self._blocklength
        head = self._postfile.get(self._dataoffset, 4 + 2 * n * _UINT + 2)
        if self._compression or head[:4] != BLOCK_MAGIC:
            return super()._read_data()  # Whoosh's pickled block
        ids = array("I")
        ids.frombytes(head[4 : 4 + n * _UINT])
        at = 4 + n * _UINT
        kind, at = head[at], at + 1
        if kind == 0:
            weights = None
        elif kind == 1:
            weights, at = array("f", head[at : at + _FLOAT])[0], at + _FLOAT
        else:
            weights = array("f")
            weights.frombytes(head[at : at + n * _FLOAT])
            at += n * _FLOAT
        self._values_at = (head[at], self._dataoffset + at + 1)
        self._data = (ids, weights, None)
        return None

    def _read_values(self):
        # Private: Whoosh's values decoder reads them from _data.
        if self._data is None:
            self._read_data()
        if self._values_at is not None:
            kind, offset = self._values_at
            self._values_at = None
            values = None
            if kind:
                data = self._postfile.get(offset, self._nextoffset - offset)
                values = data if kind == 1 else BlockValues(data, self._blocklength)
            self._data = (self._data[0], self._data[1], values)
        super()._read_values()

    def _read_ids(self):
        # Private: overrides Whoosh's block decoder; _data, _byteids and _ids
        # are the block's state, which the rest of the matcher reads. Our
        # layout keeps the documents themselves, Whoosh's their differences.
        if self._data is None:
            self._read_data()
        ids = self._data[0]
        if self._byteids or type(ids) is array:
            self._ids = ids
        else:
            self._ids = tuple(accumulate(ids))


class BlockValues(Sequence):
    """A block's values, each sliced from the block's data when asked for."""

    __slots__ = ("data", "ends", "start")

    def __init__(self, data: bytes, count: int):
        self.ends = array("I")
        self.ends.frombytes(data[: count * _UINT])
        self.data, self.start = data, count * _UINT

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
    """Whoosh's postings writer, inlining short posting lists, and writing
    blocks in our layout (``BLOCK_MAGIC``)."""

    def _write_block(self, last=False):
        # Private: Whoosh's block writer and the buffered block's state, as its
        # own _write_block reads them; the same header, the block in our
        # layout (``BLOCK_MAGIC``).
        if self._byteids or self._compression:
            return super()._write_block(last)
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids, weights = self._ids, self._weights
        parts = [BLOCK_MAGIC, ids.tobytes()]
        if all(w == 1.0 for w in weights):
            parts.append(b"\x00")
        elif all(w == weights[0] for w in weights):
            parts += [b"\x01", array("f", weights[:1]).tobytes()]
        else:
            parts += [b"\x02", weights.tobytes()]
        values = self._mini_values()
        if values is None:
            parts.append(b"\x00")
        elif type(values) is bytes:
            parts += [b"\x01", values]
        else:
            ends = array("I", accumulate(len(value) for value in values))
            parts += [b"\x02", ends.tobytes(), *values]
        data = b"".join(parts)
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
