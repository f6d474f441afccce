"""Every bad input of issue 16: a clear message, and nothing saved or kept."""

import io
import struct
import zlib

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from PIL import Image

from bench.sheet_images import decode
from branches.models import Attendance
from scans import sheet
from scans.models import Scan, ScanPage, ScanRow
from tests.factories.branches import BranchFactory, SessionFactory
from tests.scans.conftest import sheet_photo, upload

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def private_files():
    try:
        return storages["private"].listdir("scans")[1]
    except FileNotFoundError:
        return []


@pytest.fixture
def post(client, organiser_a, django_capture_on_commit_callbacks):
    client.force_login(organiser_a)

    def send(session, *files):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("scans:upload", args=[session.pk]), {"files": list(files)}
            )

    return send


def refused_at_the_door(response, message):
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Scan.objects.exists()
    assert private_files() == []


def read_but_refused(session, message):
    scan = Scan.objects.get(session=session)
    assert scan.status == Scan.Status.FAILED
    assert message in ScanPage.objects.get(scan=scan).error
    assert not ScanRow.objects.exists()
    assert not Attendance.objects.exists()
    assert private_files() == []  # the upload is deleted once read


def test_not_an_image(post, session_a):
    response = post(session_a, upload(b"Minutes of the branch meeting", "notes.jpg"))
    refused_at_the_door(response, "is not a picture we can read")


@pytest.fixture
def written_to_disk(monkeypatch):
    """The bytes Django's temporary-file handler was given (what it writes)."""
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    written = []
    keep = TemporaryFileUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        written.append(len(raw_data))
        return keep(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", spy)
    return written


def test_a_50_mb_image(post, session_a, written_to_disk):
    """Refused from the request's length (``scans.uploads``), before Django
    reads it: not one byte is written."""
    big = b"\xff\xd8\xff\xe0" + b"\0" * (50 * MB)
    refused_at_the_door(
        post(session_a, upload(big, "huge.jpg")),
        "This upload is 50 MB; the most we take at once is 45 MB",
    )
    assert written_to_disk == []


def test_an_upload_over_the_whole_limit_is_not_read(post, session_a, written_to_disk):
    """Four photos of 12 MB: each under the file limit, together over the
    upload's; refused from the request's length, before any is read."""
    photo = b"\xff\xd8\xff\xe0" + b"\0" * (12 * MB)
    response = post(session_a, *[upload(photo, f"page-{n}.jpg") for n in range(4)])
    refused_at_the_door(response, "the most we take at once is 45 MB")
    assert written_to_disk == []


def test_a_file_over_the_file_limit_is_stopped_as_it_arrives(
    post, session_a, written_to_disk
):
    """A 30 MB photo fits the upload's limit: it is stopped at 20 MB, the
    rest never reaches the temporary file, and nothing is kept."""
    big = b"\xff\xd8\xff\xe0" + b"\0" * (30 * MB)
    refused_at_the_door(
        post(session_a, upload(big, "big.jpg")),
        "“big.jpg” is more than 20 MB; the most we take is 20 MB",
    )
    assert 0 < sum(written_to_disk) <= 20 * MB


def test_a_pdf_of_200_pages(post, session_a):
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    for _ in range(200):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    document.close()
    response = post(session_a, upload(out.getvalue(), "scan.pdf", "application/pdf"))
    refused_at_the_door(response, "has 200 pages; we read at most 20")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data))
    )


def test_a_decompression_bomb(post, session_a):
    # 40,000 x 40,000 pixels in a few hundred bytes: refused from the header.
    header = struct.pack(">IIBBBBB", 40_000, 40_000, 1, 0, 0, 0, 0)
    body = zlib.compress(b"\0" * 100_000, 9)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", body)
        + _png_chunk(b"IEND", b"")
    )
    refused_at_the_door(
        post(session_a, upload(bomb, "bomb.png", "image/png")),
        "far too large a picture",
    )


def test_too_many_pixels_for_a_photo(post, session_a, settings):
    settings.SCAN_LIMITS = {**settings.SCAN_LIMITS, "MAX_PIXELS": 1_000_000}
    photo = sheet_photo(session_a, marks={0: "tick"})
    refused_at_the_door(
        post(session_a, upload(photo)), "more than the 1 million we read"
    )


def test_a_sheet_of_another_session(post, session_a, group_a):
    other = SessionFactory(branch=session_a.branch, group=group_a)
    post(session_a, upload(sheet_photo(other, marks={0: "tick"})))
    read_but_refused(session_a, "another session")


def test_a_sheet_of_another_branch(post, session_a):
    other = SessionFactory(branch=BranchFactory())
    post(session_a, upload(sheet_photo(other, marks={0: "tick"})))
    read_but_refused(session_a, "another session of another branch")


def test_a_forged_qr_code(post, session_a, monkeypatch):
    real = sheet.qr_payload

    def forged(page):
        # This session's own page, signed by someone without the key.
        return real(page).rsplit(":", 1)[0] + ":" + "A" * 43

    monkeypatch.setattr(sheet, "qr_payload", forged)
    photo = sheet_photo(session_a, marks={0: "tick"})
    monkeypatch.undo()
    post(session_a, upload(photo))
    read_but_refused(session_a, "not one of this site's sign-in sheets")


def test_a_marker_cut_off(post, session_a):
    image = decode(sheet_photo(session_a, marks={0: "tick"}))
    cropped = Image.fromarray(image[:, : int(image.shape[1] * 0.85)])
    out = io.BytesIO()
    cropped.save(out, "JPEG", quality=85)
    post(session_a, upload(out.getvalue()))
    read_but_refused(session_a, "A black corner square is missing or cut off")


def test_too_dark(post, session_a):
    """A twentieth of the light: too dark even to stretch (a dim hall's photo,
    at a tenth, is read: ``test_reader``)."""
    image = decode(sheet_photo(session_a, marks={0: "tick"}))
    out = io.BytesIO()
    Image.fromarray((image * 0.05).astype("uint8")).save(out, "JPEG", quality=85)
    post(session_a, upload(out.getvalue()))
    read_but_refused(session_a, "too dark to read")


def test_too_blurred(post, session_a):
    from PIL import ImageFilter

    image = Image.fromarray(decode(sheet_photo(session_a, marks={0: "tick"})))
    out = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(7)).save(out, "JPEG", quality=85)
    post(session_a, upload(out.getvalue()))
    scan = Scan.objects.get(session=session_a)
    error = ScanPage.objects.get(scan=scan).error
    assert "blurred" in error or "corner square" in error, error
    assert "Take" in error  # and asks for another photo
    assert not Attendance.objects.exists()


def test_another_branchs_organiser_cannot_upload(client, organiser_b, session_a):
    client.force_login(organiser_b)
    response = client.post(
        reverse("scans:upload", args=[session_a.pk]), {"files": [upload(b"x")]}
    )
    assert response.status_code == 404
    assert not Scan.objects.exists()
