"""Two hosts, one set of files: a pack made on host A (this process) is served
by host B (gunicorn in another process) without being made again, whether the
files are on a shared disk or an S3-compatible store (moto's server)."""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from config.settings.deploy import storages_for
from packs.models import PackFile
from packs.options import PackOptions
from packs.services import pack_request
from tests.factories.courses import ModulePageFactory
from tests.operations.conftest import http_get, site_env, start_web

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def s3(monkeypatch, port, settings):
    """moto's S3 server on loopback, a bucket, and both storages on it."""
    boto3 = pytest.importorskip("boto3", reason="the `s3` extra is not installed")
    server_module = pytest.importorskip("moto.server", reason="moto[server] missing")
    server = server_module.ThreadedMotoServer(
        ip_address="127.0.0.1", port=port, verbose=False
    )
    server.start()
    environ = {
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": f"sc-{uuid.uuid4().hex[:12]}",
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3", endpoint_url=environ["S3_ENDPOINT_URL"], region_name="us-east-1"
    )
    client.create_bucket(Bucket=environ["S3_BUCKET"])
    settings.STORAGES = storages_for("s3", settings.STORAGES, environ)
    # A FileField's callable storage is chosen when the model class is made (at
    # start-up, from the settings then); this process switched storages since.
    monkeypatch.setattr(
        PackFile._meta.get_field("file"), "storage", storages["private"]
    )
    yield client, environ
    server.stop()


def test_both_storages_save_read_and_delete_on_s3(s3):
    client, environ = s3
    for alias, acl in (("default", "READ"), ("private", None)):
        storage = storages[alias]
        name = storage.save(
            f"check/{alias}.txt", ContentFile(b"hello " + alias.encode())
        )
        assert storage.open(name).read() == b"hello " + alias.encode()
        key = f"{storage.location}/{name}"
        grants = client.get_object_acl(Bucket=environ["S3_BUCKET"], Key=key)["Grants"]
        public = [g["Permission"] for g in grants if "AllUsers" in str(g["Grantee"])]
        assert public == ([acl] if acl else []), (alias, grants)
        storage.delete(name)
        assert not storage.exists(name)
    assert "Signature" not in storages["default"].url("a.pdf")


def make_pack_here(course, settings) -> PackFile:
    """Host A: make a module and its learner pack in this process."""
    settings.TASKS = DUMMY  # publishing queues the usual packs: not wanted here
    module = ModulePageFactory(parent=course, title="What a branch is")
    PackFile.objects.all().delete()
    settings.TASKS = IMMEDIATE
    pack = pack_request(source=module, options=PackOptions())
    pack.refresh_from_db()
    assert pack.status == PackFile.Status.READY, pack.error
    return pack


def served_by_host_b(pack, shared_database, processes, port, **env) -> bytes:
    url_env = site_env(shared_database.publish(), **env)
    start_web(processes, url_env, port, name="host-b")
    status, body, headers = http_get(f"http://127.0.0.1:{port}/packs/{pack.source_id}/")
    assert status == 200, body[:500]
    assert headers["Content-Type"] == "application/pdf"
    # Served, not made again: no task queued on B, the same pack row.
    assert shared_database.query("SELECT COUNT(*) FROM packs_packfile") == [(1,)]
    tasks = shared_database.query(
        "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult"
    )
    assert tasks == [(0,)]
    return body


def test_a_pack_made_on_one_host_is_served_by_another_from_s3(
    s3, course, settings, shared_database, processes, port
):
    client, environ = s3
    pack = make_pack_here(course, settings)
    stored = storages["private"].open(pack.file.name).read()  # packs are private
    assert stored.startswith(b"%PDF")
    assert not (settings.PRIVATE_MEDIA_ROOT / pack.file.name).exists()  # not on a disk
    body = served_by_host_b(
        pack,
        shared_database,
        processes,
        port + 20,
        MEDIA_ROOT="/nonexistent",
        PRIVATE_MEDIA_ROOT="/nonexistent-private",
        **environ,
    )
    assert body == stored


def test_a_pack_made_on_one_host_is_served_by_another_from_a_shared_disk(
    course, settings, shared_database, processes, port
):
    pack = make_pack_here(course, settings)
    stored = (settings.PRIVATE_MEDIA_ROOT / pack.file.name).read_bytes()
    body = served_by_host_b(pack, shared_database, processes, port)
    assert body == stored


def pdf_image_count(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for reference in (page["/Resources"].get("/XObject") or {}).values():
            if reference.get_object().get("/Subtype") == "/Image":
                found.add(getattr(reference, "idnum", id(reference)))
    return len(found)


def test_a_packs_images_are_read_from_s3(s3, course, settings, monkeypatch, tmp_path):
    """An image block's rendition lives only on S3 (moto's server): the pack
    reads it through the storage API, not from ``MEDIA_ROOT``."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from packs.services import pack_render

    client, environ = s3
    settings.MEDIA_ROOT = str(tmp_path / "no-media-here")  # nothing on a disk
    Image = get_image_model()
    rendition_field = Image.get_rendition_model()._meta.get_field("file")
    monkeypatch.setattr(rendition_field, "storage", storages["default"])
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 30), "darkred").save(buffer, "PNG")
    image = Image.objects.create(
        title="Branch banner", file=ImageFile(buffer, name="branch-banner.png")
    )
    module = ModulePageFactory(
        parent=course,
        title="What a branch is",
        body=[
            ("text", "<p>IMAGE-PACK-MARKER</p>"),
            ("image", {"image": image, "alt_text": "Our banner", "caption": ""}),
        ],
    )
    keys = [
        o["Key"]
        for o in client.list_objects_v2(Bucket=environ["S3_BUCKET"])["Contents"]
    ]
    assert any(k.startswith("media/original_images/") for k in keys), keys
    assert not (tmp_path / "no-media-here").exists()
    data = pack_render(page=module, options=PackOptions())
    keys = [
        o["Key"]
        for o in client.list_objects_v2(Bucket=environ["S3_BUCKET"])["Contents"]
    ]
    assert any(k.startswith("media/images/") for k in keys), keys  # the rendition
    # The picture from S3, and the cover's QR code (made in memory, not stored).
    assert pdf_image_count(data) == 2
    assert not (tmp_path / "no-media-here").exists()
