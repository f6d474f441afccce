"""Reading a term's postings in bulk: BM25F scores a block at a time, and a
few documents' values (positions, offsets, counts) decoding only the blocks
that hold them. ``ranking.py`` and ``phrases.py`` rank with these;
``results.py`` reads the matched words' offsets for snippets."""

from bisect import bisect_left, bisect_right

from whoosh import formats

from . import _whoosh_internals as internals
from .schema import PAIRS, TEXT, WEIGHTS


def counts_field(field: str) -> str:
    """Where a field's counts are read: a ``TEXT`` field's ``WEIGHTS`` copy
    (its own postings carry character offsets); a ``PAIRS`` field's own
    postings (positions only)."""
    if field.startswith(PAIRS):
        return field
    return WEIGHTS + field[len(TEXT) :]


def deleted(subsearcher) -> frozenset:
    """The segment's deleted documents, read once per leaf searcher."""
    decoded = subsearcher.decoded
    if "deleted" not in decoded:
        decoded["deleted"] = internals.deleted_docs(subsearcher.reader())
    return decoded["deleted"]


class Scorer:
    """BM25F of one term of a ``TEXT`` or ``PAIRS`` field, as
    ``scoring.BM25FScorer`` gives it, read from the field's counts
    (``counts_field``: the same counts and lengths)."""

    def __init__(self, searcher, field: str, text: bytes, boost: float):
        self.field, self.text = counts_field(field), text
        b, k1 = internals.bm25f_parameters(searcher.weighting, field)
        idf = searcher.idf(self.field, text)
        avgfl = searcher.avg_field_length(self.field) or 1
        self.c1 = idf * (k1 + 1)
        self.c2 = k1 * (1 - b)
        self.c3 = k1 * b / avgfl
        self.boost = boost

    @property
    def most(self) -> float:
        """More than the term can score in any document."""
        return self.c1 * self.boost

    def scores(self, subsearcher) -> dict[int, float]:
        """{docnum: score} of the documents of a segment with the term."""
        found = term_postings(subsearcher, self.field, self.text)
        if found is None:
            return {}
        matcher, _last_ids, offsets = found
        lengths = internals.field_lengths(subsearcher.reader(), self.field)
        c1, c2, c3, boost = self.c1, self.c2, self.c3, self.boost
        out = {}
        for offset in offsets:
            ids, weights = internals.block_weights(matcher, offset)
            for docnum, tf in zip(ids, weights, strict=True):
                # The arithmetic of whoosh.scoring.bm25, then the term's boost.
                out[docnum] = (c1 * tf / (tf + (c2 + c3 * lengths[docnum]))) * boost
        return out

    def scores_among(self, subsearcher, wanted: dict) -> dict[int, float]:
        """{docnum: score} of the documents of ``wanted`` (docnums: sorted
        keys) that have the term, reading only the blocks that may hold them:
        intersecting a rare term's documents with a common term's, without
        scoring every document of the common one."""
        found = term_postings(subsearcher, self.field, self.text)
        if found is None or not wanted:
            return {}
        matcher, last_ids, offsets = found
        lengths = internals.field_lengths(subsearcher.reader(), self.field)
        c1, c2, c3, boost = self.c1, self.c2, self.c3, self.boost
        docs = sorted(wanted)
        out = {}
        start = 0
        for last, offset in zip(last_ids, offsets, strict=True):
            if start == len(docs):
                break
            if docs[start] > last:
                continue  # no wanted document in this block
            ids, weights = internals.block_weights(matcher, offset)
            for docnum, tf in zip(ids, weights, strict=True):
                if docnum in wanted:
                    out[docnum] = (c1 * tf / (tf + (c2 + c3 * lengths[docnum]))) * boost
            start = bisect_right(docs, last, start)
        return out

    def score_of(self, reader, docnum: int, weights: "TermBlocks") -> float | None:
        """The score of one document (``weights``: this term's counts in
        ``reader``), or None if the document lacks the term."""
        tf = weights.value(docnum)
        if tf is None:
            return None
        length = internals.field_lengths(reader, self.field)[docnum]
        return (self.c1 * tf / (tf + (self.c2 + self.c3 * length))) * self.boost


#: Terms whose postings' headers a leaf searcher keeps.
TERMS_KEPT = 4096


def term_postings(subsearcher, field: str, word: bytes):
    """(matcher, each block's last document, each block's offset) of a term in
    a segment, or None if the segment lacks it. Kept per leaf searcher (as
    long as the segment is searched): finding a term and walking its block
    headers cost more than a page of hits' positions."""
    cache = subsearcher.decoded.setdefault("postings", {})
    key = (field, word)
    if key not in cache:
        if len(cache) >= TERMS_KEPT:
            cache.clear()
        matcher = internals.leaf_matcher(subsearcher.reader(), field, word)
        cache[key] = (
            None if matcher is None else (matcher, *internals.block_headers(matcher))
        )
    return cache[key]


class TermBlocks:
    """A term's postings in a segment, for any of its documents: each block is
    decoded once, when a document in it is first asked for. (Whoosh's
    ``skip_to`` steps through a block a posting at a time.) ``value`` gives
    the posting's value (``weights=True``: its count)."""

    def __init__(self, subsearcher, field: str, word: bytes, *, weights=False):
        found = term_postings(subsearcher, field, word)
        self.matcher, self.last_ids, self.offsets = found or (None, [], [])
        self.read = internals.block_weights if weights else internals.block_values
        self.blocks = {}

    def value(self, docnum: int):
        """The posting's value (or count) for ``docnum``, or None."""
        i = bisect_left(self.last_ids, docnum)
        if i == len(self.last_ids):
            return None
        found = self.blocks.get(i)
        if found is None:
            found = self.blocks[i] = self.read(self.matcher, self.offsets[i])
        ids, values = found
        k = bisect_left(ids, docnum)
        return values[k] if k < len(ids) and ids[k] == docnum else None


class TermPositions(TermBlocks):
    def __init__(self, subsearcher, field: str, word: bytes):
        super().__init__(subsearcher, field, word)
        fmt = subsearcher.schema[field].format
        if type(fmt) is formats.Characters:
            self.decode = internals.character_positions
        else:
            self.decode = lambda value: set(fmt.decode_positions(value))

    def of(self, docnum: int) -> set[int]:
        value = self.value(docnum)
        return self.decode(value) if value is not None else set()


def values_at(searcher, field: str, text: bytes, docnums) -> dict[int, bytes]:
    """{docnum: posting value} of a term in the given documents (the searcher's
    document numbers), decoding only the blocks of postings that hold them."""
    out = {}
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        end = offset + reader.doc_count_all()
        local = [docnum - offset for docnum in docnums if offset <= docnum < end]
        if local and term_postings(subsearcher, field, text) is not None:
            blocks = TermBlocks(subsearcher, field, text)
            for docnum in local:
                value = blocks.value(docnum)
                if value is not None:
                    out[docnum + offset] = value
    return out
