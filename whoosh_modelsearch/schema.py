"""The index's schema: field kinds by name prefix, analysers, field types."""

import threading

from whoosh import analysis, columns, fields
from whoosh.support.charset import accent_map

from .indexing import WORD_PATTERN, TextPostings, spell_postings

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
    and ``iron heel``, at the position of their first word (counting every
    word: run it with ``removestops=False``, so stop words are kept).

    An exact phrase of n words is then n - 1 terms of the index at
    consecutive positions: its candidates are the documents that hold those
    terms (one posting list each), not every document with its words.
    """

    def __call__(self, tokens):
        previous = None
        for n, token in enumerate(tokens):
            text = token.text
            if previous is not None:
                token.text = previous + PAIR_JOIN + text
                token.stopped = False  # a pair is a term, whatever its words
                if token.positions:
                    token.pos = n - 1
                yield token
            previous = text


def pair_analyzer():
    """Adjacent-word pairs of ``text_analyzer``'s words, stop words (not
    stemmed, as that analyser leaves them) included: call it with
    ``removestops=False``."""
    return text_analyzer() | PairFilter()


_analysed = threading.local()
#: Texts of the document being indexed whose postings are kept for their copies.
_ANALYSED_KEEP = 16


def _kept() -> dict:
    kept = getattr(_analysed, "texts", None)
    if kept is None:
        kept = _analysed.texts = {}
    return kept


def _postings(value, *, last: bool = False) -> TextPostings:
    """The postings of a full-text value, made once for its three copies
    (Whoosh indexes a document's fields in name order: ``t_``, ``w_``,
    ``x_``, so the last, ``x_``, lets them go)."""
    kept = _kept()
    found = (kept.pop if last else kept.get)(id(value), None)
    if found is not None and found[0] is value:
        return found[1]
    postings = TextPostings(str(value), PAIR_JOIN)
    if not last:
        if len(kept) >= _ANALYSED_KEEP:
            kept.clear()
        # The text itself is kept too, so its id is not reused meanwhile.
        kept[id(value)] = (value, postings)
    return postings


class PositionalText(fields.TEXT):
    """A full-text field (positions, character offsets, stored for snippets).

    Indexed from ``indexing.TextPostings`` (the same postings as this
    field's analyser gives, made in one pass with those of the ``WEIGHTS``
    and ``PAIRS`` copies); queries use the analyser.
    """

    def __init__(self):
        super().__init__(analyzer=text_analyzer(), stored=True, chars=True)

    def index(self, value, **kwargs):
        return _postings(value).words


class WeightsText(fields.TEXT):
    """The words of a ``TEXT`` field with their counts: no positions, no offsets.

    Ranking reads only these (ranking.py). A block of the full-text
    field's postings carries every word's positions and character offsets,
    and decoding them was nearly all the cost of scoring a common word.
    """

    def __init__(self):
        super().__init__(analyzer=text_analyzer(), phrase=False)

    def index(self, value, **kwargs):
        return _postings(value).counts


class PairText(fields.TEXT):
    """The adjacent-word pairs of a ``TEXT`` field, with their positions (no
    character offsets, not stored): the exact phrases' terms."""

    def __init__(self):
        super().__init__(analyzer=pair_analyzer(), phrase=True)

    def index(self, value, **kwargs):
        return _postings(value, last=True).pairs


class SpellText(fields.TEXT):
    """The words of every full-text field, unstemmed, with their counts: the
    vocabulary of "did you mean" (spelling.py)."""

    def __init__(self):
        super().__init__(analyzer=word_analyzer(), phrase=False)

    def index(self, value, **kwargs):
        return spell_postings(str(value))


def make_schema() -> fields.Schema:
    schema = fields.Schema(
        id=fields.ID(unique=True),  # "<root model label>:<pk>"
        pk=fields.COLUMN(columns.VarBytesColumn()),
        ct=MultiID(),  # the model's label and its indexed ancestors'
        nn=MultiID(),  # filter columns that hold a value (for __isnull)
        fv=fields.COLUMN(columns.PickleColumn(columns.VarBytesColumn())),
        spell=SpellText(),
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
