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


class _Replay:
    """An analyser giving back tokens already made (a field's format asks an
    analyser for its tokens)."""

    def __init__(self, tokens):
        self.tokens = tokens

    def __call__(self, value, **kwargs):
        return iter(self.tokens)


def _encoded(word_values) -> list:
    """A format's word values with each word as bytes, as ``FieldType.index``
    gives them."""
    return [(word.encode("utf-8"), freq, wt, v) for word, freq, wt, v in word_values]


_analysed = threading.local()
#: Texts of the document being indexed whose words are kept for their copies.
_ANALYSED_KEEP = 16


def _kept() -> dict:
    kept = getattr(_analysed, "texts", None)
    if kept is None:
        kept = _analysed.texts = {}
    return kept


class PositionalText(fields.TEXT):
    """A full-text field (positions, character offsets, stored for snippets).

    The text is analysed once, stop words kept aside: the field indexes the
    other words; their counts and the pairs of all the words are kept for
    the ``WEIGHTS`` and ``PAIRS`` copies, indexed later in the same document
    (Whoosh indexes a document's fields in name order: ``t_``, ``w_``, ``x_``).
    """

    def __init__(self):
        super().__init__(analyzer=text_analyzer(), stored=True, chars=True)

    def index(self, value, **kwargs):
        words, pairs, previous = [], [], None
        tokens = self.analyzer(
            value, positions=True, chars=True, mode="index", removestops=False
        )
        for n, token in enumerate(tokens):
            if previous is not None:
                pairs.append(
                    analysis.Token(
                        positions=True,
                        text=previous + PAIR_JOIN + token.text,
                        pos=n - 1,
                    )
                )
            previous = token.text
            if not token.stopped:
                words.append(token.copy())
        items = _encoded(self.format.word_values(value, _Replay(words), mode="index"))
        kept = _kept()
        if len(kept) >= _ANALYSED_KEEP:
            kept.clear()
        # The text itself is kept too, so its id is not reused meanwhile.
        counts = [(word, freq, weight) for word, freq, weight, _ in items]
        kept[id(value)] = (value, counts, pairs)
        return items


def _kept_for(value, *, last: bool):
    found = (_kept().pop if last else _kept().get)(id(value), None)
    return found if found is not None and found[0] is value else None


class WeightsText(fields.TEXT):
    """The words of a ``TEXT`` field with their counts: no positions, no offsets.

    Ranking reads only these (ranking.py). A block of the full-text
    field's postings carries every word's positions and character offsets,
    and decoding them was nearly all the cost of scoring a common word.
    """

    def __init__(self):
        super().__init__(analyzer=text_analyzer(), phrase=False)

    def index(self, value, **kwargs):
        found = _kept_for(value, last=False)
        if found is not None:
            return [
                (word, freq, weight, pack_uint(freq)) for word, freq, weight in found[1]
            ]
        return super().index(value, **kwargs)


class PairText(fields.TEXT):
    """The adjacent-word pairs of a ``TEXT`` field, with their positions (no
    character offsets, not stored): the exact phrases' terms."""

    def __init__(self):
        super().__init__(analyzer=pair_analyzer(), phrase=True)

    def index(self, value, **kwargs):
        found = _kept_for(value, last=True)
        if found is not None:
            return _encoded(
                self.format.word_values(value, _Replay(found[2]), mode="index")
            )
        return super().index(value, removestops=False, **kwargs)


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
