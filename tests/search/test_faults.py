"""A missing or broken index is an outage everyone can see, and repairable.

Readers get "Search is unavailable right now" (503), never "Nothing found";
editors get the repair on the dashboard; index writes that fail raise.
"""

import json
import logging
import shutil

import pytest
from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from courses.models import CoursePage
from library.models import SectionIndexState, TextSection
from library.tasks import text_sections_index_task
from tests.factories.courses import CoursePageFactory, UserFactory
from tests.factories.library import TextPageFactory, sections
from whoosh_modelsearch.store import IndexMissing, SearchIndexError


@pytest.fixture
def indexed(course_index):
    page = CoursePageFactory(
        parent=course_index, title="Tenants", summary="Rent strike"
    )
    # Each test starts from an empty index (tests/conftest.py): add the pages
    # the migrations made, so the index holds everything it should.
    get_search_backend().repair()
    return page


def backend():
    return get_search_backend()


def break_index():
    """Overwrite every file of the current generation with rubbish."""
    store = backend().store
    for path in (store.root / store.current_generation()).iterdir():
        path.write_bytes(b"\x00rubbish" * 10)


def truncate_segment():
    """Cut the biggest segment file of the current generation in half."""
    store = backend().store
    folder = store.root / store.current_generation()
    biggest = max(folder.glob("*.seg"), key=lambda path: path.stat().st_size)
    with open(biggest, "r+b") as handle:
        handle.truncate(biggest.stat().st_size // 2)
    return biggest


def test_a_healthy_index_says_so(indexed):
    ok, message = backend().index_health()

    assert ok, message
    assert "holds every object" in message


def test_a_missing_index_raises_everywhere_and_logs(indexed, caplog):
    shutil.rmtree(backend().store.root)

    with caplog.at_level(logging.ERROR, logger="whoosh_modelsearch"):
        with pytest.raises(IndexMissing):
            list(CoursePage.objects.search("strike"))
        with pytest.raises(IndexMissing):
            CoursePage.objects.search("strike").count()
        with pytest.raises(IndexMissing):
            CoursePage.objects.search("strike").facet("level")
        with pytest.raises(IndexMissing):
            list(CoursePage.objects.autocomplete("stri"))
        with pytest.raises(IndexMissing):
            backend().suggest("strke")

    assert "Search index missing" in caplog.text
    ok, message = backend().index_health()
    assert not ok
    assert "missing" in message
    assert "update_index" in message


def test_a_corrupt_index_raises_and_logs(indexed, caplog):
    break_index()

    with caplog.at_level(logging.ERROR, logger="whoosh_modelsearch"):
        with pytest.raises(SearchIndexError):
            list(CoursePage.objects.search("strike"))
        with pytest.raises(SearchIndexError):
            list(CoursePage.objects.autocomplete("stri"))

    assert "Search index unreadable" in caplog.text
    ok, message = backend().index_health()
    assert not ok
    assert "cannot be read" in message
    assert "update_index" in message


def test_readers_see_search_is_unavailable_not_nothing_found(client, indexed):
    assert "Tenants" in client.get("/search/", {"q": "strike"}).content.decode()
    break_index()

    response = client.get("/search/", {"q": "strike"})

    assert response.status_code == 503
    html = response.content.decode()
    assert "Search is unavailable right now" in html
    assert "Nothing found" not in html
    answer = client.get("/search/autocomplete/", {"q": "tena"})
    assert answer.status_code == 503
    assert json.loads(answer.content)["results"] == []


def test_the_library_page_says_search_is_unavailable(client, library, indexed):
    TextPageFactory(parent=library, title="Strike book", summary="About a strike")
    assert "Strike book" in client.get(library.url, {"q": "strike"}).content.decode()
    break_index()

    response = client.get(library.url, {"q": "strike"})

    assert response.status_code == 503
    html = response.content.decode()
    assert "Search is unavailable right now" in html
    assert "No texts match" not in html
    assert client.get(library.url).status_code == 200  # browsing still works


def test_a_truncated_segment_gives_an_outage_until_update_index(client, indexed):
    assert client.get("/search/", {"q": "strike"}).status_code == 200
    truncate_segment()

    response = client.get("/search/", {"q": "strike"})
    assert response.status_code == 503
    assert "Search is unavailable right now" in response.content.decode()
    ok, message = backend().index_health()
    assert not ok
    assert "update_index" in message

    call_command("update_index", verbosity=0)

    response = client.get("/search/", {"q": "strike"})
    assert response.status_code == 200
    assert "Tenants" in response.content.decode()
    assert backend().index_health()[0]


def test_saving_a_page_when_the_index_is_broken_saves_it_and_health_says_so(
    indexed, caplog
):
    break_index()

    with caplog.at_level(logging.ERROR):
        indexed.title = "Tenants united"
        indexed.save_revision().publish()

    assert CoursePage.objects.get(pk=indexed.pk).title == "Tenants united"
    assert not backend().index_health()[0]


def test_a_page_whose_index_write_failed_is_reported_and_repaired(
    indexed, course_index, monkeypatch, caplog
):
    store = backend().store

    def failing_write(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(type(store), "write", lambda self, **kw: failing_write(**kw))
    with caplog.at_level(logging.ERROR):
        lost = CoursePageFactory(parent=course_index, title="Bakers", summary="Bread")
    monkeypatch.undo()
    assert list(CoursePage.objects.search("bread")) == []

    ok, message = backend().index_health()
    assert not ok
    assert "1 of 2 courses.coursepage" in message
    assert str(lost.pk) in message
    assert "update_index --repair" in message

    call_command("update_index", repair=True, verbosity=0)

    assert [p.pk for p in CoursePage.objects.search("bread")] == [lost.pk]
    assert backend().index_health()[0]


def test_a_failed_index_write_fails_the_task_and_notes_nothing(library, monkeypatch):
    book = TextPageFactory(
        parent=library, title="Book", sections=sections(("One", "<p>alpha</p>"))
    )
    section = TextSection.objects.get(page=book)
    SectionIndexState.objects.all().delete()

    def failing(self, model, objs):
        raise SearchIndexError("cannot write")

    monkeypatch.setattr(type(backend()), "add_bulk", failing)
    with pytest.raises(SearchIndexError):
        text_sections_index_task.call(book.pk)
    assert not SectionIndexState.objects.filter(section=section).exists()


def test_the_admin_dashboard_says_how_to_repair(rf, indexed):
    from wagtail import hooks

    request = rf.get("/admin/")
    request.user = UserFactory(email="admin@example.org", is_superuser=True)

    def panels():
        found = []
        for hook in hooks.get_hooks("construct_homepage_panels"):
            hook(request, found)
        return [p for p in found if getattr(p, "name", "") == "search_index_warning"]

    assert panels() == []

    shutil.rmtree(backend().store.root)
    [panel] = panels()
    html = panel.render_html({})

    assert "Site search is not working" in html
    assert "update_index" in html


def test_repair_of_an_unreadable_index_says_to_rebuild(indexed):
    from django.core.management.base import CommandError

    break_index()

    with pytest.raises(CommandError, match="run `manage.py update_index`"):
        call_command("update_index", repair=True, verbosity=0)
