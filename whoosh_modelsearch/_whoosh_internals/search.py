"""Searching: a searcher with a place for what we decode once per segment,
and the private state of Whoosh's matchers, results and highlighter that
postings.py and results.py read."""

import pickle
from itertools import accumulate
from operator import itemgetter

from whoosh import highlight, searching
from whoosh.matching import ListMatcher
from whoosh.system import _INT_SIZE


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
