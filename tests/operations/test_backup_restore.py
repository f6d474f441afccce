"""`manage.py backup` then `manage.py restore` into a fresh database and empty
folders: the pages, an uploaded original, a pack and search all come back."""

import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents.models import Document

from packs.models import PackFile
from packs.options import PackOptions
from packs.services import pack_request
from tests.factories.courses import ModulePageFactory
from tests.factories.library import TextPageFactory, sections
from tests.operations.conftest import ROOT, http_get, site_env, start_web

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_restored_site_serves_pages_downloads_and_search(
    course, library, settings, fresh_database, processes, port, tmp_path
):
    fresh_url = fresh_database()  # before the content below
    settings.TASKS = DUMMY
    module = ModulePageFactory(parent=course, title="The Tolpuddle martyrs")
    text = TextPageFactory(
        parent=library,
        title="The Branch Handbook",
        slug="the-branch-handbook",
        sections=sections(("Chapter I", "<p>Quarrymen formed a lodge.</p>")),
    )
    document = Document(title="Minutes")
    document.file.save("minutes.txt", ContentFile(b"original upload bytes"))
    PackFile.objects.all().delete()
    settings.TASKS = IMMEDIATE
    pack = pack_request(source=module, options=PackOptions())
    pack.refresh_from_db()
    assert pack.status == PackFile.Status.READY, pack.error
    pdf = pack.file.read()

    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=archive)

    restored = tmp_path / "restored"
    env = site_env(
        fresh_url,
        MEDIA_ROOT=restored / "media",
        SEARCH_INDEX_DIR=restored / "index",
    )
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Search index rebuilt." in done.stdout

    start_web(processes, env, port)
    base = f"http://127.0.0.1:{port}"
    status, body, _ = http_get(base + module.url)
    assert status == 200 and b"The Tolpuddle martyrs" in body
    status, body, _ = http_get(base + text.url)
    assert status == 200 and b"Chapter I" in body
    status, body, _ = http_get(
        document.url if "://" in document.url else base + document.url
    )
    assert (status, body) == (200, b"original upload bytes")
    status, body, headers = http_get(f"{base}/packs/{module.pk}/")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert body == pdf  # served from the restored file, not made again
    status, body, _ = http_get(f"{base}/search/?q=quarrymen")
    assert status == 200 and b"The Branch Handbook" in body


def test_restore_refuses_a_site_with_users_unless_told(tmp_path, django_user_model):
    django_user_model.objects.create(username="someone")
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=archive)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Pass --replace"):
        call_command("restore", str(archive))
    with pytest.raises(CommandError, match="not a Study Circle backup"):
        bad = tmp_path / "bad.tar.gz"
        import tarfile

        with tarfile.open(bad, "w:gz"):
            pass
        call_command("restore", str(bad), replace=True)
