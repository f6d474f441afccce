"""Quoted phrases on real text: the exact words, stop words included, first.

Four of the nine Gutenberg books (``BENCH_CORPUS``, default
``../shared/corpus/gutenberg`` beside the checkout; test data, never
committed), a document per paragraph. For real phrases of the books, the
passages holding the exact words come first, then those that match only
because the stop words were dropped; and the exact ones are found from the
pairs' postings, not by reading the positions of every passage with the words.
"""

import re

import pytest
from whoosh.lang.porter import stem

from tests.corpus import CORPUS
from whoosh_modelsearch import phrases, postings, ranking
from whoosh_modelsearch.compiler import phrase_query
from whoosh_modelsearch.store import IndexStore

#: The Communist Manifesto, The Soul of Man under Socialism, Common Sense, On Liberty.
BOOKS = ["pg61.txt", "pg1017.txt", "pg147.txt", "pg34901.txt"]
PHRASES = [
    "the history of all hitherto existing society",
    "working men of all countries",
    "a necessary evil",
    "of the people",
    "liberty of thought",
    "a great deal",
    "the rest of the",
]


def _words(text: str) -> list[str]:
    return [stem(word) for word in re.findall(r"\w+", text.lower())]


def _holds(paragraph: str, phrase: str) -> bool:
    """Whether the paragraph holds the phrase's words one after another."""
    words, wanted = _words(paragraph), _words(phrase)
    n = len(wanted)
    return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    missing = [name for name in BOOKS if not (CORPUS / name).is_file()]
    if missing:
        pytest.skip(f"the Gutenberg books are not in {CORPUS} (set BENCH_CORPUS)")
    paragraphs = []
    for name in BOOKS:
        # Some of the files are Latin-1 (a pound sign in Common Sense).
        text = (CORPUS / name).read_bytes().decode("utf-8", errors="replace")
        for block in re.split(r"\r?\n\s*\r?\n", text):
            block = " ".join(block.split())
            if block:
                paragraphs.append(block)
    store = IndexStore(tmp_path_factory.mktemp("phrases-index"))
    store.write(
        documents=[
            {
                "id": f"test.paragraph:{n}",
                "pk": str(n).encode(),
                "ct": ["test.paragraph"],
                "t_body": paragraph,
            }
            for n, paragraph in enumerate(paragraphs)
        ]
    )
    return store, paragraphs


def _hits(store, phrase: str, limit: int) -> list[int]:
    query = phrase_query(phrase, [("t_body", 1.0)])
    with store.searcher() as searcher:
        hits = ranking.top_hits(searcher, query, allowed=None, limit=limit)
        assert len(hits) == min(limit, len(searcher.search(query, limit=None)))
        pks = searcher.reader().column_reader("pk")
        return [int(pks[docnum]) for _score, docnum in hits]


@pytest.mark.parametrize("phrase", PHRASES)
def test_exact_words_rank_above_stop_words_dropped(corpus, phrase):
    store, paragraphs = corpus
    exact = {n for n, text in enumerate(paragraphs) if _holds(text, phrase)}
    assert exact, f"{phrase!r} is in the books"
    hits = _hits(store, phrase, limit=len(exact) + 20)
    assert set(hits[: len(exact)]) == exact
    assert not exact & set(hits[len(exact) :])


def test_some_passages_match_only_because_stop_words_were_dropped(corpus):
    """What the ranking above is for: the loose matches exist, and before the
    exact ones would have ranked below some of them."""
    store, paragraphs = corpus
    loose = 0
    for phrase in PHRASES:
        exact = {n for n, text in enumerate(paragraphs) if _holds(text, phrase)}
        hits = _hits(store, phrase, limit=len(exact) + 20)
        loose += len(set(hits) - exact)
    assert loose > 20


def test_exact_phrase_candidates_come_from_the_index(corpus, monkeypatch):
    """A phrase of common words reads the positions of about a page of
    passages, not of every passage holding its words."""
    store, paragraphs = corpus
    read = set()
    original = postings.TermPositions.of

    def counted(self, docnum):
        read.add(docnum)
        return original(self, docnum)

    monkeypatch.setattr(postings.TermPositions, "of", counted)
    phrase = "of the people"
    with_words = [
        n
        for n, text in enumerate(paragraphs)
        if {"of", "the", "peopl"} <= set(_words(text))
    ]
    hits = _hits(store, phrase, limit=10)
    assert len(hits) == 10 and len(with_words) > 100
    assert len(read) <= 20, f"positions of {len(read)} passages read"


def _loose_holds(paragraph: str, phrase: str) -> bool:
    """Whether the paragraph holds the phrase's words side by side once the
    stop words are dropped (what the loose part matches)."""
    stops = {"of", "the", "a", "to", "and", "in", "is", "for", "be", "by", "as"}
    kept = [w for w in _words(paragraph) if w not in stops and len(w) > 1]
    wanted = [w for w in _words(phrase) if w not in stops and len(w) > 1]
    n = len(wanted)
    return any(kept[i : i + n] == wanted for i in range(len(kept) - n + 1))


def test_near_matches_are_looked_for_among_a_bounded_number_of_passages(
    corpus, monkeypatch
):
    """After the exact phrase, passages matching only because stop words were
    dropped are looked for among the ``LOOSE_CHECKS`` best of those holding
    the words: every exact match is still found and first, the near ones are
    real near matches, and the count agrees with the hits."""
    store, paragraphs = corpus
    phrase = "the rest of the"  # 2 exact; "rest" alone in many more
    exact = {n for n, text in enumerate(paragraphs) if _holds(text, phrase)}
    everything = _hits(store, phrase, limit=len(exact) + 50)
    near = [n for n in everything if n not in exact]
    assert len(near) > 3

    checked = []
    original = phrases._Ranked.score

    def counted(self, number, scored, then=()):
        if not then:
            checked.append(number)
        return original(self, number, scored, then)

    monkeypatch.setattr(phrases, "LOOSE_CHECKS", 3)
    monkeypatch.setattr(phrases._Ranked, "score", counted)
    query = phrase_query(phrase, [("t_body", 1.0)])
    with store.searcher() as searcher:
        hits = ranking.top_hits(searcher, query, allowed=None, limit=len(exact) + 50)
        count = ranking.count_hits(searcher, query, allowed=None)
        pks = searcher.reader().column_reader("pk")
        found = [int(pks[docnum]) for _score, docnum in hits]
    assert len(checked) <= 2 * 3  # the page, then the count
    assert set(found[: len(exact)]) == exact
    assert len(found) - len(exact) == 3
    assert all(_loose_holds(paragraphs[n], phrase) for n in found[len(exact) :])
    assert count == len(found)


@pytest.mark.parametrize("phrase", PHRASES)
def test_a_phrase_is_counted_as_its_hits_are_found(corpus, phrase):
    store, _paragraphs = corpus
    query = phrase_query(phrase, [("t_body", 1.0)])
    with store.searcher() as searcher:
        count = ranking.count_hits(searcher, query, allowed=None)
        hits = ranking.top_hits(searcher, query, allowed=None, limit=10_000)
        assert count == len(hits) == len(searcher.search(query, limit=None))
