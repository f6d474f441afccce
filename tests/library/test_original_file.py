"""An imported text keeps the file it came from, for readers to download."""

import shutil
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from library.models import TextPage, TextSection
from library.services import ORIGINALS_COLLECTION
from tests.factories.courses import UserFactory

FILES = Path(__file__).parent / "files"
Document = get_document_model()


def run(*args) -> str:
    out = StringIO()
    call_command("import_texts", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def stored_files() -> set[str]:
    """The originals' files, as their names in the storage (documents/<folder>/<name>)."""
    root = Path(settings.MEDIA_ROOT)
    folder = root / "documents"
    if not folder.is_dir():
        return set()
    return {p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file()}


def read(document) -> bytes:
    with document.open_file() as f:
        return f.read()


def copy_with_sidecar(tmp_path) -> Path:
    shutil.copy(FILES / "pg99902.yaml", tmp_path / "pg99902.yaml")
    return Path(shutil.copy(FILES / "pg99902.txt", tmp_path / "pg99902.txt"))


def test_import_attaches_the_source_file_as_a_document(library):
    run(FILES / "pg99902.txt", FILES / "organising_notes.md", "--publish")

    rules = TextPage.objects.get(import_key="gutenberg:99902")
    document = rules.original_file
    assert document is not None
    assert read(document) == (FILES / "pg99902.txt").read_bytes()
    assert document.title == "Rules for Reading Circles (original file)"
    assert document.collection.name == ORIGINALS_COLLECTION
    assert document.file_extension == "txt"
    assert document.file_size == (FILES / "pg99902.txt").stat().st_size
    assert document.file_hash
    # The published revision carries it too, not only the page row.
    assert rules.get_latest_revision_as_object().original_file_id == document.pk

    notes = TextPage.objects.get(title="Organising Notes")
    assert read(notes.original_file) == (FILES / "organising_notes.md").read_bytes()
    assert Document.objects.count() == 2
    assert Collection.objects.filter(name=ORIGINALS_COLLECTION).count() == 1


def test_reimporting_the_same_file_keeps_one_document(library, tmp_path):
    copy = copy_with_sidecar(tmp_path)
    run(copy, "--publish")
    document = TextPage.objects.get(import_key="gutenberg:99902").original_file
    files_before = stored_files()

    assert "1 updated (1 unchanged)" in run(copy, "--publish")

    # Only the metadata changes: the text is updated, the same file is kept.
    sidecar = tmp_path / "pg99902.yaml"
    sidecar.write_text(sidecar.read_text() + "\nsummary: Newly summarised.\n")
    assert "0 imported, 1 updated, 0 failed." in run(copy, "--publish")

    text = TextPage.objects.get(import_key="gutenberg:99902")
    assert text.summary == "Newly summarised."
    assert text.original_file_id == document.pk
    assert Document.objects.count() == 1
    assert Document.objects.get().file.name == document.file.name
    assert stored_files() == files_before


def test_reimporting_a_changed_file_updates_the_document(
    library, tmp_path, django_capture_on_commit_callbacks
):
    copy = copy_with_sidecar(tmp_path)
    run(copy, "--publish")
    document = TextPage.objects.get(import_key="gutenberg:99902").original_file
    old_path = Path(document.file.path)

    copy.write_text(
        copy.read_text().replace("Chapter 2", "Chapter 2\n\nA new line.\n\nChapter 3")
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert "0 imported, 1 updated, 0 failed." in run(copy, "--publish")

    text = TextPage.objects.get(import_key="gutenberg:99902")
    assert text.original_file_id == document.pk
    assert Document.objects.count() == 1
    document.refresh_from_db()
    assert read(document) == copy.read_bytes()
    assert document.file_size == len(copy.read_bytes())
    assert not old_path.exists()  # the replaced file goes once the import commits


def test_dry_run_stores_no_document(library):
    files_before = stored_files()

    output = run(FILES, "--dry-run")

    assert "Dry run, nothing saved" in output
    assert not Document.objects.exists()
    assert not Collection.objects.filter(name=ORIGINALS_COLLECTION).exists()
    assert stored_files() == files_before


def test_a_failed_import_leaves_no_document_or_file(library, monkeypatch):
    original = TextSection.save

    def failing_save(self, *args, **kwargs):
        if "Discussion" in self.body:  # pg99902.txt, after its document is saved
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TextSection, "save", failing_save)
    files_before = stored_files()

    output = run(
        FILES / "pg99902.txt",
        FILES / "empty.txt",
        FILES / "cooperative_cafe.txt",
        "--publish",
    )

    assert "1 imported, 0 updated, 2 failed." in output
    cafe = TextPage.objects.get(title="Notes on the Co-operative Café")
    assert list(Document.objects.all()) == [cafe.original_file]
    assert stored_files() - files_before == {cafe.original_file.file.name}


def test_a_failed_reimport_keeps_the_previous_file(library, tmp_path, monkeypatch):
    copy = copy_with_sidecar(tmp_path)
    run(copy, "--publish")
    document = TextPage.objects.get(import_key="gutenberg:99902").original_file
    old_bytes = copy.read_bytes()
    files_before = stored_files()

    def failing_publish(self, *args, **kwargs):
        raise RuntimeError("publishing failed")

    monkeypatch.setattr("wagtail.models.Revision.publish", failing_publish)
    copy.write_text(copy.read_text().replace("Chapter 2", "Chapter Two"))
    assert "Failed: pg99902.txt: publishing failed" in run(copy, "--publish")

    document.refresh_from_db()
    assert read(document) == old_bytes
    assert Document.objects.count() == 1
    assert stored_files() == files_before


def test_a_document_chosen_by_an_editor_is_left_alone(library, tmp_path):
    copy = copy_with_sidecar(tmp_path)
    run(copy, "--publish")
    text = TextPage.objects.get(import_key="gutenberg:99902")
    chosen = Document(
        title="Scanned first edition", collection=Collection.get_first_root_node()
    )
    chosen.file.save("first-edition.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    text.original_file = chosen
    text.save_revision().publish()

    copy.write_text(copy.read_text().replace("Chapter 2", "Chapter Two"))
    run(copy, "--publish")

    chosen.refresh_from_db()
    assert read(chosen) == b"%PDF-1.4 scan"
    text = TextPage.objects.get(pk=text.pk)
    assert text.original_file.collection.name == ORIGINALS_COLLECTION
    assert read(text.original_file) == copy.read_bytes()


def test_admin_upload_attaches_the_uploaded_file(client, library):
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    data = (FILES / "pg99902.txt").read_bytes()

    client.post(
        reverse("library_import"),
        {
            "files": [
                SimpleUploadedFile("pg99902.txt", data),
                SimpleUploadedFile(
                    "pg99902.yaml", (FILES / "pg99902.yaml").read_bytes()
                ),
            ],
            "library": library.pk,
            "publish": "on",
        },
    )

    document = TextPage.objects.get(import_key="gutenberg:99902").original_file
    assert read(document) == data
    assert document.uploaded_by_user == admin
    assert Document.objects.count() == 1  # the metadata file is not kept


def test_the_text_page_links_to_the_original_file(client, library):
    run(FILES / "pg99902.txt", "--publish")
    text = TextPage.objects.get(import_key="gutenberg:99902")
    document = text.original_file

    html = client.get(text.url).content.decode()

    assert f'href="{document.url}"' in html
    size = filesizeformat((FILES / "pg99902.txt").stat().st_size)
    assert f"Download the original file (TXT, {size})" in html
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (FILES / "pg99902.txt").read_bytes()


def test_a_draft_texts_original_is_for_its_editors_only(client, library, editor):
    """Imported without --publish, a text is a draft: its original file can be
    neither guessed (a random folder) nor downloaded by anyone who may not edit
    it, and is public once the text is published."""
    run(FILES / "pg99902.txt")
    text = TextPage.objects.get(import_key="gutenberg:99902")
    document = text.original_file
    assert not text.live
    name = document.file.name
    assert name.startswith("documents/") and name.endswith("/pg99902.txt")
    assert name != "documents/pg99902.txt" and len(name.split("/")[1]) >= 16

    assert client.get(document.url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(document.url).status_code == 404
    client.force_login(editor)
    response = client.get(document.url)
    assert b"".join(response.streaming_content) == (FILES / "pg99902.txt").read_bytes()

    text.save_revision().publish()
    client.logout()
    assert client.get(document.url).status_code == 200
