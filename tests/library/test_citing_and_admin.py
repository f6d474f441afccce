"""Courses cite library texts; tutors manage authors and import files in the admin."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from library.models import Author, TextPage
from tests.factories.courses import ModulePageFactory, UserFactory
from tests.factories.library import AuthorFactory, TextPageFactory

FILES = Path(__file__).parent / "files"


def reading(text, section=""):
    return (
        "reading",
        {
            "title": "The Branch Handbook",
            "author": "",
            "chapter": "",
            "pages": "",
            "url": "",
            "text": text,
            "section": section,
            "introduction": "",
            "minutes": 10,
        },
    )


def test_a_reading_links_to_the_library_section_and_the_text_lists_the_course(
    client, library, course
):
    text = TextPageFactory(parent=library, title="The Branch Handbook")
    module = ModulePageFactory(
        parent=course,
        title="Running a meeting",
        body=[reading(text, "Chapter II: The Vote")],
    )
    other = ModulePageFactory(parent=course, title="Unrelated module", body=[])

    html = client.get(module.url).content.decode()
    assert f'href="{text.url}chapter-ii-the-vote/"' in html
    assert "in our library" in html

    html = client.get(text.url).content.decode()
    assert "Read in these courses" in html
    assert f'href="{module.url}"' in html
    assert other.title not in html


def test_a_reading_with_an_unknown_section_links_to_the_text(client, library, course):
    text = TextPageFactory(parent=library)
    module = ModulePageFactory(parent=course, body=[reading(text, "chapter-99")])
    assert f'href="{text.url}"' in client.get(module.url).content.decode()


def test_authors_are_managed_as_snippets(client, db):
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    AuthorFactory(name="Ellen Wilkinson")

    listing = client.get(reverse("wagtailsnippets_library_author:list"))
    assert listing.status_code == 200
    assert "Ellen Wilkinson" in listing.content.decode()

    response = client.post(
        reverse("wagtailsnippets_library_author:add"),
        {
            "name": "Keir Hardie",
            "sort_name": "Hardie, Keir",
            "birth_year": 1856,
            "death_year": 1915,
            "bio": "Miner.",
        },
    )
    assert response.status_code == 302
    assert Author.objects.get(name="Keir Hardie").dates == "1856–1915"


def test_admin_upload_runs_the_same_import(client, library):
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("library_import")
    assert client.get(url).status_code == 200

    files = [
        SimpleUploadedFile("pg99902.txt", (FILES / "pg99902.txt").read_bytes()),
        SimpleUploadedFile("pg99902.yaml", (FILES / "pg99902.yaml").read_bytes()),
        SimpleUploadedFile("empty.txt", b""),
    ]
    response = client.post(
        url, {"files": files, "library": library.pk, "publish": "on"}, follow=True
    )

    html = response.content.decode()
    assert "1 imported, 0 updated, 1 failed." in html
    assert "empty.txt: the file is empty" in html
    text = TextPage.objects.get(import_key="gutenberg:99902")
    assert text.live and text.get_parent().pk == library.pk
    assert text.authors.count() == 2


def test_members_without_admin_access_cannot_import(client, library, learner):
    client.force_login(learner)
    response = client.get(reverse("library_import"))
    assert response.status_code in {302, 403}
    assert not TextPage.objects.exists()


def test_tutors_can_open_an_imported_text_in_the_page_editor(client, library):
    from django.core.management import call_command

    call_command(
        "import_texts", str(FILES / "branch_handbook.txt"), "--publish", stdout=None
    )
    text = TextPage.objects.get(import_key="gutenberg:99901")
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[text.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chapter II: Keeping the Minutes" in html
    assert "Rights statement" in html or "rights statement" in html
