"""A missing or broken index: no errors for readers, a warning for editors."""

import logging
import shutil

import pytest
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Phrase
from whoosh import index

from core.search import index_health, suggest
from core.search import store as store_module
from courses.models import CoursePage
from tests.factories.courses import CoursePageFactory, UserFactory


@pytest.fixture
def indexed(course_index):
    return CoursePageFactory(
        parent=course_index, title="Tenants", summary="Rent strike"
    )


def break_index():
    """Overwrite every file of the current generation with rubbish."""
    store = get_search_backend().store
    for path in (store.root / store.current_generation()).iterdir():
        path.write_bytes(b"\x00rubbish" * 10)


def test_a_healthy_index_says_so(indexed):
    ok, message = index_health()

    assert ok
    assert "holds 2 documents" in message  # the course index and the course


def test_a_missing_index_gives_no_results_and_logs_an_error(indexed, caplog):
    shutil.rmtree(get_search_backend().store.root)

    with caplog.at_level(logging.ERROR, logger="core.search"):
        results = CoursePage.objects.search("strike")
        assert list(results) == []
        assert results.count() == 0
        assert dict(CoursePage.objects.search("strike").facet("level")) == {}
        assert suggest("strke") is None

    assert "Search index missing" in caplog.text
    ok, message = index_health()
    assert not ok
    assert "missing" in message


def test_a_corrupt_index_gives_no_results_and_logs_an_error(indexed, caplog):
    break_index()

    with caplog.at_level(logging.ERROR, logger="core.search"):
        assert list(CoursePage.objects.search("strike")) == []
        assert list(CoursePage.objects.autocomplete("stri")) == []

    assert "Search index unreadable" in caplog.text
    ok, message = index_health()
    assert not ok
    assert "cannot be read" in message


def test_saving_a_page_when_the_index_is_broken_still_saves_it(indexed, caplog):
    break_index()

    with caplog.at_level(logging.ERROR):
        indexed.title = "Tenants united"
        indexed.save_revision().publish()

    assert CoursePage.objects.get(pk=indexed.pk).title == "Tenants united"


def test_saving_a_page_recreates_a_missing_index(indexed):
    shutil.rmtree(get_search_backend().store.root)

    indexed.save_revision().publish()

    assert [p.title for p in CoursePage.objects.search("strike")] == ["Tenants"]


def test_the_admin_dashboard_warns_when_the_index_is_broken(rf, indexed):
    from wagtail import hooks

    request = rf.get("/admin/")
    request.user = UserFactory(email="admin@example.org", is_superuser=True)

    def panels():
        found = []
        for hook in hooks.get_hooks("construct_homepage_panels"):
            hook(request, found)
        return [p for p in found if getattr(p, "name", "") == "search_index_warning"]

    assert panels() == []

    shutil.rmtree(get_search_backend().store.root)
    [panel] = panels()
    html = panel.render_html({})

    assert "Site search is not working" in html
    assert "update_index" in html


def test_an_index_from_before_the_ranking_fields_still_works(course_index, monkeypatch):
    """An upgraded site keeps searching (and indexing) with the index it has,
    ranked by Whoosh itself, and the dashboard asks for ``update_index``."""

    def old_schema():
        schema = store_module.make_schema()
        schema.remove(store_module.WEIGHTS + "*")
        return schema

    store = get_search_backend().store
    folder = store.root / "gen-old"
    folder.mkdir(parents=True)
    index.create_in(str(folder), old_schema())
    (store.root / "CURRENT").write_text("gen-old")
    assert store.current_generation() == "gen-old"

    page = CoursePageFactory(
        parent=course_index, title="Tenants", summary="Rent strike"
    )

    assert [p.pk for p in CoursePage.objects.search("strike")] == [page.pk]
    assert [p.pk for p in CoursePage.objects.search(Phrase("rent strike"))] == [page.pk]
    ok, message = index_health()
    assert not ok
    assert "run `manage.py update_index`" in message
