"""A full-text field's postings, made in one pass over its words.

Whoosh analyses a field as a chain of generators, one Python call per word and
filter (tokenizer, lower case, accents, stop words, stems), then groups the
words per term in its format's ``word_values``. A full-text field here has
three copies (the words with positions and offsets, their counts, the
adjacent-word pairs) and the ``spell`` field is the same text once more: that
was most of a rebuild's analysis time. ``text_postings`` gives the same
postings for the three copies from one loop over the words, and
``spell_postings`` those of the ``spell`` field; each equals what the field's
Whoosh analyser and format give (tests/search/test_indexing.py compares
them on the Gutenberg books). Queries still use the Whoosh analysers
(schema.py), so a query's terms are those of the index.
"""

import re
from collections import Counter
from functools import lru_cache

from whoosh import analysis, formats
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

#: Words and dotted numbers ("1.11"). Whoosh-reloaded's default also keeps "*".
WORD_PATTERN = r"\w+(\.?\w+)*"
_WORDS = re.compile(WORD_PATTERN)
#: Whoosh's default English stop list and minimum word length (StopFilter).
STOP_WORDS = analysis.StopFilter().stops
MIN_WORD = analysis.StopFilter().min
#: Stems kept in memory (Whoosh's StemFilter keeps 50,000; ours is bounded too).
STEMS_KEPT = 100_000

_stem = lru_cache(maxsize=STEMS_KEPT)(stem)
_CHARACTERS = formats.Characters()
_POSITIONS = formats.Positions()


class TextPostings:
    """The postings of one full-text value: ``words`` (the ``TEXT`` field:
    positions and character offsets), ``counts`` (the ``WEIGHTS`` copy) and
    ``pairs`` (the ``PAIRS`` copy: adjacent words, stop words kept, with the
    position of the first word counted over every word). Each is a list of
    ``(term bytes, frequency, weight, encoded value)`` as ``FieldType.index``
    returns them."""

    __slots__ = ("counts", "pairs", "words")

    def __init__(self, value: str, join: str):
        where: dict[str, list] = {}  # stem: [(position, start, end)]
        pairs: dict[str, list] = {}  # "word word": [position]
        stops, minimum, stemmed = STOP_WORDS, MIN_WORD, _stem
        previous, renumbered = None, None
        for n, match in enumerate(_WORDS.finditer(value)):
            text = match.group().lower().translate(accent_map)
            if len(text) < minimum or text in stops:
                term = text  # a stop word: not stemmed, no posting of its own
            else:
                term = stemmed(text)
                # StopFilter(renumber=True): the first word keeps its position,
                # the next ones follow it with the stop words left out.
                renumbered = n if renumbered is None else renumbered + 1
                found = where.get(term)
                if found is None:
                    where[term] = found = []
                found.append((renumbered, match.start(), match.end()))
            if previous is not None:
                pair = previous + join + term
                found = pairs.get(pair)
                if found is None:
                    pairs[pair] = found = []
                found.append(n - 1)
            previous = term
        encode_words, encode_pairs = _CHARACTERS.encode, _POSITIONS.encode
        self.words = [
            (term.encode("utf-8"), len(found), float(len(found)), encode_words(found))
            for term, found in where.items()
        ]
        self.counts = [
            (term, freq, weight, pack_uint(freq))
            for term, freq, weight, _value in self.words
        ]
        self.pairs = [
            (pair.encode("utf-8"), len(found), float(len(found)), encode_pairs(found))
            for pair, found in pairs.items()
        ]


def spell_postings(value: str) -> list:
    """The ``spell`` field's postings (words lower case, accents folded, no
    stems, no stop list; counts only) as ``FieldType.index`` returns them."""
    counts = Counter(
        match.group().lower().translate(accent_map) for match in _WORDS.finditer(value)
    )
    return [
        (word.encode("utf-8"), freq, float(freq), pack_uint(freq))
        for word, freq in counts.items()
    ]
