"""Upload intake: every limit checked on the bytes and the header, before
anything is decoded, so no small file can hold the worker or fill memory."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from ..models import Scan, ScanPage

MB = 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "HEIF", "WEBP", "MPO"}


class UploadRefused(ValueError):
    """Nothing was kept; the message says why, for the organiser."""


@dataclass
class Checked:
    name: str
    data: bytes
    kind: str  # "pdf" or "image"
    pages: int


def limits() -> dict:
    return settings.SCAN_LIMITS


def _register_heif() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()


def image_header_check(data: bytes, name: str) -> None:
    """The picture's format and size, from its header only (no decoding)."""
    _register_heif()
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
    except Image.DecompressionBombError as error:
        raise UploadRefused(f"“{name}” is far too large a picture to read.") from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise UploadRefused(
            f"“{name}” is not a picture we can read: upload a JPEG, PNG or HEIC "
            "photo, or a PDF from a scanner."
        ) from error
    if kind not in IMAGE_FORMATS:
        raise UploadRefused(
            f"“{name}” is a {kind} picture: upload a JPEG, PNG or HEIC photo."
        )
    if width * height > limits()["MAX_PIXELS"]:
        raise UploadRefused(
            f"“{name}” has {width} × {height} pixels, more than the "
            f"{limits()['MAX_PIXELS'] // 1_000_000} million we read. Take the photo at "
            "a lower resolution."
        )


def pdf_check(data: bytes, name: str) -> int:
    """The PDF's page count, from its structure (no page is drawn)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise UploadRefused(
            f"“{name}” is not a PDF we can open (damaged, or has a password)."
        ) from error
    try:
        pages = len(document)
    finally:
        document.close()
    most = limits()["MAX_PDF_PAGES"]
    if pages > most:
        raise UploadRefused(
            f"“{name}” has {pages} pages; we read at most {most} in one go. "
            "Scan only the sign-in sheet's pages."
        )
    if pages == 0:
        raise UploadRefused(f"“{name}” has no pages.")
    return pages


def upload_check(upload) -> Checked:
    """One uploaded file, checked; ``UploadRefused`` if not."""
    name = (getattr(upload, "name", "") or "upload")[:80]
    most = limits()["MAX_BYTES"]
    if upload.size > most:
        raise UploadRefused(
            f"“{name}” is {upload.size / MB:.0f} MB; the most we take is {most // MB} MB. "
            "Take the photo at a lower resolution or scan at 200 dpi."
        )
    data = upload.read(most + 1)
    if len(data) > most:
        raise UploadRefused(f"“{name}” is larger than {most // MB} MB.")
    if data[:5] == b"%PDF-":
        return Checked(name=name, data=data, kind="pdf", pages=pdf_check(data, name))
    image_header_check(data, name)
    return Checked(name=name, data=data, kind="image", pages=1)


def scan_upload(*, session, uploads: list, user) -> Scan:
    """Check every file, then keep them privately and queue the reading.

    All or nothing: one refused file refuses the upload, and nothing is kept.
    """
    if not uploads:
        raise UploadRefused("Choose a photo of the sign-in sheet, or a scanned PDF.")
    if len(uploads) > limits()["MAX_FILES"]:
        raise UploadRefused(f"Upload at most {limits()['MAX_FILES']} photos at a time.")
    checked = [upload_check(upload) for upload in uploads]
    pdfs = [c for c in checked if c.kind == "pdf"]
    if pdfs and len(checked) > 1:
        raise UploadRefused("Upload one PDF on its own, or photos without a PDF.")
    with transaction.atomic():
        scan = Scan.objects.create(
            session=session, uploaded_by=user, pages_total=sum(c.pages for c in checked)
        )
        if pdfs:
            scan.pdf.save("upload", ContentFile(pdfs[0].data), save=True)
        else:
            for index, item in enumerate(checked, start=1):
                page = ScanPage(scan=scan, index=index)
                page.source.save("upload", ContentFile(item.data), save=False)
                page.save()
        transaction.on_commit(lambda: _queue(scan.pk))
    return scan


def _queue(scan_id: int) -> None:
    from ..tasks import scan_read_task

    scan_read_task.enqueue(scan_id=scan_id)
