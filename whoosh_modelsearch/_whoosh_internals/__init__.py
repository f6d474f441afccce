"""Every use of Whoosh's private names, in this package, each with why.

The engine is written against whoosh-reloaded 2.7.5 (``WHOOSH_VERSION``;
tests/search/test_version_guard.py fails on any other version). Nothing here
replaces anything inside Whoosh: where our behaviour differs it is our own
subclass, and the store uses it explicitly:

- ``Codec`` (a ``W3Codec``) writes our segments, and Whoosh pickles it into
  each, so they are read through it too (our ``PerDocReader`` and
  ``LeafMatcher``). A term with fewer than ``INLINE_BELOW`` postings keeps
  them in its term info (``PostingsWriter``: Whoosh 2.7.5 calls a method its
  term info lacks, so it never inlines); most pair terms have a few
  postings, and a block each was two thirds of the time of writing a
  segment. Blocks are in our layout (``codec.BLOCK_MAGIC``: arrays, not
  zlib-compressed pickles), so a block's documents and counts are read
  without its values, and a document's positions are one slice. Segments
  written before keep Whoosh's layout and are read as Whoosh reads them.
- ``PerDocReader``: field lengths decoded once per segment and field into a
  list. Whoosh reads one byte per call, and writing a segment asks once per
  posting (15% of the time of indexing a book).
- ``LeafMatcher``: a block's header read in one call, not unpickled from
  the file a few bytes a read.
- ``PostingPool``: sorting runs pickled 4,096 postings at a time, not one by
  one (another 18% of indexing). ``SegmentWriter`` and ``MpWriter`` use it.
- ``Searcher``: a dict per searcher (and per segment's leaf searcher) for
  what we decode once per segment, instead of attributes stashed on Whoosh's
  objects.

The other functions read private state of Whoosh's matchers, readers and
scorers that has no public accessor; postings.py and results.py call them.
"""

import whoosh

from .codec import (
    BLOCK_COMPRESSION,
    BLOCK_HEADER_READ,
    BLOCK_MAGIC,
    INLINE_BELOW,
    Codec,
    LeafMatcher,
    PerDocReader,
    PostingsWriter,
    bm25f_parameters,
    deleted_docs,
    field_lengths,
)
from .search import (
    Searcher,
    SnippetFragmenter,
    block_headers,
    block_values,
    block_weights,
    character_positions,
    leaf_matcher,
    no_hits,
    set_character_offsets,
)
from .writers import RUN_BATCH, MpWriter, PostingPool, SegmentWriter, open_writer

#: The Whoosh this package was written against.
WHOOSH_VERSION = (2, 7, 5)

__all__ = [
    "BLOCK_COMPRESSION",
    "BLOCK_HEADER_READ",
    "BLOCK_MAGIC",
    "INLINE_BELOW",
    "RUN_BATCH",
    "WHOOSH_VERSION",
    "Codec",
    "LeafMatcher",
    "MpWriter",
    "PerDocReader",
    "PostingPool",
    "PostingsWriter",
    "Searcher",
    "SegmentWriter",
    "SnippetFragmenter",
    "bm25f_parameters",
    "block_headers",
    "block_values",
    "block_weights",
    "character_positions",
    "deleted_docs",
    "field_lengths",
    "leaf_matcher",
    "no_hits",
    "open_writer",
    "set_character_offsets",
    "whoosh_version",
]


def whoosh_version() -> tuple:
    return tuple(whoosh.__version__)
