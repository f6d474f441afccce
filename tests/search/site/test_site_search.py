"""Site search and the library's search: what a reader typing in the box
relies on, on each search backend (conftest.py)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories.courses import CoursePageFactory, ModulePageFactory
from tests.factories.library import (
    AuthorFactory,
    TextPageFactory,
    chapter_body,
    sections,
)


@pytest.fixture
def corpus(library, course_index):
    tressell = AuthorFactory(name="Robert Tressell", sort_name="Tressell, Robert")
    text = TextPageFactory(
        parent=library,
        title="The Ragged Trousered Philanthropists",
        summary="Decorators in Mugsborough argue about the great money trick.",
        authors=[tressell],
        tags=["Capitalism"],
        sections=sections(
            ("Chapter 1: The House", chapter_body("house")),
            (
                "Chapter 21: The Great Money Trick",
                "<p>Owen cut the bread into slices and explained the great money trick "
                "to the other workmen, who laughed.</p><p>"
                + "Filler words here. " * 50
                + "</p>",
            ),
            ("Chapter 44: The Beano", chapter_body("beano")),
        ),
    )
    course = CoursePageFactory(
        parent=course_index,
        title="Wages and profit",
        summary="Where profit comes from.",
    )
    module = ModulePageFactory(parent=course, title="The money trick explained")
    hidden = TextPageFactory(
        parent=library,
        title="Draft about the money trick",
        live=False,
        sections=sections(("Secret", "<p>zeppelin money trick</p>")),
    )
    return {"text": text, "course": course, "module": module, "hidden": hidden}


def get(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def test_site_search_covers_courses_and_library(client, corpus):
    response = get(client, q="money trick")
    pages = [hit.page.title for hit in response.context["hits"]]

    assert "The money trick explained" in pages
    assert "The Ragged Trousered Philanthropists" in pages
    assert "Draft about the money trick" not in pages


def test_a_passage_links_to_its_section_with_a_highlighted_snippet(client, corpus):
    response = get(client, q="money trick")
    passage = response.context["passages"][0]
    text = corpus["text"]

    assert passage.section.title == "Chapter 21: The Great Money Trick"
    assert passage.url.startswith(f"{text.url}chapter-21-the-great-money-trick/?q=")
    assert passage.url.endswith("#hit-1")
    assert "<mark>money</mark>" in passage.snippet
    assert "zeppelin" not in response.content.decode()  # the unpublished text's section

    page = client.get(passage.url.split("#")[0])
    assert 'id="hit-1"' in page.content.decode()


def test_scope_limits_the_results(client, corpus):
    library_only = [
        h.page.title
        for h in get(client, q="money trick", scope="library").context["hits"]
    ]
    courses_only = get(client, q="money trick", scope="courses")
    assert library_only == ["The Ragged Trousered Philanthropists"]
    assert [h.page.title for h in courses_only.context["hits"]] == [
        "The money trick explained"
    ]
    assert courses_only.context["passages"] == []


def test_phrase_search_needs_the_words_together(client, corpus):
    assert get(client, q='"great money trick"').context["passages"]
    assert not get(client, q='"trick money great"').context["passages"]


def test_all_words_or_any_word(client, corpus):
    assert not get(client, q="bread zebra", operator="and").context["passages"]
    response = get(client, q="bread zebra", operator="or")
    assert [p.section.title for p in response.context["passages"]] == [
        "Chapter 21: The Great Money Trick"
    ]


def test_did_you_mean_for_a_misspelling(client, corpus):
    response = get(client, q="philantropists")
    html = response.content.decode()
    assert response.context["suggestion"] == "philanthropists"
    assert "Did you mean" in html and "q=philanthropists" in html


def test_nothing_found_is_friendly(client, corpus):
    html = get(client, q="xylophone quasar").content.decode()
    assert "Nothing found for “xylophone quasar”" in html


def test_autocomplete_titles_and_authors(client, corpus):
    data = json.loads(client.get("/search/autocomplete/", {"q": "ragg"}).content)
    assert {
        "label": "The Ragged Trousered Philanthropists",
        "kind": "title",
        "url": corpus["text"].url,
    } in data["results"]
    data = json.loads(client.get("/search/autocomplete/", {"q": "tress"}).content)
    assert any(
        r["label"] == "Robert Tressell" and r["kind"] == "author"
        for r in data["results"]
    )
    assert json.loads(client.get("/search/autocomplete/", {"q": "\x00"}).content) == {
        "results": []
    }


def test_search_page_works_without_javascript(client, corpus):
    html = get(client).content.decode()
    assert '<label for="search-q">' in html
    assert 'name="operator" value="or"' in html
    assert "<h1>Search</h1>" in html


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.text(max_size=300)
    | st.sampled_from(
        [
            '"',
            '""',
            "'",
            "AND OR NOT",
            "*",
            "(",
            "a:b",
            "NEAR(",
            "-",
            "\\",
            "%",
            'money "trick',
        ]
    ),
    operator=st.sampled_from(["and", "or", "xor", ""]),
    scope=st.sampled_from(["all", "library", "courses", "nope"]),
)
def test_any_string_typed_in_the_box_gives_a_page_not_an_error(
    client, corpus, query, operator, scope
):
    response = client.get(
        "/search/", {"q": query, "operator": operator, "scope": scope}
    )
    assert response.status_code == 200
    library = client.get(
        corpus["text"].get_parent().url, {"q": query, "operator": operator}
    )
    assert library.status_code == 200
    assert client.get("/search/autocomplete/", {"q": query}).status_code == 200
