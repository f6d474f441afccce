"""A quoted phrase's count agrees with its hits, through the backend: the
near matches (stop words dropped) are looked for the same bounded way for a
page and for the paginator's count (whoosh_modelsearch/phrases.py)."""

from wagtail.search.utils import parse_query_string

from library.models import TextPage, TextSection
from tests.factories.library import (
    LibraryIndexPageFactory,
    TextPageFactory,
    sections,
)
from whoosh_modelsearch import phrases


def test_a_phrase_counts_what_its_pages_list(home, monkeypatch):
    exact = [
        (f"Exact {n}", f"<p>They took the rest of the day to decide, {n}.</p>")
        for n in range(2)
    ]
    near = [
        (f"Near {n}", f"<p>After a rest the branch met again, meeting {n}.</p>")
        for n in range(8)
    ]
    TextPageFactory(
        parent=LibraryIndexPageFactory(parent=home), sections=sections(*exact, *near)
    )
    monkeypatch.setattr(phrases, "LOOSE_CHECKS", 3)

    # As the library searches (library/selectors.py): a parsed query string.
    _filters, query = parse_query_string('"the rest of the"', operator="and")
    results = TextSection.objects.filter(page__in=TextPage.objects.live()).search(
        query, operator="and"
    )
    listed = [section.title for section in results[:100]]

    assert listed[:2] == ["Exact 0", "Exact 1"] or listed[:2] == ["Exact 1", "Exact 0"]
    assert len(listed) == 2 + 3
    assert results.count() == len(listed)
