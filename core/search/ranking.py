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
queries, another weighting model, an index built before ``WEIGHTS`` fields)
returns ``None`` and the caller uses Whoosh's own search. Whoosh's top-N
search also prunes boosted matches it should keep (tests/search/test_ranking.py
shows one); this ranking does not. Tests compare the two on the same index.
"""

from heapq import heappush, heapreplace, nsmallest

from whoosh import query as wq
from whoosh import scoring

from . import speedups
from .store import TEXT, WEIGHTS

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
    """The ``TEXT`` field ``name``, if it can be scored here: an index made
    before ``WEIGHTS`` fields existed is left to Whoosh."""
    if not name.startswith(TEXT) or name not in schema:
        return None
    if _weights_field(name) not in schema:
        return None
    field = schema[name]
    return field if field.scorable else None


# Reading postings ----------------------------------------------------------------


def _weights_field(field: str) -> str:
    return WEIGHTS + field[len(TEXT) :]


def _lengths(reader, field: str) -> list:
    """Every document's length in ``field``, read once per segment."""
    return speedups.field_lengths(reader._perdoc, field)


def _postings(reader, field: str, text: bytes):
    """A segment's raw postings of a term (deleted documents included), or None."""
    if (field, text) not in reader:
        return None
    matcher = reader.postings(field, text)
    return getattr(matcher, "child", matcher)  # without the deletions filter


def _blocks(reader, field: str, text: bytes):
    """(ids, weights) of each block of a term's postings in a segment."""
    matcher = _postings(reader, field, text)
    while matcher is not None and matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)


class _Scorer:
    """BM25F of one term of a ``TEXT`` field, as ``scoring.BM25FScorer`` gives
    it, read from the field's ``WEIGHTS`` copy (the same counts and lengths)."""

    def __init__(self, searcher, field: str, text: bytes, boost: float):
        self.field, self.text = _weights_field(field), text
        weighting = searcher.weighting
        b = weighting._field_B.get(field, weighting.B)
        k1 = weighting.K1
        idf = searcher.idf(self.field, text)
        avgfl = searcher.avg_field_length(self.field) or 1
        self.c1 = idf * (k1 + 1)
        self.c2 = k1 * (1 - b)
        self.c3 = k1 * b / avgfl
        self.boost = boost

    def scores(self, reader) -> dict[int, float]:
        """{docnum: score} of the documents of this segment with the term."""
        lengths = _lengths(reader, self.field)
        c1, c2, c3, boost = self.c1, self.c2, self.c3, self.boost
        out = {}
        for ids, weights in _blocks(reader, self.field, self.text):
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
    if plan[0] == "phrases":
        return _phrase_hits(plan[1], searcher, allowed=allowed, limit=limit)
    scorers = {}
    _make_scorers(plan, searcher, scorers)
    found = []
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        deleted = reader.has_deletions()
        for docnum, score in _evaluate(plan, reader, scorers).items():
            number = docnum + offset
            if allowed is not None and number not in allowed:
                continue
            if deleted and reader.is_deleted(docnum):
                continue
            found.append((score, number))
    return nsmallest(limit, found, key=_rank)


def _rank(item):
    return (-item[0], item[1])


def _make_scorers(plan, searcher, scorers):
    if plan[0] == "term":
        _kind, field, text, boost = plan
        scorers[plan] = _Scorer(searcher, field, text, boost)
    else:
        for part in plan[1]:
            _make_scorers(part, searcher, scorers)


class _Candidate:
    """A document with every word of one of the phrases: the phrase's score
    if the words are side by side, and where to look."""

    __slots__ = ("score", "phrase", "reader", "docnum")

    def __init__(self, score, phrase, reader, docnum):
        self.score, self.phrase, self.reader, self.docnum = (
            score,
            phrase,
            reader,
            docnum,
        )


def _phrase_hits(phrases, searcher, *, allowed, limit):
    """Rank the documents holding every word of a phrase by their score (an
    upper bound: the words may not be side by side), then check them in that
    order, a growing batch at a time, until no unchecked document can beat
    the page's last hit. Whoosh scores a phrase as the sum over its words (a
    repeated word counts each time), times the phrase's boost."""
    bounds: dict[int, float] = {}
    candidates: dict[int, list[_Candidate]] = {}
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        deleted = reader.has_deletions()
        for phrase in phrases:
            field, words, boost = phrase
            distinct = list(dict.fromkeys(words))
            scores = {
                word: _Scorer(searcher, field, word, 1.0).scores(reader)
                for word in distinct
            }
            rarest = min(distinct, key=lambda word: len(scores[word]))
            for docnum in scores[rarest]:
                if not all(docnum in scores[word] for word in distinct):
                    continue
                number = docnum + offset
                if allowed is not None and number not in allowed:
                    continue
                if deleted and reader.is_deleted(docnum):
                    continue
                score = sum(scores[word][docnum] for word in words) * boost
                bounds[number] = bounds.get(number, 0) + score
                candidates.setdefault(number, []).append(
                    _Candidate(score, phrase, reader, docnum)
                )
    order = sorted(bounds, key=lambda n: (-bounds[n], n))
    top: list = []  # a heap of (score, -docnum): the page so far, worst first
    start = 0
    # A first batch is usually enough; if not, the rest in one pass over the
    # postings (checking batch after batch would read the same blocks again).
    for batch in (3 * limit, len(order)):
        chunk = order[start : start + batch]
        start += len(chunk)
        found = _side_by_side([c for n in chunk for c in candidates[n]])
        for number in chunk:
            if len(top) >= limit and top[0][0] > bounds[number]:
                return _sorted_top(top)
            score = sum(c.score for c in candidates[number] if c in found)
            if not score:
                continue
            item = (score, -number)
            if len(top) < limit:
                heappush(top, item)
            elif item > top[0]:
                heapreplace(top, item)
    return _sorted_top(top)


def _sorted_top(top):
    return [(score, -negated) for score, negated in sorted(top, reverse=True)]


def _side_by_side(candidates: list[_Candidate]) -> set[_Candidate]:
    """The candidates whose phrase's words occur one after another, read from
    the full-text field's positions."""
    groups: dict[tuple, list[_Candidate]] = {}
    for candidate in candidates:
        key = (id(candidate.reader), candidate.phrase[0], tuple(candidate.phrase[1]))
        groups.setdefault(key, []).append(candidate)
    found = set()
    for group in groups.values():
        reader, (field, words, _boost) = group[0].reader, group[0].phrase
        docnums = sorted({c.docnum for c in group})
        positions = {
            word: _positions(reader, field, word, docnums)
            for word in dict.fromkeys(words)
        }
        for candidate in group:
            starts = positions[words[0]].get(candidate.docnum, set())
            for i, word in enumerate(words[1:], start=1):
                later = positions[word].get(candidate.docnum, ())
                starts = {p for p in starts if p + i in later}
            if starts:
                found.add(candidate)
    return found


def _positions(reader, field: str, word: bytes, docnums: list[int]) -> dict:
    """{docnum: {positions}} of ``word`` in the given documents (ascending)."""
    decode = reader.schema[field].format.decode_positions
    found = _block_values(reader, field, word, docnums)
    return {docnum: set(decode(value)) for docnum, value in found.items()}


def values_at(searcher, field: str, text: bytes, docnums) -> dict[int, bytes]:
    """{docnum: posting value} of a term in the given documents (the searcher's
    document numbers), decoding only the blocks of postings that hold them.

    Whoosh's ``skip_to`` steps through a block a posting at a time; snippets
    for a page of hits asked it for every word of the query in every hit.
    """
    wanted = sorted(docnums)
    out = {}
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        end = offset + reader.doc_count_all()
        local = [docnum - offset for docnum in wanted if offset <= docnum < end]
        if local:
            found = _block_values(reader, field, text, local)
            out.update((docnum + offset, value) for docnum, value in found.items())
    return out


def _block_values(reader, field: str, text: bytes, docnums: list[int]) -> dict:
    matcher = _postings(reader, field, text)
    out = {}
    i, count = 0, len(docnums)
    while matcher is not None and matcher.is_active() and i < count:
        last = matcher._maxid  # from the block's header: no need to decode it
        if docnums[i] <= last:
            matcher._read_ids()
            matcher._read_values()
            where = {docnum: k for k, docnum in enumerate(matcher._ids)}
            values = matcher._values
            while i < count and docnums[i] <= last:
                k = where.get(docnums[i])
                if k is not None:
                    out[docnums[i]] = values[k]
                i += 1
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return out
