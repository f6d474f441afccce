"""The index's schema: field kinds by name prefix, analysers, field types."""

import threading

from whoosh import analysis, columns, fields
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

# Field name prefixes. Whoosh field names may not start with "_".
TEXT = "t_"  # full text of a SearchField, stemmed, stored for snippets
AUTOCOMPLETE = "a_"  # edge n-grams of an AutocompleteField
FILTER = "f_"  # encoded values of a FilterField, one term per value
ORDER = "o_"  # sort key of a single-valued FilterField (a column)
WEIGHTS = "w_"  # the words of a TEXT field with their counts only, for ranking
PAIRS = "x_"  # adjacent-word pairs of a TEXT field, stop words kept: exact phrases


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


#: What joins the two words of a pair term ("the iron", "iron heel"): no
#: word holds a space.
PAIR_JOIN = " "


class PairFilter(analysis.Filter):
    """Each word joined to the next one: ``the iron heel`` gives ``the iron``
    and ``iron heel``, at the position of their first word.

    An exact phrase of n words is then n - 1 terms of the index at
    consecutive positions: its candidates are the documents that hold those
    terms (one posting list each), not every document with its words.
    """

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            text = token.text
            if previous is not None:
                pos = token.pos if hasattr(token, "pos") else None
                token.text = previous + PAIR_JOIN + text
                if pos is not None:
                    token.pos = pos - 1
                yield token
            previous = text


def pair_word_analyzer():
    """The words of ``text_analyzer`` with stop words kept: what a pair joins."""
    return (
        analysis.RegexTokenizer(WORD_PATTERN)
        | analysis.LowercaseFilter()
        | analysis.CharsetFilter(accent_map)
        | analysis.StemFilter()
    )


def pair_analyzer():
    """Adjacent-word pairs of ``pair_word_analyzer``'s words."""
    return pair_word_analyzer() | PairFilter()


_analysed = threading.local()
#: Texts of the document being indexed whose words are kept for their copy.
_ANALYSED_KEEP = 16


class PositionalText(fields.TEXT):
    """A full-text field (positions, character offsets, stored for snippets).

    It keeps the words of the texts it indexed last, so their ``WEIGHTS``
    copies, indexed later in the same document (Whoosh indexes a document's
    fields in name order, and ``t_`` comes before ``w_``), are not analysed
    again.
    """

    def __init__(self):
        super().__init__(analyzer=text_analyzer(), stored=True, chars=True)

    def index(self, value, **kwargs):
        items = list(super().index(value, **kwargs))
        kept = getattr(_analysed, "texts", None)
        if kept is None or len(kept) >= _ANALYSED_KEEP:
            kept = _analysed.texts = {}
        # The text itself is kept too, so its id is not reused meanwhile.
        kept[id(value)] = (
            value,
            [(word, freq, weight) for word, freq, weight, _ in items],
        )
        return items


class WeightsText(fields.TEXT):
    """The words of a ``TEXT`` field with their counts: no positions, no offsets.

    Ranking reads only these (ranking.py). A block of the full-text
    field's postings carries every word's positions and character offsets,
    and decoding them was nearly all the cost of scoring a common word.
    """

    def __init__(self):
        super().__init__(analyzer=text_analyzer(), phrase=False)

    def index(self, value, **kwargs):
        kept = getattr(_analysed, "texts", None) or {}
        found = kept.pop(id(value), None)
        if found is not None and found[0] is value:
            return [
                (word, freq, weight, pack_uint(freq)) for word, freq, weight in found[1]
            ]
        return super().index(value, **kwargs)


class PairText(fields.TEXT):
    """The adjacent-word pairs of a ``TEXT`` field, with their positions (no
    character offsets, not stored): the exact phrases' terms."""

    def __init__(self):
        super().__init__(analyzer=pair_analyzer(), phrase=True)


def make_schema() -> fields.Schema:
    schema = fields.Schema(
        id=fields.ID(unique=True),  # "<root model label>:<pk>"
        pk=fields.COLUMN(columns.VarBytesColumn()),
        ct=MultiID(),  # the model's label and its indexed ancestors'
        nn=MultiID(),  # filter columns that hold a value (for __isnull)
        fv=fields.COLUMN(columns.PickleColumn(columns.VarBytesColumn())),
        spell=fields.TEXT(analyzer=word_analyzer(), phrase=False),
    )
    schema.add(TEXT + "*", PositionalText(), glob=True)
    schema.add(WEIGHTS + "*", WeightsText(), glob=True)
    schema.add(PAIRS + "*", PairText(), glob=True)
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
