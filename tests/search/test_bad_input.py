"""Whatever a reader types, search answers with results or nothing, never an error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page

from core.search import suggest
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


@pytest.mark.parametrize("text", NASTY)
def test_known_nasty_strings(corpus, text):
    assert isinstance(list(Page.objects.live().search(text)), list)
    assert isinstance(list(CoursePage.objects.autocomplete(text)), list)
    assert isinstance(CoursePage.objects.search(text, operator="or").count(), int)
    assert suggest(text) is None or isinstance(suggest(text), str)


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
    results = Page.objects.live().search(text)
    assert len(list(results[:10])) <= 10
    assert isinstance(list(CoursePage.objects.autocomplete(text)[:5]), list)
    assert suggest(text) is None or isinstance(suggest(text), str)
