"""The one-pass postings (indexing.py) equal what Whoosh's analysers and
formats give for the same fields, on tricky text and on the Gutenberg books."""

import re

import pytest
from whoosh import formats

from tests.corpus import CORPUS
from whoosh_modelsearch import indexing, schema

TRICKY = [
    "",
    "the",
    "A",
    "The Iron Heel, and the heel of IRON: a heel!",
    "of the people, by the people, for the people",
    "Café déjà vu — naïve résumé; ÉCOLE normale",
    "Section 1.11 and 3.14.15 cost £5.5 in 1848; x y z",
    "İstanbul ǅemal ﬁne straße ΣΊΣΥΦΟΣ",
    "to be or not to be that is the question",
    "it is what it is: it is",
    "don't can't won't o'clock e.g. i.e. U.S.A.",
    "  spaces\n\nand\tnewlines\r\n  ",
    "word " * 300,
]


def _whoosh(fmt, analyzer, value, **kwargs) -> list:
    """The postings ``FieldType.index`` gives with Whoosh's own analysis."""
    return sorted(
        (word.encode("utf-8"), freq, weight, encoded)
        for word, freq, weight, encoded in fmt.word_values(
            value, analyzer, mode="index", **kwargs
        )
    )


def _expected(value: str) -> dict:
    return {
        "words": _whoosh(formats.Characters(), schema.text_analyzer(), value),
        "counts": _whoosh(formats.Frequency(), schema.text_analyzer(), value),
        "pairs": _whoosh(
            formats.Positions(), schema.pair_analyzer(), value, removestops=False
        ),
        "spell": _whoosh(formats.Frequency(), schema.word_analyzer(), value),
    }


def _ours(value: str) -> dict:
    postings = indexing.TextPostings(value, schema.PAIR_JOIN)
    return {
        "words": sorted(postings.words),
        "counts": sorted(postings.counts),
        "pairs": sorted(postings.pairs),
        "spell": sorted(indexing.spell_postings(value)),
    }


@pytest.mark.parametrize("value", TRICKY)
def test_the_same_postings_as_whoosh_on_tricky_text(value):
    assert _ours(value) == _expected(value)


def test_the_same_postings_as_whoosh_on_the_books():
    books = sorted(CORPUS.glob("*.txt"))
    if not books:
        pytest.skip(f"the Gutenberg books are not in {CORPUS} (set BENCH_CORPUS)")
    compared = 0
    for path in books:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for block in re.split(r"\r?\n\s*\r?\n", text)[::7]:
            assert _ours(block) == _expected(block), block[:200]
            compared += 1
    assert compared > 1000


def test_the_schema_indexes_with_these_postings():
    """The fields of a document give the one-pass postings (and a field met
    alone, without the others of its text, is analysed all the same)."""
    value = "The history of all hitherto existing society"
    fields = schema.make_schema()
    expected = _expected(value)
    assert sorted(fields["t_body"].index(value)) == expected["words"]
    assert sorted(fields["w_body"].index(value)) == expected["counts"]
    assert sorted(fields["x_body"].index(value)) == expected["pairs"]
    assert sorted(fields["spell"].index(value)) == expected["spell"]
    assert sorted(fields["x_body"].index(value)) == expected["pairs"]
