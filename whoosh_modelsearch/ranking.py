"""The top hits of word and phrase queries, scored a block of postings at a time.

Whoosh scores a match one document at a time through a tree of matchers, and
each block of a full-text field's postings carries every word's positions and
character offsets, which it decodes to read the counts. On the benchmark
corpus (12,000 sections) that made a two-word search 150 ms and a phrase of
common words 300 ms. ``top_hits`` gives the same ranking (BM25F, Whoosh's
scores, then the document number) for the queries the backend builds from
typed words and phrases:

- ``Term`` leaves on ``TEXT`` fields, under any nesting of ``And`` and
  ``Or``: each term's counts are read from the field's ``WEIGHTS`` copy (no
  positions to decode) and scored in one pass with the segment's field
  lengths; ``Or`` adds scores, ``And`` keeps documents in every part.
- A ``Phrase``, or an ``Or`` of phrases (one per field): the documents with
  all the words are ranked by their score, then checked for the words side by
  side, best first, reading positions only from the blocks that hold them,
  until no unchecked document can beat the page's last hit.

Anything else (fuzzy and prefix terms, ``Not``, ``Every``, boosts on compound
queries, another weighting model) returns ``None`` and the caller uses Whoosh's own search. Whoosh's top-N
search also prunes boosted matches it should keep (tests/search/test_ranking.py
shows one); this ranking does not. Tests compare the two on the same index.
"""

from bisect import bisect_left
from collections import Counter
from heapq import heapify, heappop, heappush, heapreplace, nlargest

from whoosh import formats, scoring
from whoosh import query as wq

from . import _whoosh_internals as internals
from .schema import TEXT, WEIGHTS

# Planning: is this a query we score here? ---------------------------------------


def _plan(query, schema):
    """A nested tuple for a supported query, or None.

    ``("term", field, bytes, boost)``, ``("and"|"or", [plans])`` or
    ``("phrases", [(field, [bytes], boost)])``.
    """
    kind = type(query)
    if kind is wq.Term:
        field = _text_field(query.fieldname, schema)
        if field is None:
            return None
        try:
            text = field.to_bytes(query.text)
        except ValueError:
            return None
        return ("term", query.fieldname, text, query.boost)
    if kind in (wq.And, wq.Or):
        if query.boost != 1.0 or (kind is wq.Or and (query.minmatch or query.scale)):
            return None
        if (
            kind is wq.Or
            and query.subqueries
            and all(type(q) is wq.Phrase for q in query.subqueries)
        ):
            return _phrases(query.subqueries, schema)
        parts = [_plan(q, schema) for q in query.subqueries]
        if not parts or any(p is None or p[0] == "phrases" for p in parts):
            return None
        return ("and" if kind is wq.And else "or", parts)
    if kind is wq.Phrase:
        return _phrases([query], schema)
    return None


def _phrases(queries, schema):
    phrases = []
    for query in queries:
        field = _text_field(query.fieldname, schema)
        if (
            field is None
            or query.slop != 1
            or not query.words
            or not field.format.supports("positions")
        ):
            return None
        try:
            words = [field.to_bytes(word) for word in query.words]
        except ValueError:
            return None
        phrases.append((query.fieldname, words, query.boost))
    return ("phrases", phrases)


def _text_field(name, schema):
    """The ``TEXT`` field ``name``, if it can be scored here."""
    if not name.startswith(TEXT) or name not in schema:
        return None
    field = schema[name]
    return field if field.scorable else None


# Reading postings ----------------------------------------------------------------


def _weights_field(field: str) -> str:
    return WEIGHTS + field[len(TEXT) :]


def _deleted(subsearcher) -> frozenset:
    """The segment's deleted documents, read once per leaf searcher."""
    decoded = subsearcher.decoded
    if "deleted" not in decoded:
        decoded["deleted"] = internals.deleted_docs(subsearcher.reader())
    return decoded["deleted"]


class _Scorer:
    """BM25F of one term of a ``TEXT`` field, as ``scoring.BM25FScorer`` gives
    it, read from the field's ``WEIGHTS`` copy (the same counts and lengths)."""

    def __init__(self, searcher, field: str, text: bytes, boost: float):
        self.field, self.text = _weights_field(field), text
        b, k1 = internals.bm25f_parameters(searcher.weighting, field)
        idf = searcher.idf(self.field, text)
        avgfl = searcher.avg_field_length(self.field) or 1
        self.c1 = idf * (k1 + 1)
        self.c2 = k1 * (1 - b)
        self.c3 = k1 * b / avgfl
        self.boost = boost

    def scores(self, reader) -> dict[int, float]:
        """{docnum: score} of the documents of this segment with the term."""
        lengths = internals.field_lengths(reader, self.field)
        c1, c2, c3, boost = self.c1, self.c2, self.c3, self.boost
        out = {}
        matcher = internals.leaf_matcher(reader, self.field, self.text)
        for ids, weights in internals.blocks_of(matcher):
            for docnum, tf in zip(ids, weights, strict=True):
                # The arithmetic of whoosh.scoring.bm25, then the term's boost.
                out[docnum] = (c1 * tf / (tf + (c2 + c3 * lengths[docnum]))) * boost
        return out


def _add(a: dict, b: dict) -> dict:
    if len(a) < len(b):
        a, b = b, a
    out = dict(a)
    for docnum, score in b.items():
        out[docnum] = out.get(docnum, 0) + score
    return out


def _intersect(a: dict, b: dict) -> dict:
    if len(a) > len(b):
        a, b = b, a
    return {docnum: score + b[docnum] for docnum, score in a.items() if docnum in b}


def _evaluate(plan, reader, scorers) -> dict:
    if plan[0] == "term":
        return scorers[plan].scores(reader)
    parts = [_evaluate(part, reader, scorers) for part in plan[1]]
    result = parts[0]
    combine = _intersect if plan[0] == "and" else _add
    for part in parts[1:]:
        result = combine(result, part)
    return result


# Top hits --------------------------------------------------------------------------


def top_hits(searcher, query, *, allowed: set | None, limit: int):
    """[(score, docnum)] best first, as ``searcher.search(query, filter=allowed,
    limit=limit)`` would rank them; None if ``query`` is not one done here."""
    if type(searcher.weighting) is not scoring.BM25F or not limit:
        return None
    plan = _plan(query, searcher.schema)
    if plan is None:
        return None
    if not searcher.doc_count_all():
        # An empty index (a new site) finds nothing; BM25's idf would divide by
        # its zero documents.
        return []
    if plan[0] == "phrases":
        return _phrase_hits(plan[1], searcher, allowed=allowed, limit=limit)
    scorers = {}
    _make_scorers(plan, searcher, scorers)
    found = []
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        deleted = _deleted(subsearcher)
        for docnum, score in _evaluate(plan, reader, scorers).items():
            number = docnum + offset
            if allowed is not None and number not in allowed:
                continue
            if deleted and docnum in deleted:
                continue
            found.append((score, -number))
    # Best score first; on a tie the lower document number, as Whoosh does.
    return [(score, -negated) for score, negated in nlargest(limit, found)]


def _make_scorers(plan, searcher, scorers):
    if plan[0] == "term":
        _kind, field, text, boost = plan
        scorers[plan] = _Scorer(searcher, field, text, boost)
    else:
        for part in plan[1]:
            _make_scorers(part, searcher, scorers)


def _phrase_hits(phrases, searcher, *, allowed, limit):
    """Rank the documents holding every word of a phrase by their score (an
    upper bound: the words may not be side by side), then check them in that
    order until no unchecked document can beat the page's last hit. Whoosh
    scores a phrase as the sum over its words (a repeated word counts each
    time), times the phrase's boost."""
    parts = []  # per segment and phrase: ({docnum: score}, phrase, reader, offset)
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        for phrase in phrases:
            found = _phrase_candidates(searcher, reader, phrase)
            if found and allowed is not None:
                found = {d: s for d, s in found.items() if d + offset in allowed}
            deleted = _deleted(subsearcher)
            if found and deleted:
                found = {d: s for d, s in found.items() if d not in deleted}
            if found:
                parts.append((found, phrase, reader, offset))
    bounds: dict[int, float] = {}
    for found, _phrase, _reader, offset in parts:
        for docnum, score in found.items():
            number = docnum + offset
            bounds[number] = bounds.get(number, 0) + score
    order = [(-bound, number) for number, bound in bounds.items()]
    heapify(order)  # popped best first, as far as needed
    top: list = []  # a heap of (score, -docnum): the page so far, worst first
    positions: dict = {}  # the words' positions, read a block at a time
    while order:
        bound, number = heappop(order)
        if len(top) >= limit and top[0][0] > -bound:
            break
        score = 0
        for found, phrase, reader, offset in parts:
            docnum = number - offset
            if docnum in found and _side_by_side(phrase, reader, docnum, positions):
                score += found[docnum]
        if not score:
            continue
        item = (score, -number)
        if len(top) < limit:
            heappush(top, item)
        elif item > top[0]:
            heapreplace(top, item)
    return [(score, -negated) for score, negated in sorted(top, reverse=True)]


def _phrase_candidates(searcher, reader, phrase) -> dict[int, float]:
    """{docnum: the phrase's score} of the segment's documents with every word."""
    field, words, boost = phrase
    counts = Counter(words)
    if any((field, word) not in reader for word in counts):
        return {}
    scores = {
        word: _Scorer(searcher, field, word, boost).scores(reader) for word in counts
    }
    rarest, *others = sorted(counts, key=lambda word: len(scores[word]))
    times = counts[rarest]
    found = {docnum: s * times for docnum, s in scores[rarest].items()}
    for word in others:
        more, times = scores[word], counts[word]
        found = {d: s + more[d] * times for d, s in found.items() if d in more}
    return found


def _side_by_side(phrase, reader, docnum: int, positions: dict) -> bool:
    """Whether the phrase's words stand one after another in the document."""
    field, words, _boost = phrase
    starts = None
    for i, word in enumerate(words):
        key = (id(reader), field, word)
        if key not in positions:
            positions[key] = _TermPositions(reader, field, word)
        found = positions[key].of(docnum)
        starts = found if starts is None else {p for p in starts if p + i in found}
        if not starts:
            return False
    return True


class _TermBlocks:
    """A term's postings in a segment, for any of its documents: each block is
    decoded once, when a document in it is first asked for. (Whoosh's
    ``skip_to`` steps through a block a posting at a time.)"""

    def __init__(self, reader, field: str, word: bytes):
        self.matcher = internals.leaf_matcher(reader, field, word)
        self.last_ids, self.offsets = internals.block_headers(self.matcher)
        self.blocks = {}

    def value(self, docnum: int) -> bytes | None:
        """The posting's value (positions, offsets) for ``docnum``, or None."""
        i = bisect_left(self.last_ids, docnum)
        if i == len(self.last_ids):
            return None
        if i not in self.blocks:
            ids, values = internals.block_values(self.matcher, self.offsets[i])
            self.blocks[i] = ({d: k for k, d in enumerate(ids)}, values)
        where, values = self.blocks[i]
        k = where.get(docnum)
        return values[k] if k is not None else None


class _TermPositions(_TermBlocks):
    def __init__(self, reader, field: str, word: bytes):
        super().__init__(reader, field, word)
        fmt = reader.schema[field].format
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
        if local and (field, text) in reader:
            blocks = _TermBlocks(reader, field, text)
            for docnum in local:
                value = blocks.value(docnum)
                if value is not None:
                    out[docnum + offset] = value
    return out
