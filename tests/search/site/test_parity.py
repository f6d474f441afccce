"""What the site search offers readers, on each backend (conftest.py): words
found in the texts' chapters, passages opening at their chapter with the word
marked, phrases, facets on the library page, autocomplete, and "did you mean"
picking a real word from the texts, not the nearest title."""

import json

import pytest
from wagtail.search.backends import get_search_backend

from tests.factories.courses import CoursePageFactory
from tests.factories.library import TextPageFactory, chapter_body, sections


@pytest.fixture
def shelf(library, course_index):
    rules = TextPageFactory(
        parent=library,
        title="Rules for Branches",
        summary="How a branch runs itself.",
        tags=["Democracy"],
        sections=sections(
            ("Chapter 1: Meetings", chapter_body("meetings")),
            ("Chapter 2: Officers", chapter_body("officers")),
            (
                "Chapter 3: Changing the Rules",
                "<p>The branch constitution says who may vote and how the "
                "constitution itself is changed: by a motion at the annual "
                "general meeting.</p>",
            ),
        ),
    )
    tenants = TextPageFactory(
        parent=library,
        title="Tenants Together",
        tags=["Housing"],
        sections=sections(
            ("Part One", "<p>Tenants who organise win repairs from landlords.</p>"),
        ),
    )
    course = CoursePageFactory(
        parent=course_index,
        title="Your constituency party",
        summary="Who does what where you live.",
    )
    return {"rules": rules, "tenants": tenants, "course": course}


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def test_did_you_mean_suggests_a_word_of_the_texts(client, shelf):
    response = search(client, q="constitutoin")

    assert not response.context["hits"] and not response.context["passages"]
    assert response.context["suggestion"] == "constitution"
    assert "q=constitution&amp;" in response.content.decode()
    corrected = search(client, q=response.context["suggestion"])
    assert [p.section.title for p in corrected.context["passages"]] == [
        "Chapter 3: Changing the Rules"
    ]


def test_did_you_mean_keeps_the_words_that_were_right(client, shelf):
    response = search(client, q="branch constitutoin")
    assert response.context["suggestion"] == "branch constitution"


def test_the_backend_suggests_nothing_for_words_it_holds(shelf):
    backend = get_search_backend()
    assert backend.suggest("constitution") is None
    assert backend.suggest("") is None
    assert backend.suggest("tennants") == "tenants"


def test_a_passage_opens_at_its_chapter_with_the_word_marked(client, shelf):
    passage = search(client, q="constitution").context["passages"][0]

    assert passage.section.title == "Chapter 3: Changing the Rules"
    assert "<mark>constitution</mark>" in passage.snippet
    assert passage.url.startswith(f"{shelf['rules'].url}chapter-3-changing-the-rules/")
    chapter = client.get(passage.url.split("#")[0]).content.decode()
    assert '<mark id="hit-1" tabindex="-1">constitution</mark>' in chapter


def test_a_stemmed_word_finds_its_chapter(client, shelf):
    passages = search(client, q="organising").context["passages"]
    assert [p.text.title for p in passages] == ["Tenants Together"]


def test_a_phrase_needs_its_words_in_order(client, shelf):
    assert search(client, q='"annual general meeting"').context["passages"]
    assert not search(client, q='"meeting general annual"').context["passages"]


def test_library_facets_count_only_the_texts_found(client, shelf):
    response = client.get(shelf["rules"].get_parent().url, {"q": "landlords"})
    assert response.status_code == 200
    facets = {f.name: f.options for f in response.context["facets"]}

    assert [t.title for t in response.context["texts"]] == ["Tenants Together"]
    assert facets["tag"] == [("housing", "Housing", 1, False)]


def test_autocomplete_finds_titles_from_their_first_letters(client, shelf):
    data = json.loads(client.get("/search/autocomplete/", {"q": "tenan"}).content)
    assert {
        "label": "Tenants Together",
        "kind": "title",
        "url": shelf["tenants"].url,
    } in (data["results"])


def test_did_you_mean_never_offers_a_word_only_a_draft_holds(client, shelf, library):
    TextPageFactory(
        parent=library,
        title="Draft",
        live=False,
        sections=sections(("Secret", "<p>zeppelin zeppelin zeppelin</p>")),
    )
    response = search(client, q="zepelin")
    assert not response.context.get("suggestion")
    assert "zeppelin" not in response.content.decode()
