"""Publishing a text re-indexes only the sections that changed, and search
always shows what is published: after an edit, after a revert."""

from io import StringIO

import pytest
from django.core.management import call_command

from library.models import SectionIndexState, TextSection
from tests.factories.library import TextPageFactory, sections
from whoosh_modelsearch.backend import WhooshSearchBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(library):
    return TextPageFactory(
        parent=library,
        title="A long book",
        sections=sections(
            *[
                (f"Chapter {n}", f"<p>Chapter {n} is about chapterword{n}.</p>")
                for n in range(1, 31)
            ]
        ),
    )


def found(word: str) -> list[str]:
    return [s.title for s in TextSection.objects.search(word)]


def edit_chapter(book, number: int, body: str):
    chapters = list(book.sections.all())
    chapters[number - 1].body = body
    book.sections = chapters
    return book.save_revision()


def test_publishing_an_edit_reindexes_only_the_changed_chapter(book, monkeypatch):
    assert found("chapterword7") == ["Chapter 7"]
    assert SectionIndexState.objects.filter(section__page=book).count() == 30

    indexed = []
    real = WhooshSearchBackend.add_bulk

    def spy(self, model, objs):
        if model is TextSection:
            indexed.append(sorted(section.title for section in objs))
        return real(self, model, objs)

    monkeypatch.setattr(WhooshSearchBackend, "add_bulk", spy)
    edit_chapter(book, 7, "<p>Chapter 7 now speaks of quorvelin.</p>").publish()

    assert indexed == [["Chapter 7"]]
    assert found("quorvelin") == ["Chapter 7"]
    assert found("chapterword7") == []
    assert found("chapterword8") == ["Chapter 8"]
    book.save_revision().publish()  # nothing changed: nothing to index
    assert indexed == [["Chapter 7"]]


def test_reverting_to_an_earlier_revision_is_searched_as_published(book):
    first = book.save_revision()
    edit_chapter(book, 3, "<p>Replaced by zanthrope.</p>").publish()
    assert found("zanthrope") == ["Chapter 3"]

    first.publish()  # revert: the revision still holds the old chapter 3

    assert found("zanthrope") == []
    assert found("chapterword3") == ["Chapter 3"]


def test_a_full_rebuild_records_what_it_indexed(book, monkeypatch):
    SectionIndexState.objects.all().delete()  # as after a bulk load
    out = StringIO()
    call_command("update_index", stdout=out)
    assert "Recorded 30 library sections as indexed" in out.getvalue()
    assert SectionIndexState.objects.filter(section__page=book).count() == 30

    indexed = []
    real = WhooshSearchBackend.add_bulk

    def spy(self, model, objs):
        if model is TextSection:
            indexed.append(len(objs))
        return real(self, model, objs)

    monkeypatch.setattr(WhooshSearchBackend, "add_bulk", spy)
    edit_chapter(book, 2, "<p>Now about plimsoll.</p>").publish()
    assert indexed == [1]
    assert found("plimsoll") == ["Chapter 2"]
