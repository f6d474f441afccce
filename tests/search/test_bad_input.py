"""Whatever a reader types, search answers, and answers right.

Each check also searches for a word that is there: a search that raises or
that finds nothing (a broken backend) fails these tests.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from courses.models import CoursePage
from tests.factories.courses import CoursePageFactory

NASTY = [
    'organis* AND (OR NOT) "unbalanced',
    "title:foo^3 ~2 [a TO b] {x TO} \\ /regex/ *",
    "AND OR NOT",
    "x" * 10_000,
    "🚩✊🏽 солидарность 团结 تضامن",
    "\x00\x01\x1b[31m\ud800",
    "'",
    '"',
    "-",
    "",
    "   ",
]


@pytest.fixture
def corpus(course_index):
    CoursePageFactory(
        parent=course_index, title="Solidarity forever", summary="Union songs"
    )


def suggest(text):
    return get_search_backend().suggest(text)


def titles(results) -> list[str]:
    return [page.title for page in results]


def assert_search_works_with(text: str) -> None:
    """``text`` typed beside a word that is there finds that page, in every
    channel; ``text`` alone finds at most that page."""
    found = CoursePage.objects.search(f"solidarity {text}", operator="or")
    assert titles(found) == ["Solidarity forever"]
    assert found.count() == 1
    assert set(titles(Page.objects.live().search(text))) <= {"Solidarity forever"}
    assert titles(CoursePage.objects.autocomplete(f"solid {text}", operator="or")) == [
        "Solidarity forever"
    ]
    corrected = suggest(f"solidarty {text}")
    assert corrected is not None and corrected.startswith("solidarity")


@pytest.mark.parametrize("text", NASTY)
def test_known_nasty_strings(corpus, text):
    assert_search_works_with(text)


def test_operators_typed_by_a_reader_are_words_not_syntax(corpus):
    # "and" is a stop word and "(union" the word "union": no query syntax at all.
    for text in ("solidarity AND (union", "solidarity OR NOT union*"):
        assert [p.title for p in CoursePage.objects.search(text)] == [
            "Solidarity forever"
        ]
    assert [p.title for p in CoursePage.objects.search("solidarity NOT union")] == [
        "Solidarity forever"
    ]
    assert list(CoursePage.objects.search("solidarity -songs title:zzz")) == []


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=300))
def test_any_text_searches_without_error(corpus, text):
    assert_search_works_with(text)
