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
- A ``Phrase``, or an ``Or`` of phrases and terms (what the backend makes of
  a quoted phrase: per field, the exact words as adjacent-word pairs of the
  ``PAIRS`` copy, and the words with stop words dropped): the documents with
  all the terms of a part are ranked by their score, then checked for the
  terms side by side, best first, reading positions only from the blocks
  that hold them, until no unchecked document can beat the page's last hit.
  The exact part's candidates come from its pairs' postings, and its boost
  puts its hits first, so the loose part is read only when the exact one
  cannot fill the page.

Anything else (fuzzy and prefix terms, ``Not``, ``Every``, boosts on compound
queries, another weighting model) returns ``None`` and the caller uses Whoosh's own search. Whoosh's top-N
search also prunes boosted matches it should keep (tests/search/test_ranking.py
shows one); this ranking does not. Tests compare the two on the same index.
"""

from heapq import nlargest

from whoosh import query as wq
from whoosh import scoring

from .phrases import phrase_count, phrase_hits
from .postings import Scorer, deleted
from .schema import PAIRS, TEXT

# Planning: is this a query we score here? ---------------------------------------


def _plan(query, schema):
    """A nested tuple for a supported query, or None.

    ``("term", field, bytes, boost)``, ``("and"|"or", [plans])`` or
    ``("phrases", [(field, [bytes], boost)])``.
    """
    kind = type(query)
    if kind is wq.Term:
        if query.fieldname.startswith(PAIRS):
            return _phrases([query], schema)
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
        if kind is wq.Or and _is_phrase_or(query.subqueries):
            return _phrases(query.subqueries, schema)
        parts = [_plan(q, schema) for q in query.subqueries]
        if not parts or any(p is None or p[0] == "phrases" for p in parts):
            return None
        return ("and" if kind is wq.And else "or", parts)
    if kind is wq.Phrase:
        return _phrases([query], schema)
    return None


def _is_phrase_or(queries) -> bool:
    """An ``Or`` of phrases and terms with at least one phrase or pair term."""
    kinds = {type(q) for q in queries}
    return (
        bool(queries)
        and kinds <= {wq.Phrase, wq.Term}
        and any(type(q) is wq.Phrase or q.fieldname.startswith(PAIRS) for q in queries)
    )


def _phrases(queries, schema):
    phrases = []
    for query in queries:
        words = query.words if type(query) is wq.Phrase else [query.text]
        field = _text_field(query.fieldname, schema)
        if (
            field is None
            or getattr(query, "slop", 1) != 1
            or not words
            or not field.format.supports("positions")
        ):
            return None
        try:
            words = [field.to_bytes(word) for word in words]
        except ValueError:
            return None
        phrases.append((query.fieldname, words, query.boost))
    return ("phrases", phrases)


def _text_field(name, schema):
    """The ``TEXT`` or ``PAIRS`` field ``name``, if it can be scored here."""
    if not name.startswith((TEXT, PAIRS)) or name not in schema:
        return None
    field = schema[name]
    return field if field.scorable else None


# Words ---------------------------------------------------------------------------


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


def _evaluate(plan, subsearcher, scorers) -> dict:
    if plan[0] == "term":
        return scorers[plan].scores(subsearcher)
    parts = [_evaluate(part, subsearcher, scorers) for part in plan[1]]
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
        return phrase_hits(plan[1], searcher, allowed=allowed, limit=limit)
    scorers = {}
    _make_scorers(plan, searcher, scorers)
    found = []
    for subsearcher, offset in searcher.leaf_searchers():
        gone = deleted(subsearcher)
        for docnum, score in _evaluate(plan, subsearcher, scorers).items():
            number = docnum + offset
            if allowed is not None and number not in allowed:
                continue
            if gone and docnum in gone:
                continue
            found.append((score, -number))
    # Best score first; on a tie the lower document number, as Whoosh does.
    return [(score, -negated) for score, negated in nlargest(limit, found)]


def count_hits(searcher, query, *, allowed: set | None) -> int | None:
    """How many documents a quoted phrase finds, as ``top_hits`` finds them
    (its loose part looked for as there: phrases.py); None for any other
    query, which Whoosh counts."""
    if type(searcher.weighting) is not scoring.BM25F:
        return None
    plan = _plan(query, searcher.schema)
    if plan is None or plan[0] != "phrases":
        return None
    if not searcher.doc_count_all():
        return 0
    return phrase_count(plan[1], searcher, allowed=allowed)


def _make_scorers(plan, searcher, scorers):
    if plan[0] == "term":
        _kind, field, text, boost = plan
        scorers[plan] = Scorer(searcher, field, text, boost)
    else:
        for part in plan[1]:
            _make_scorers(part, searcher, scorers)
