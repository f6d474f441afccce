"""manage.py import_texts: what a tutor importing a folder of books relies on."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from library.importer import parse_document
from library.models import Author, TextPage, TextSection
from tests.corpus import CORPUS

FILES = Path(__file__).parent / "files"


def run(*args) -> str:
    out = StringIO()
    call_command("import_texts", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_imports_a_folder_reports_bad_files_and_goes_on(library):
    output = run(FILES, "--publish")

    assert "5 imported, 0 updated, 2 failed." in output
    assert "Failed: empty.txt: the file is empty" in output
    assert (
        "Failed: broken_meta.txt: unreadable metadata file broken_meta.yaml" in output
    )
    titles = set(
        TextPage.objects.live().child_of(library).values_list("title", flat=True)
    )
    assert titles == {
        "The Branch Handbook",
        "Notes on the Co-operative Café",
        "Organising Notes",
        "Rules for Reading Circles",
        "Speeches for the Picket Line",
    }
    handbook = TextPage.objects.get(import_key="gutenberg:99901")
    assert [s.anchor for s in handbook.section_list] == [
        "chapter-i-calling-a-meeting",
        "chapter-ii-keeping-the-minutes",
        "chapter-iii-the-treasurers-duties",
    ]
    assert handbook.reading_minutes >= 1
    rules = TextPage.objects.get(import_key="gutenberg:99902")
    assert sorted(a.name for a in rules.authors.all()) == [
        "Annie Besant",
        "Gerrard Winstanley",
    ]
    assert sorted(t.name for t in rules.tags.all()) == [
        "Adult education",
        "Reading circles",
    ]


def test_without_publish_texts_are_drafts(library):
    run(FILES / "pg99902.txt")
    text = TextPage.objects.get(import_key="gutenberg:99902")
    assert not text.live
    assert text.latest_revision is not None


def test_reimporting_updates_instead_of_duplicating(library, tmp_path):
    copy = tmp_path / "pg99902.txt"
    shutil.copy(FILES / "pg99902.txt", copy)
    shutil.copy(FILES / "pg99902.yaml", tmp_path / "pg99902.yaml")
    run(copy, "--publish")
    first = TextPage.objects.get(import_key="gutenberg:99902")

    assert "1 updated (1 unchanged)" in run(copy, "--publish")

    copy.write_text(
        copy.read_text().replace("Chapter 2", "Chapter 2\n\nA new line.\n\nChapter 3")
    )
    output = run(copy, "--publish")

    assert "0 imported, 1 updated, 0 failed." in output
    assert TextPage.objects.filter(import_key="gutenberg:99902").count() == 1
    text = TextPage.objects.get(pk=first.pk)
    assert [s.title for s in text.section_list][-1] == "Chapter 3"
    assert TextSection.objects.filter(page=text).count() == len(text.section_list)
    assert Author.objects.filter(name="Annie Besant").count() == 1


def test_a_file_that_fails_half_way_leaves_nothing_behind(library, monkeypatch):
    original = TextSection.save

    def failing_save(self, *args, **kwargs):
        if "Discussion" in self.body:
            raise RuntimeError("disk full\nsecond line")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TextSection, "save", failing_save)
    output = run(FILES / "pg99902.txt", FILES / "cooperative_cafe.txt", "--publish")

    assert "Failed: pg99902.txt: disk full" in output
    assert "second line" not in output
    assert "1 imported, 0 updated, 1 failed." in output
    assert not TextPage.objects.filter(import_key="gutenberg:99902").exists()
    assert not TextSection.objects.filter(body__contains="Reading sentence").exists()
    assert TextPage.objects.filter(title="Notes on the Co-operative Café").exists()


def test_dry_run_saves_nothing(library):
    output = run(FILES, "--dry-run")
    assert "Dry run, nothing saved: 5 imported, 0 updated, 2 failed." in output
    assert not TextPage.objects.exists()


def test_missing_paths_and_missing_library_are_reported(home):
    with pytest.raises(CommandError, match="No library page"):
        run(FILES / "pg99902.txt")


def test_missing_file_is_one_failure(library):
    output = run(FILES / "no-such-file.txt", FILES / "pg99902.txt")
    assert "Failed:" in output and "no such file or folder" in output
    assert "1 imported, 0 updated, 1 failed." in output


def test_imports_real_gutenberg_books_when_the_corpus_is_present(library):
    manifesto, liberty = CORPUS / "pg61.txt", CORPUS / "pg34901.txt"
    if not (manifesto.exists() and liberty.exists()):
        pytest.skip(f"the shared Gutenberg corpus is not at {CORPUS}")
    output = run(manifesto, "--publish")

    assert "1 imported, 0 updated, 0 failed." in output
    text = TextPage.objects.get(import_key="gutenberg:61")
    assert [a.name for a in text.authors.order_by("name")] == [
        "Friedrich Engels",
        "Karl Marx",
    ]
    assert [s.title for s in text.section_list][1] == "I. Bourgeois and Proletarians"
    bodies = "".join(
        TextSection.objects.filter(page=text).values_list("body", flat=True)
    )
    assert "A spectre is haunting Europe" in bodies
    assert "START: FULL LICENSE" not in bodies and "Gutenberg" not in bodies

    # Latin-1, a contents list with page numbers, an editor's introduction.
    parsed = parse_document(
        name=liberty.name,
        data=liberty.read_bytes(),
        sidecar=liberty.with_suffix(".yaml").read_bytes(),
        sidecar_name="pg34901.yaml",
    )
    titles = [s.title for s in parsed.sections]
    assert "Chapter I: Introductory" in titles
    assert not any("177" in t for t in titles)  # the contents list is not a chapter
    assert parsed.rights == "Public domain in the USA."


def test_reimport_updates_sections_in_place_and_search_follows(
    library, tmp_path, client
):
    copy = tmp_path / "pg99902.txt"
    shutil.copy(FILES / "pg99902.txt", copy)
    run(copy, "--publish")
    text = TextPage.objects.get(import_key="gutenberg:99902")
    first_ids = [s.pk for s in text.section_list]

    copy.write_text(
        copy.read_text()
        .replace("Discussion sentence", "Quarrel sentence")
        .replace(
            "*** END OF", "Chapter 3\n\n" + "Walrus sentence. " * 20 + "\n\n*** END OF"
        )
    )
    run(copy, "--publish")

    text = TextPage.objects.get(pk=text.pk)
    assert [s.pk for s in text.section_list][:2] == first_ids  # same rows, updated
    passages = client.get("/search/", {"q": "quarrel"}).context["passages"]
    assert [p.section.title for p in passages] == ["Chapter 2"]
    assert (
        client.get("/search/", {"q": "discussion sentence"}).context["passages"] == []
    )
