"""The top hits of a quoted phrase, from the index's own terms.

The backend makes of a quoted phrase, per field, two parts (compiler.py):
the exact words, stop words included, as adjacent-word pairs of the field's
``PAIRS`` copy one after another, boosted far above the second part, the
words side by side with stop words dropped (the full-text field). Whoosh
scores each part as the sum over its terms (a repeated term counts each
time), times the part's boost, and a document as the sum of its parts.

``phrase_hits`` gives the same ranking. The documents holding every pair of
the exact part (a posting list per pair: the candidates come from the
index) are ranked by their score, plus the most the other parts could add
(an upper bound), then checked best first (positions read only from the
blocks that hold them) until no unchecked document can beat the page's last
hit. The other parts are read for just those documents, and in full only
when the exact part cannot fill the page: a common phrase never reads the
positions of thousands of documents that hold its words apart.

Then, and only then, the passages that match only because stop words were
dropped are looked for among the ``LOOSE_CHECKS`` best of the documents
holding the words (by their score): the near matches are a courtesy below
the exact ones, and proving that none of thousands of passages holds
common words side by side ("state of nature" at 10M words: 1,800 passages
with "state" and "nature", three with them side by side) cost more than
the rest of the search. Counts (``phrase_count``) look the same way, so a
page of results and their count agree.
"""

from collections import Counter
from heapq import heapify, heappop, heappush, heapreplace

from .postings import (
    Scorer,
    TermBlocks,
    TermPositions,
    counts_field,
    deleted,
    term_postings,
)
from .schema import PAIRS

#: Most documents checked for the words side by side, stop words dropped,
#: once the exact phrase has been looked for (see above).
LOOSE_CHECKS = 500


class _Part:
    """One part of the query (field, terms, boost) in one segment."""

    def __init__(self, subsearcher, phrase, scorer_of, cache: dict):
        field, words, boost = phrase
        self.phrase, self.cache = phrase, cache
        self.subsearcher, self.reader = subsearcher, subsearcher.reader()
        self.counts = Counter(words)
        self.present = all(
            term_postings(subsearcher, field, word) is not None for word in self.counts
        )
        self.scorers = (
            {word: scorer_of(field, word, boost) for word in self.counts}
            if self.present
            else {}
        )
        self.found = None  # {docnum: score} of every candidate, once read

    def most(self) -> float:
        """More than the part can score in any document of the segment."""
        if not self.present:
            return 0.0
        return sum(self.scorers[w].most * n for w, n in self.counts.items())

    def candidates(self) -> dict[int, float]:
        """{docnum: the part's score} of the documents with every term."""
        if self.found is None:
            self.found = {}
            if self.present:
                # The rarest term's documents, then those of the others among them.
                field = counts_field(self.phrase[0])
                words = sorted(
                    self.counts, key=lambda w: self.reader.doc_frequency(field, w)
                )
                rarest, *others = words
                times = self.counts[rarest]
                scores = self.scorers[rarest].scores(self.subsearcher)
                found = {d: s * times for d, s in scores.items()}
                for word in others:
                    more = self.scorers[word].scores_among(self.subsearcher, found)
                    times = self.counts[word]
                    found = {
                        d: s + more[d] * times for d, s in found.items() if d in more
                    }
                self.found = found
        return self.found

    def score_of(self, docnum: int) -> float:
        """The part's score in a document: 0 unless its terms stand there one
        after another."""
        if not self.present:
            return 0.0
        if self.found is not None:
            score = self.found.get(docnum)
        else:
            score = self._score_one(docnum)
        if not score:
            return 0.0
        if len(self.phrase[1]) > 1 and not self._side_by_side(docnum):
            return 0.0
        return score

    def _score_one(self, docnum: int) -> float | None:
        field = counts_field(self.phrase[0])
        total = 0.0
        for word, scorer in self.scorers.items():
            key = ("weights", id(self.reader), field, word)
            if key not in self.cache:
                self.cache[key] = TermBlocks(
                    self.subsearcher, field, word, weights=True
                )
            score = scorer.score_of(self.reader, docnum, self.cache[key])
            if score is None:
                return None
            total += score * self.counts[word]
        return total

    def _side_by_side(self, docnum: int) -> bool:
        field, words, _boost = self.phrase
        starts = None
        for i, word in enumerate(words):
            key = ("positions", id(self.reader), field, word)
            if key not in self.cache:
                self.cache[key] = TermPositions(self.subsearcher, field, word)
            found = self.cache[key].of(docnum)
            starts = found if starts is None else {p for p in starts if p + i in found}
            if not starts:
                return False
        return True


def phrase_count(phrases, searcher, *, allowed) -> int:
    """How many documents ``phrase_hits`` finds with no limit."""
    everything = max(searcher.doc_count_all(), 1)
    return len(phrase_hits(phrases, searcher, allowed=allowed, limit=everything))


def phrase_hits(phrases, searcher, *, allowed, limit):
    """[(score, docnum)] best first; ``phrases``: [(field, [bytes], boost)]."""
    scorers: dict = {}

    def scorer_of(field, word, boost):
        key = (field, word, boost)
        if key not in scorers:
            scorers[key] = Scorer(searcher, field, word, boost)
        return scorers[key]

    cache: dict = {}
    leaves = []  # (offset, end, deleted, [parts])
    for subsearcher, offset in searcher.leaf_searchers():
        parts = [_Part(subsearcher, phrase, scorer_of, cache) for phrase in phrases]
        end = offset + subsearcher.reader().doc_count_all()
        leaves.append((offset, end, deleted(subsearcher), parts))
    first = [i for i, p in enumerate(phrases) if p[0].startswith(PAIRS)]
    later = [i for i in range(len(phrases)) if i not in first]
    if not first:
        first, later = later, []
    ranked = _Ranked(leaves, allowed, limit)
    rest = max((sum(parts[i].most() for i in later) for *_, parts in leaves), default=0)
    ranked.add(first, extra=rest)
    # The other parts are read only for documents the first ones match.
    ranked.run(first, then=later)
    if later and (len(ranked.top) < limit or ranked.top[0][0] <= rest):
        # Documents with only the later parts may still make the page.
        ranked.add(later, extra=0.0, skip_known=True)
        ranked.run(later, budget=LOOSE_CHECKS)
    return [(score, -negated) for score, negated in sorted(ranked.top, reverse=True)]


class _Ranked:
    """Candidates popped best first by their bound, checked, kept if in the top."""

    def __init__(self, leaves, allowed, limit):
        self.leaves, self.allowed, self.limit = leaves, allowed, limit
        self.order: list = []  # a heap of (-bound, number)
        self.known: set[int] = set()  # documents already in the order
        self.top: list = []  # a heap of (score, -docnum): the page so far

    def add(self, indexes, *, extra: float, skip_known: bool = False) -> None:
        """Queue the candidates of the parts ``indexes``, bounded by their
        scores plus ``extra`` (the most the other parts can add)."""
        bounds: dict[int, float] = {}
        for offset, _end, gone, parts in self.leaves:
            for i in indexes:
                for docnum, score in parts[i].candidates().items():
                    number = docnum + offset
                    if self.allowed is not None and number not in self.allowed:
                        continue
                    if gone and docnum in gone:
                        continue
                    if skip_known and number in self.known:
                        continue
                    bounds[number] = bounds.get(number, extra) + score
        self.known.update(bounds)
        self.order.extend((-bound, number) for number, bound in bounds.items())
        heapify(self.order)

    def run(self, scored, *, then=(), budget=None) -> None:
        """Check the queued candidates best first (at most ``budget`` of
        them): their score is that of the parts ``scored``, plus those of
        ``then`` if it is not 0. A document the parts ``scored`` don't match
        leaves the known ones, for a later ``add`` of the other parts to
        queue again."""
        order, top, limit = self.order, self.top, self.limit
        while order and budget != 0:
            if budget is not None:
                budget -= 1
            bound, number = order[0]
            if len(top) >= limit and top[0][0] > -bound:
                break
            heappop(order)
            score = self.score(number, scored, then)
            if not score:
                self.known.discard(number)
                continue
            item = (score, -number)
            if len(top) < limit:
                heappush(top, item)
            elif item > top[0]:
                heapreplace(top, item)

    def score(self, number: int, scored, then) -> float:
        for offset, end, _gone, parts in self.leaves:
            if offset <= number < end:
                docnum = number - offset
                score = sum(parts[i].score_of(docnum) for i in scored)
                if score:
                    score += sum(parts[i].score_of(docnum) for i in then)
                return score
        return 0.0
