"""Imports started in the admin run in the task worker, with progress to follow."""

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from library.import_jobs import import_job_run
from library.models import ImportJob, TextPage
from tests.factories.courses import UserFactory
from tests.library.test_import_limits import ALIAS_BOMB

TEXT = b"A short pamphlet on organising.\n\n" + b"Organise the workplace. " * 40


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)


def upload(client, library, *files):
    return client.post(
        reverse("library_import"),
        {"files": [SimpleUploadedFile(n, d) for n, d in files], "library": library.pk},
    )


def test_the_request_only_queues_the_import_and_keeps_the_files_private(
    client, admin, library, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    client.force_login(admin)
    response = upload(
        client,
        library,
        ("pamphlet.txt", TEXT),
        ("bomb.txt", TEXT),
        ("bomb.yaml", ALIAS_BOMB),
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("library_import_status", args=[job.pk])
    assert not TextPage.objects.exists()  # nothing imported inside the request
    assert (job.status, job.total, job.done) == ("queued", 2, 0)
    private = storages["private"]
    paths = [f["path"] for f in job.files]
    assert all(private.exists(p) for p in paths)
    assert not any((settings.MEDIA_ROOT / p).exists() for p in paths)
    status = client.get(reverse("library_import_status", args=[job.pk]))
    assert "Waiting for the task worker" in status.content.decode()
    assert 'http-equiv="refresh"' in status.content.decode()

    # The worker runs it: one text imported, the alias bomb refused, files gone.
    assert import_job_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert (job.done, job.total) == (2, 2)
    assert job.summary == "1 imported, 0 updated, 1 failed."
    assert any(
        "bomb.txt" in line and "expands to more than" in line for line in job.lines
    )
    assert list(TextPage.objects.values_list("import_key", flat=True))
    assert not any(private.exists(p) for p in paths)
    data = client.get(
        reverse("library_import_status", args=[job.pk]), {"format": "json"}
    ).json()
    assert data["finished"] is True and data["done"] == 2
    assert data["lines"] == job.lines


def test_an_import_is_followed_on_its_status_page(client, admin, library):
    client.force_login(admin)
    response = upload(client, library, ("pamphlet.txt", TEXT), ("empty.txt", b""))
    html = client.get(response["Location"]).content.decode()
    assert "Finished" in html and "2 of 2 files" in html
    assert "1 imported, 0 updated, 1 failed." in html
    assert "empty.txt: the file is empty" in html
    assert 'http-equiv="refresh"' not in html


def test_a_file_too_large_is_refused_without_being_read(
    client, admin, library, settings
):
    settings.LIBRARY_IMPORT_LIMITS = {
        **settings.LIBRARY_IMPORT_LIMITS,
        "MAX_BYTES": 2000,
    }
    client.force_login(admin)
    response = upload(client, library, ("big.txt", TEXT * 10), ("small.txt", TEXT))
    job = ImportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert job.lines[0].startswith("Failed: big.txt: the file is larger than 0.00")
    assert job.summary == "1 imported, 0 updated, 1 failed."


def test_only_the_editor_who_started_an_import_sees_it(client, admin, library, editor):
    client.force_login(admin)
    response = upload(client, library, ("pamphlet.txt", TEXT))
    client.force_login(editor)
    assert client.get(response["Location"]).status_code == 404
    assert client.get(response["Location"], {"format": "json"}).status_code == 404
