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
from whoosh_modelsearch import postings, ranking
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
