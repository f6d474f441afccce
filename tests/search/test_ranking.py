"""Bulk ranking (whoosh_modelsearch/ranking.py) finds what Whoosh's own search finds.

The backend answers typed words and phrases with ``ranking.top_hits`` and
leaves every other query to Whoosh. Here both run on one index, with several
segments and deleted documents, for random word and phrase queries, filters
and page sizes: the same documents, in the same order, with the same scores.

The reference is Whoosh scoring every match (``limit=None``). Its top-N
search prunes matchers by their "quality" and drops boosted matches: for
``title^2 OR body`` twice over it missed the best document (see
``test_whoosh_top_n_can_miss_boosted_matches``), which bulk ranking does not.
"""

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from whoosh_modelsearch import ranking
from whoosh_modelsearch.compiler import analyse, phrase_query
from whoosh_modelsearch.store import IndexStore

WORDS = (
    "rent strike tenants organise branch meeting union wages labour capital "
    "class working people land bread freedom council housing repair landlord"
).split()
STOP_WORDS = ["the", "of", "to", "a"]
MISSING = "zeppelin"
DOCS = 520


def _text(rng: random.Random, n: int, stops: random.Random) -> str:
    """Random words, and stop words between some (from their own generator)."""
    words = [rng.choice(WORDS[: rng.randint(6, len(WORDS))]) for _ in range(n)]
    return " ".join(
        f"{stops.choice(STOP_WORDS)} {word}" if stops.random() < 0.3 else word
        for word in words
    )


def _document(n: int, title: str, body: str) -> dict:
    return {
        "id": f"test.doc:{n}",
        "pk": str(n).encode(),
        "ct": ["test.doc"],
        "t_title": title,
        "t_body": body,
    }  # the store adds the counts-only copies (store.with_weights)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A segment of 400 documents (common words have several blocks of
    postings), three more of 40, and every seventh document deleted."""
    rng, stops = random.Random(1917), random.Random(1848)
    store = IndexStore(tmp_path_factory.mktemp("ranking-index"))
    for start, end in [(0, 400), (400, 440), (440, 480), (480, DOCS)]:
        store.write(
            documents=[
                _document(
                    n,
                    _text(rng, rng.randint(1, 4), stops),
                    _text(rng, rng.randint(5, 120), stops),
                )
                for n in range(start, end)
            ]
        )
    store.write(delete_ids=[f"test.doc:{n}" for n in range(0, DOCS, 7)])
    with store.searcher() as searcher:
        assert not searcher.is_atomic()  # several segments, as after edits
        assert searcher.reader().has_deletions()
        first = searcher.leaf_searchers()[0][0].reader()
        postings = first.postings("t_body", "rent").child
        assert not postings._lastblock  # more than one block
    return store


def _terms(words, boost=1.0):
    return [
        wq.Or(
            [
                wq.Term("t_title", term, boost=2.0 * boost),
                wq.Term("t_body", term, boost=boost),
            ]
        )
        for term in analyse(" ".join(words))
    ]


def _phrase(words):
    """As the backend compiles a quoted phrase: exact pairs and loose words."""
    return phrase_query(" ".join(words), [("t_title", 2.0), ("t_body", 1.0)])


word = st.sampled_from(WORDS + [MISSING])
phrase_word = st.sampled_from(WORDS + STOP_WORDS + [MISSING])
queries = st.one_of(
    st.lists(word, min_size=1, max_size=4).map(lambda ws: wq.And(_terms(ws))),
    st.lists(word, min_size=1, max_size=4).map(lambda ws: wq.Or(_terms(ws))),
    st.tuples(
        st.lists(word, min_size=1, max_size=2), st.lists(word, min_size=1, max_size=2)
    ).map(lambda pair: wq.And([wq.Or(_terms(pair[0])), wq.And(_terms(pair[1], 3.0))])),
    st.lists(phrase_word, min_size=2, max_size=4).map(_phrase),
)


def _same_ranking(ours, theirs):
    """Same scores, rank by rank (to a relative 1e-12: sums in another order,
    of scores boosted 10,000 times for exact phrases); the same documents,
    except that documents tied on the last score may be cut off differently."""
    assert [s for s, _ in ours] == pytest.approx(
        [s for s, _ in theirs], rel=1e-12, abs=1e-9
    )
    if ours:
        cut = ours[-1][0] * (1 + 1e-12) + 1e-9
        assert [n for s, n in ours if s > cut] == [n for s, n in theirs if s > cut]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    query=queries,
    limit=st.integers(1, 30),
    filtered=st.booleans(),
    seed=st.integers(0, 99),
)
def test_bulk_ranking_matches_whoosh(store, query, limit, filtered, seed):
    with store.searcher() as searcher:
        allowed = None
        if filtered:
            rng = random.Random(seed)
            allowed = {n for n in range(searcher.doc_count_all()) if rng.random() < 0.5}
        ours = ranking.top_hits(searcher, query, allowed=allowed, limit=limit)
        theirs = searcher.search(query, filter=allowed, limit=None)[:limit]
        assert ours is not None, "typed words and phrases are ranked in bulk"
        _same_ranking(ours, [(hit.score, hit.docnum) for hit in theirs])


def test_whoosh_top_n_can_miss_boosted_matches(store):
    """Why the reference above scores every match: the case that showed it."""
    query = wq.And([wq.Or(_terms(["rent"])), wq.And(_terms(["rent"], 3.0))])
    with store.searcher() as searcher:
        best = searcher.search(query, limit=None)[0]
        pruned = searcher.search(query, limit=3)[0]
        ours = ranking.top_hits(searcher, query, allowed=None, limit=3)
    assert pruned.docnum != best.docnum and pruned.score < best.score
    assert ours[0] == pytest.approx((best.score, best.docnum))


def test_phrases_match_only_words_side_by_side_exact_words_first(store):
    """Hits hold the words side by side, maybe with stop words between
    (dropped from the full-text field); those with the exact words come first."""
    with store.searcher() as searcher:
        query = _phrase(["rent", "strike"])
        hits = ranking.top_hits(searcher, query, allowed=None, limit=1000)
        exact = []
        for _score, docnum in hits:
            fields = searcher.stored_fields(docnum)
            text = f"{fields.get('t_title', '')}\n{fields['t_body']}"
            assert re.search(r"\brent (?:(?:the|of|to|a) )*strike\b", text)
            exact.append(bool(re.search(r"\brent strike\b", text)))
        assert True in exact and False in exact, "both kinds are in the texts"
        assert exact == sorted(exact, reverse=True)
        assert len(hits) == len(searcher.search(query, limit=None))


@pytest.mark.parametrize(
    "query",
    [
        wq.FuzzyTerm("t_body", "rnt"),
        wq.Prefix("t_body", "ren"),
        wq.Not(wq.Term("t_body", "rent")),
        wq.Every(),
        wq.And([wq.Term("t_body", "rent"), _phrase(["rent", "strike"])]),
        wq.And([wq.Term("t_body", "rent")], boost=2.0),
        wq.Term("id", "test.doc:1"),
    ],
    ids=repr,
)
def test_other_queries_are_left_to_whoosh(store, query):
    with store.searcher() as searcher:
        assert ranking.top_hits(searcher, query, allowed=None, limit=10) is None
