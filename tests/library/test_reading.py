"""Browsing the library and reading a text one chapter per screen."""

import pytest

from library.models import TextPage
from tests.factories.library import (
    AuthorFactory,
    TextPageFactory,
    chapter_body,
    sections,
)


@pytest.fixture
def texts(library):
    marx = AuthorFactory(name="Karl Marx", sort_name="Marx, Karl")
    morris = AuthorFactory(name="William Morris", sort_name="Morris, William")
    manifesto = TextPageFactory(
        parent=library,
        title="The Communist Manifesto",
        original_year=1848,
        reading_level=TextPage.ReadingLevel.STANDARD,
        authors=[marx],
        tags=["Communism", "Socialism"],
    )
    nowhere = TextPageFactory(
        parent=library,
        title="News from Nowhere",
        original_year=1890,
        reading_level=TextPage.ReadingLevel.ACCESSIBLE,
        authors=[morris],
        tags=["Socialism", "Utopia"],
        sections=sections(
            *[(f"Chapter {n}", chapter_body("river")) for n in range(1, 4)]
        ),
    )
    # As if it were a 90-minute read, without indexing 18,000 words in every test.
    TextPage.objects.filter(pk=nowhere.pk).update(reading_minutes=90)
    draft = TextPageFactory(
        parent=library, title="Unfinished draft", live=False, tags=["Socialism"]
    )
    return {"manifesto": manifesto, "nowhere": nowhere, "draft": draft, "marx": marx}


def titles(response) -> list[str]:
    return [t.title for t in response.context["texts"]]


def test_library_lists_live_texts_only(client, library, texts):
    response = client.get(library.url)
    assert response.status_code == 200
    assert titles(response) == ["News from Nowhere", "The Communist Manifesto"]
    assert "Unfinished draft" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tag": "utopia"}, ["News from Nowhere"]),
        ({"tag": "socialism"}, ["News from Nowhere", "The Communist Manifesto"]),
        ({"decade": "1840"}, ["The Communist Manifesto"]),
        ({"decade": "1845"}, ["The Communist Manifesto"]),
        ({"level": "accessible"}, ["News from Nowhere"]),
        ({"length": "short"}, ["The Communist Manifesto"]),
        ({"length": "medium"}, ["News from Nowhere"]),
        ({"sort": "oldest"}, ["The Communist Manifesto", "News from Nowhere"]),
        ({"sort": "newest"}, ["News from Nowhere", "The Communist Manifesto"]),
        ({"sort": "longest"}, ["News from Nowhere", "The Communist Manifesto"]),
        (
            {"level": "nonsense", "decade": "abc", "sort": "evil"},
            ["News from Nowhere", "The Communist Manifesto"],
        ),
    ],
)
def test_filters_and_sorting_are_plain_get_parameters(
    client, library, texts, params, expected
):
    response = client.get(library.url, params)
    assert response.status_code == 200
    assert titles(response) == expected


def test_author_filter_and_facet_counts(client, library, texts):
    response = client.get(library.url, {"author": texts["marx"].pk})
    assert titles(response) == ["The Communist Manifesto"]

    response = client.get(library.url, {"tag": "socialism"})
    facets = {f.name: f for f in response.context["facets"]}
    topics = {label: count for _v, label, count, _s in facets["tag"].options}
    assert topics == {"Socialism": 2, "Communism": 1, "Utopia": 1}  # drafts not counted
    periods = {label: count for _v, label, count, _s in facets["decade"].options}
    assert periods == {"1840s": 1, "1890s": 1}
    html = response.content.decode()
    assert '<label for="filter-tag">Topic</label>' in html
    assert "Socialism (2)" in html


def test_library_search_finds_texts_by_their_chapters(client, library, texts):
    response = client.get(library.url, {"q": "river"})
    assert titles(response) == ["News from Nowhere"]
    assert response.context["passages"]


def test_text_page_first_screen_shows_summary_and_contents(client, texts):
    text = texts["manifesto"]
    response = client.get(text.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert text.summary in html
    assert "Karl Marx (1840–1910)" in html
    for section in text.section_list:
        assert f'href="{text.url}{section.anchor}/"' in html
    assert "The picket is where" not in html  # chapters are not on the first screen


def test_a_section_shows_one_chapter_with_previous_and_next(client, texts):
    text = texts["manifesto"]
    response = client.get(f"{text.url}chapter-ii-the-vote/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Chapter II: The Vote</h1>" in html
    assert "The vote is where the branch meets" in html
    assert "The meeting is where" not in html and "The picket is where" not in html
    assert f'rel="prev" href="{text.url}chapter-i-the-meeting/"' in html
    assert f'rel="next" href="{text.url}chapter-iii-the-strike/"' in html
    assert "Section 2 of 3" in html


def test_unknown_section_is_not_found(client, texts):
    assert client.get(f"{texts['manifesto'].url}no-such-chapter/").status_code == 404


def test_search_terms_are_highlighted_in_the_section(client, texts):
    text = texts["manifesto"]
    response = client.get(
        f"{text.url}chapter-iii-the-strike/", {"q": "picket <script>"}
    )
    html = response.content.decode()
    assert '<mark id="hit-1" tabindex="-1">picket</mark>' in html
    assert "<script>" not in html.split('class="text-body"')[1]


def test_reading_a_long_text_is_one_query_bounded_screen(
    client, texts, django_assert_max_num_queries
):
    text = texts["nowhere"]
    client.get(f"{text.url}chapter-2/")  # warm caches
    with django_assert_max_num_queries(20):
        response = client.get(f"{text.url}chapter-2/")
    assert response.status_code == 200


def test_library_index_is_creatable_under_home(home):
    from core.models import HomePage
    from library.models import LibraryIndexPage

    assert LibraryIndexPage.can_create_at(home)
    assert TextPage in LibraryIndexPage.allowed_subpage_models()
    assert LibraryIndexPage in HomePage.allowed_subpage_models()
