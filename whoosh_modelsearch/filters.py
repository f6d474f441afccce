"""A big ``__in`` filter, read from a sort column instead of a term per value.

The library searches ``TextSection.objects.filter(page__in=<texts>)``: the
sections of some 3,000 texts, on every search. As an ``Or`` of terms, every
search looked up one posting list per value (about 300 ms). ``TermSet``
reads the field's sort column instead (``o_<column>``, one value per
document), decoded once per segment and kept with the segment's leaf
searcher, which searchers reuse while the segment lives. Integer values (ids,
the common case) are matched as integers through an index of the column
made once per segment: nothing is encoded per search, and each value is one
lookup, not a pass over every document.
"""

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

from . import documents
from .schema import FILTER, ORDER

#: An ``__in`` filter with more values than this reads the sort column.
TERM_SET_MIN = 32
#: ``documents.encode`` of an integer: "i" then the integer plus 2**63.
_INT_PREFIX, _INT_OFFSET, _INT_CHARS = "i", 2**63, 21


def term_set(column: str, values):
    """A ``TermSet`` for the values of an ``__in`` filter on ``column``, or
    None if they are too few (or the column can't be read): use terms."""
    values = [value for value in values if value is not None]
    if len(values) <= TERM_SET_MIN or "." in column:
        return None
    if all(type(value) is int for value in values):
        return TermSet(column, ints=values)
    encoded = documents.encode_many(values)
    if "" in encoded:
        return None
    return TermSet(column, encoded=encoded)


class TermSet(wq.Query):
    """A top-level filter field's value is one of many: a big ``__in``.

    Documents with a value in the filter field but none in the column (list
    values) make it fall back to the terms for that segment.
    """

    def __init__(self, column: str, *, ints=None, encoded=None):
        self.column = column
        self.ints = frozenset(ints) if ints is not None else None
        self._encoded = frozenset(encoded) if encoded is not None else None
        self.boost = 1.0

    @property
    def values(self) -> frozenset:
        """The values as the filter field's terms."""
        if self._encoded is None:
            self._encoded = frozenset(documents.encode_many(self.ints))
        return self._encoded

    def _key(self):
        return (self.column, self.ints if self.ints is not None else self.values)

    def __eq__(self, other):
        return type(other) is type(self) and other._key() == self._key()

    def __hash__(self):
        return hash((type(self), *self._key()))

    def __repr__(self):
        return f"TermSet({self.column!r}, <{len(self._key()[1])} values>)"

    def _terms_query(self):
        return wq.Or([wq.Term(FILTER + self.column, v) for v in sorted(self.values)])

    def estimate_size(self, ixreader):
        return len(self._key()[1])

    def docs(self, searcher, deleting=False):
        reader = searcher.reader()
        name = ORDER + self.column
        found = None
        if self.ints is not None:
            index = _int_index(searcher, name, self.column)
            if index is not None:
                found = [d for value in self.ints for d in index.get(value, ())]
        if found is None:
            values = column_values(searcher, name, self.column)
            if values is None:
                return self._terms_query().docs(searcher)
            wanted = self.values
            found = [docnum for docnum, value in enumerate(values) if value in wanted]
        if reader.has_deletions():
            found = [docnum for docnum in found if not reader.is_deleted(docnum)]
        return found

    def matcher(self, searcher, context=None):
        found = sorted(self.docs(searcher))
        return ListMatcher(found, all_weights=self.boost) if found else NullMatcher()


def column_values(searcher, name: str, column: str) -> list | None:
    """The sort column's values of one segment (``searcher`` is its leaf
    searcher), or None if it misses any value."""
    cache = searcher.decoded.setdefault("columns", {})
    reader = searcher.reader()
    if name not in cache:
        values = None
        if not reader.doc_frequency("nn", column):
            values = []  # no document of this segment has the field
        elif reader.has_column(name):
            values = list(reader.column_reader(name))
            filled = sum(1 for value in values if value != "")
            # Every document with a value in the filter field must have it here.
            if filled != reader.doc_frequency("nn", column):
                values = None
        cache[name] = values
    return cache[name]


def _int_index(searcher, name: str, column: str) -> dict[int, list[int]] | None:
    """{integer value: [docnum]} of a segment's sort column, or None if it
    misses any value or holds anything but integers."""
    cache = searcher.decoded.setdefault("int_index", {})
    if name not in cache:
        values = column_values(searcher, name, column)
        index: dict[int, list[int]] | None = {}
        for docnum, value in enumerate(values or ()):
            if value == "":
                continue
            if len(value) != _INT_CHARS or not value.startswith(_INT_PREFIX):
                index = None
                break
            index.setdefault(int(value[1:]) - _INT_OFFSET, []).append(docnum)
        cache[name] = index if values is not None else None
    return cache[name]
