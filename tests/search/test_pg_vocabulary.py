"""The PostgreSQL backend's words table (search/vocabulary.py) follows the
index: a word comes with the first object holding it, is counted once per
object, and goes with the last; a full rebuild counts the same. Needs
PostgreSQL (CI runs the suite on it too)."""

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.search.backends import get_search_backend

from config.settings.base import search_backends
from search.models import SearchWord
from search.vocabulary import edit_distance, vocabulary_recount
from tests.factories.library import TextPageFactory, sections

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the PostgreSQL search backend needs DATABASE_URL=postgres://...",
)


@pytest.fixture
def library(library, settings):
    """The library, with pages indexed by the PostgreSQL backend."""
    settings.WAGTAILSEARCH_BACKENDS = search_backends("postgres")
    return library


def counts(*words: str) -> dict[str, int]:
    return dict(
        SearchWord.objects.filter(word__in=words).values_list("word", "documents")
    )


def text(library, title, *bodies):
    return TextPageFactory(
        parent=library,
        title=title,
        sections=sections(*[(f"Part {n}", b) for n, b in enumerate(bodies, 1)]),
    )


@pytest.mark.postgres
@on_postgres
def test_words_are_counted_once_per_object_holding_them(library):
    text(library, "Zeppelins", "<p>A zeppelin, a zeppelin!</p>", "<p>zeppelin</p>")
    text(library, "Airships", "<p>The zeppelin and the blimp.</p>")

    # Two sections of the first text and one of the second.
    assert counts("zeppelin", "blimp", "zeppelins") == {
        "zeppelin": 3,
        "blimp": 1,
        "zeppelins": 1,
    }


@pytest.mark.postgres
@on_postgres
def test_an_edit_swaps_the_words_and_a_deletion_removes_them(library):
    page = text(library, "Craft", "<p>zeppelin hangar</p>", "<p>zeppelin</p>")
    section = page.sections.get(title="Part 1")
    section.body = "<p>dirigible hangar</p>"
    section.save()
    page.save()

    assert counts("zeppelin", "dirigible", "hangar") == {
        "zeppelin": 1,
        "dirigible": 1,
        "hangar": 1,
    }
    page.delete()
    assert counts("zeppelin", "dirigible", "hangar", "craft") == {}


def snapshot() -> dict[str, int]:
    return dict(SearchWord.objects.values_list("word", "documents"))


@pytest.mark.postgres
@on_postgres
def test_the_counts_kept_are_those_a_recount_finds(library):
    kept = text(library, "Craft", "<p>A zeppelin and a hangar.</p>", "<p>x</p>")
    gone = text(library, "Hangars", "<p>The hangar of 1912 holds 3 zeppelins.</p>")
    section = kept.sections.get(title="Part 2")
    section.body = "<p>A dirigible in the hangar.</p>"
    section.save()
    kept.save()
    gone.delete()
    written = snapshot()
    assert written["hangar"] == 2 and "zeppelins" not in written
    assert "1912" not in written  # letters only

    vocabulary_recount(using="default")
    assert snapshot() == written


@pytest.mark.postgres
@on_postgres
def test_a_rebuild_keeps_the_counts_exact(library):
    text(library, "Zeppelins", "<p>A zeppelin and a hangar.</p>", "<p>zeppelin</p>")
    SearchWord.objects.create(word="restored", documents=4)  # e.g. from a backup
    SearchWord.objects.filter(word="zeppelin").update(documents=7)
    call_command("update_index", verbosity=0)
    rebuilt = snapshot()
    assert rebuilt["zeppelin"] == 2 and "restored" not in rebuilt

    vocabulary_recount(using="default")
    assert snapshot() == rebuilt
    text(library, "After", "<p>A zeppelin after the rebuild.</p>")
    assert snapshot()["zeppelin"] == 3  # the triggers count again


@pytest.mark.postgres
@on_postgres
def test_reset_empties_the_words(library):
    text(library, "Zeppelins", "<p>zeppelin</p>")
    get_search_backend().reset_indexes()
    assert not SearchWord.objects.exists()


@pytest.mark.postgres
@on_postgres
def test_a_misspelling_takes_the_closest_then_the_commonest_word(library):
    text(library, "Rules", "<p>constitution constituency</p>", "<p>organising</p>")
    text(library, "More", "<p>constituency</p>")
    backend = get_search_backend()

    assert backend.suggest("constitutoin") == "constitution"
    assert backend.suggest("Constituancy rules") == "constituency rules"
    assert backend.suggest('"organsing" constitution') == '"organising" constitution'
    assert backend.suggest("xylophone") is None  # nothing near enough


def test_edit_distance_counts_a_swap_as_one_edit():
    assert edit_distance("constitutoin", "constitution") == 1
    assert edit_distance("constitutoin", "constituency") == 4
    assert edit_distance("tennants", "tenants") == 1
    assert edit_distance("", "abc") == 3
