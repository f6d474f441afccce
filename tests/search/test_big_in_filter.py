"""A filter on many values (the library's sections of 3,000 texts) reads a column.

Past ``TERM_SET_MIN`` values an ``__in`` filter is answered from the sort
column instead of one posting list per value (whoosh_modelsearch/filters.py):
it must still match exactly the same documents, across segments and after
deletions, for ids (matched as integers) and for other values (encoded).
"""

import pytest

from library.models import TextPage, TextSection
from tests.factories.library import LibraryIndexPageFactory, TextPageFactory
from whoosh_modelsearch import documents
from whoosh_modelsearch.filters import TERM_SET_MIN

COUNT = TERM_SET_MIN + 8


@pytest.fixture
def texts(home):
    library = LibraryIndexPageFactory(parent=home)
    return [TextPageFactory(parent=library) for _ in range(COUNT)]


def found(queryset) -> list[int]:
    """The pages of the sections that mention meetings."""
    return sorted({s.page_id for s in queryset.search("meeting")[:1000]})


def test_a_filter_on_many_ids_matches_exactly_those_texts(texts):
    chosen = [page.pk for page in texts[: TERM_SET_MIN + 4]]
    others = [page.pk + 10_000 for page in texts]

    assert found(TextSection.objects.filter(page__in=chosen + others)) == chosen
    assert found(TextSection.objects.filter(page__in=others)) == []
    assert found(TextSection.objects.exclude(page__in=chosen)) == [
        page.pk for page in texts[TERM_SET_MIN + 4 :]
    ]


def test_many_ids_are_matched_as_integers_with_nothing_encoded(texts, monkeypatch):
    # The library's search: the sections of a subquery's texts. The ids are
    # looked up as integers in the column's index, not encoded one by one.
    chosen = [page.pk for page in texts[:-1]]

    def refuse(values):
        raise AssertionError("encoded the ids of an __in filter one by one")

    monkeypatch.setattr(documents, "encode_many", refuse)
    subquery = TextPage.objects.filter(pk__in=chosen).values("pk")
    assert found(TextSection.objects.filter(page__in=subquery)) == chosen


def test_a_deleted_text_is_not_matched_by_a_filter_on_many_ids(texts):
    chosen = [page.pk for page in texts]
    texts[0].delete()

    assert found(TextSection.objects.filter(page__in=chosen)) == chosen[1:]


def test_many_strings_are_matched_by_their_encoded_values(texts):
    for page in texts[:3]:
        page.reading_level = TextPage.ReadingLevel.DEMANDING
        page.save_revision().publish()
    levels = [TextPage.ReadingLevel.DEMANDING] + [f"level {n}" for n in range(COUNT)]

    matched = TextPage.objects.filter(reading_level__in=levels).search("pamphlet")
    assert sorted(page.pk for page in matched) == [page.pk for page in texts[:3]]
    assert matched.count() == 3


def test_a_filter_that_allows_nothing_counts_and_facets_nothing(texts):
    # Whoosh reads an empty set of allowed documents as no filter at all.
    others = [page.pk + 10_000 for page in texts]
    results = TextSection.objects.filter(page__in=others).search("meeting")

    assert results.count() == 0
    assert list(results) == []
    levels = [f"level {n}" for n in range(COUNT)]
    pages = TextPage.objects.filter(reading_level__in=levels).search("pamphlet")
    assert pages.count() == 0
    assert pages.facet("reading_level") == {}
