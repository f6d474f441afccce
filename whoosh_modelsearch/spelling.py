""" "Did you mean": a word the index does not hold, replaced by the nearest
one it does.

Whoosh's corrector walks the term dictionary with a Levenshtein automaton in
Python for every word (about 80 ms a query on the benchmark's 10M words).
Here the words of the ``spell`` field (unstemmed, lower case) are read once
per segment (segments never change), grouped by first letter (a misspelling
seldom starts wrong, and Whoosh's corrector was asked for the same prefix) and
length (an edit changes it by one at most), and compared in C by RapidFuzz.
The nearest word wins; on a tie, the one in most documents.
"""

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

SPELL = "spell"
#: Edits (Levenshtein distance) a suggestion may be from the typed word.
MAX_DISTANCE = 2


#: Word lists of the segments read lately, by segment id: a segment never
#: changes, and a write adds a small one, so only new segments are read.
_SEGMENT_WORDS: dict[str, list[str]] = {}
_SEGMENTS_KEPT = 64


def _segment_words(reader) -> list[str]:
    """The words of one segment's ``spell`` field."""
    segment = reader.segment()
    key = segment.segment_id() if segment is not None else None
    if key is not None and key in _SEGMENT_WORDS:
        return _SEGMENT_WORDS[key]
    words = [text.decode("utf-8") for text in reader.lexicon(SPELL)]
    if key is not None:
        if len(_SEGMENT_WORDS) >= _SEGMENTS_KEPT:
            _SEGMENT_WORDS.clear()
        _SEGMENT_WORDS[key] = words
    return words


#: Suggestions remembered per vocabulary (per index generation).
ANSWERS_KEPT = 1024


class Vocabulary:
    """The words of a searcher's ``spell`` field, by first letter and length.

    A word within ``MAX_DISTANCE`` edits of the typed one is at most that
    many letters longer or shorter: only those few lists (a few thousand
    words at 10M words, not every word with the same first letter) are
    compared, so the work per call stays small and bounded.
    """

    def __init__(self, reader):
        self.reader = reader
        words: set[str] = set()
        for leaf, _offset in reader.leaf_readers():
            words.update(_segment_words(leaf))
        groups: dict[tuple[str, int], list[str]] = {}
        for word in sorted(words):
            groups.setdefault((word[:1], len(word)), []).append(word)
        self.groups = {key: tuple(group) for key, group in groups.items()}
        self.answers: dict[str, str | None] = {}

    @classmethod
    def of(cls, searcher) -> "Vocabulary":
        """The searcher's vocabulary, made on first use (``searcher.decoded``
        lives as long as the searcher, which a write replaces)."""
        decoded = searcher.decoded
        if "vocabulary" not in decoded:
            decoded["vocabulary"] = cls(searcher.reader())
        return decoded["vocabulary"]

    def candidates(self, word: str) -> list[str]:
        """The words that could be within ``MAX_DISTANCE`` edits of ``word``
        with its first letter."""
        first, size = word[:1], len(word)
        out: list[str] = []
        for length in range(size - MAX_DISTANCE, size + MAX_DISTANCE + 1):
            out.extend(self.groups.get((first, length), ()))
        return out

    def nearest(self, word: str) -> str | None:
        """The indexed word nearest to ``word`` (same first letter, at most
        ``MAX_DISTANCE`` edits; of the nearest, the one in most documents), or
        None."""
        if word in self.answers:
            return self.answers[word]
        found = process.extract(
            word,
            self.candidates(word),
            scorer=Levenshtein.distance,
            score_cutoff=MAX_DISTANCE,
            limit=None,
        )
        answer = None
        if found:
            nearest = min(distance for _word, distance, _i in found)
            ties = sorted(w for w, distance, _i in found if distance == nearest)
            answer = max(ties, key=lambda w: self.reader.doc_frequency(SPELL, w))
        if len(self.answers) >= ANSWERS_KEPT:
            self.answers.clear()
        self.answers[word] = answer
        return answer


def suggest_words(searcher, words: list[str]) -> list[str]:
    """``words`` with each one the index does not hold replaced by the
    nearest one it does (kept if there is none). Short words and numbers are
    left as typed."""
    reader = searcher.reader()
    vocabulary = None
    out = []
    for word in words:
        known = len(word) < 3 or word.isdigit() or (SPELL, word) in reader
        if known:
            out.append(word)
            continue
        vocabulary = vocabulary or Vocabulary.of(searcher)
        out.append(vocabulary.nearest(word) or word)
    return out
