"""The Whoosh backend through Wagtail's API, on the site's own page types."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Boost, Fuzzy, Not, Phrase, PlainText

from courses.models import CoursePage, ModulePage
from tests.factories.courses import CoursePageFactory, ModulePageFactory
from whoosh_modelsearch.backend import WhooshSearchBackend


@pytest.fixture
def courses(course_index):
    return {
        "organise": CoursePageFactory(
            parent=course_index,
            title="Organising your workplace",
            summary="How organisers build a union branch where they work.",
            audience="Members who want to organise.",
            level="introductory",
            tags=["Unions"],
        ),
        "history": CoursePageFactory(
            parent=course_index,
            title="A history of the party",
            summary="From the founding conference to the present day, decade by decade.",
            audience="Everyone.",
            level="advanced",
            tags=["History"],
        ),
        "housing": CoursePageFactory(
            parent=course_index,
            title="Housing and rent",
            summary="Tenants organised in a rent strike and won repairs.",
            audience="Renters.",
            level="introductory",
            tags=[],
        ),
    }


def titles(results):
    return [page.title for page in results]


def test_the_default_backend_is_whoosh_writing_to_the_test_index(settings):
    backend = get_search_backend()

    assert isinstance(backend, WhooshSearchBackend)
    assert backend.store.root == settings.SEARCH_INDEX_DIR


def test_saving_a_page_makes_it_searchable_and_deleting_it_removes_it(courses):
    assert titles(CoursePage.objects.live().search("tenants")) == ["Housing and rent"]

    courses["housing"].delete()

    assert titles(CoursePage.objects.live().search("tenants")) == []


def test_empty_slices_and_no_hits_page_like_a_queryset(courses):
    results = CoursePage.objects.search("strike")
    assert list(results[0:0]) == []
    assert list(results[5:2]) == []
    assert list(CoursePage.objects.search("zeppelin")[0:10]) == []
    page = Paginator(CoursePage.objects.search("zeppelin"), 10).get_page(1)
    assert list(page.object_list) == []
    assert page.paginator.count == 0


def test_english_stemming_finds_other_forms_of_a_word(courses):
    found = set(titles(CoursePage.objects.live().search("organising")))

    # organisers, organise, organised: all one stem
    assert found == {"Organising your workplace", "Housing and rent"}


def test_unpublished_pages_are_filtered_out_by_live(courses):
    courses["history"].unpublish()

    assert titles(CoursePage.objects.live().search("conference")) == []
    assert titles(CoursePage.objects.search("conference")) == ["A history of the party"]


def test_searching_page_finds_every_page_type(courses):
    ModulePageFactory(parent=courses["history"], title="The founding conference")

    found = Page.objects.live().search("conference")

    assert set(titles(found)) == {"A history of the party", "The founding conference"}


def test_title_matches_rank_above_body_matches(courses):
    ModulePageFactory(parent=courses["housing"], title="Rent", objective="On rent.")

    results = titles(Page.objects.live().search("housing rent", operator="or"))

    assert results[0] == "Housing and rent"


def test_related_tags_are_searchable(courses):
    assert titles(CoursePage.objects.search("unions")) == ["Organising your workplace"]


def test_filters_on_filter_fields_and_ordering(courses):
    results = CoursePage.objects.filter(level="introductory").search(
        "organise", order_by="title"
    )

    assert titles(results) == ["Housing and rent", "Organising your workplace"]
    assert titles(CoursePage.objects.search("organise", order_by="-title")) == [
        "Organising your workplace",
        "Housing and rent",
    ]


def test_facets_count_values_of_a_filter_field(courses):
    facets = CoursePage.objects.search("organise").facet("level")

    assert dict(facets) == {"introductory": 2}
    assert dict(
        CoursePage.objects.live().search(Not(PlainText("zzz"))).facet("level")
    ) == {
        "introductory": 2,
        "advanced": 1,
    }


def test_autocomplete_matches_the_start_of_words_without_stemming(courses):
    assert titles(CoursePage.objects.autocomplete("organi")) == [
        "Organising your workplace"
    ]
    assert titles(CoursePage.objects.autocomplete("hous ren")) == ["Housing and rent"]


def test_query_classes(courses):
    search = CoursePage.objects.search

    assert titles(search(Phrase("rent strike"))) == ["Housing and rent"]
    assert titles(search(Phrase("strike rent"))) == []
    assert titles(search(Fuzzy("tennants"))) == ["Housing and rent"]
    assert set(titles(search(PlainText("organise") & ~PlainText("rent")))) == {
        "Organising your workplace"
    }
    boosted = search(PlainText("workplace") | Boost(PlainText("tenants"), 10))
    assert titles(boosted) == ["Housing and rent", "Organising your workplace"]


def test_scores_can_be_annotated(courses):
    results = list(CoursePage.objects.search("organise").annotate_score("score"))

    assert results and all(isinstance(page.score, float) for page in results)


def test_each_result_carries_a_highlighted_snippet_of_its_best_field(courses):
    result = CoursePage.objects.search("strike")[0]

    assert "<mark>strike</mark>" in result.search_highlight
    assert "Tenants organised" in result.search_highlight


def test_snippets_mark_every_matching_word_and_only_those(course_index):
    summary = (
        "Owen explained the great money trick to the workmen. " + "Filler here. " * 40
    )
    CoursePageFactory(parent=course_index, title="Wages", summary=summary)

    snippet = CoursePage.objects.search("money trick")[0].search_highlight

    assert "great <mark>money</mark> <mark>trick</mark> to the workmen" in snippet
    assert snippet.count("<mark>") == 2


def test_snippets_escape_html_and_can_be_turned_off(course_index):
    CoursePageFactory(
        parent=course_index, title="Tags", summary="Use <script> for strike"
    )

    result = CoursePage.objects.search("strike")[0]
    assert "&lt;script&gt;" in result.search_highlight
    assert "<script>" not in result.search_highlight

    plain = CoursePage.objects.search("strike").highlight(None)[0]
    assert not hasattr(plain, "search_highlight")


def test_big_slices_get_snippets_only_when_asked(courses):
    results = CoursePage.objects.search("organise")

    assert all(page.search_highlight for page in results.highlight())


def test_did_you_mean_corrects_unknown_words_against_raw_words(courses):
    assert get_search_backend().suggest("organsing worplace") == "organising workplace"
    assert get_search_backend().suggest("organising workplace") is None
    assert get_search_backend().suggest("") is None
    assert get_search_backend().suggest("tennants") == "tenants"


def test_update_index_rebuilds_with_progress_and_keeps_results(courses):
    out = StringIO()

    call_command("update_index", stdout=out)

    assert "courses.CoursePage" in out.getvalue()
    assert "." in out.getvalue()
    assert "indexed" in out.getvalue()
    assert titles(CoursePage.objects.search("tenants")) == ["Housing and rent"]


def test_module_bodies_are_searched(courses):
    ModulePageFactory(parent=courses["housing"], title="Meetings", body=[])
    module = ModulePageFactory(parent=courses["housing"], title="Agendas")

    found = ModulePage.objects.search("agenda next month")

    assert titles(found) == [module.title]
