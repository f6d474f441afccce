"""Reading an upload in the task worker, page by page, with progress."""

import io
import logging

import cv2
import numpy as np
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from branches.models import Member

from .. import sheet
from ..models import Scan, ScanPage, ScanRow
from ..reader import Mark, ReadError, page_read
from ..reader.boxes import WRITTEN_MIN
from .intake import _register_heif

logger = logging.getLogger(__name__)

OTHER_SESSION = (
    "This page belongs to the sign-in sheet of another session{where}. Nothing "
    "was read from it: photograph this session's sheet."
)
ALREADY_CONFIRMED = (
    "Page {number} of this session's sheet was already confirmed into the "
    "register. Nothing was read from it again."
)
TWICE = "Page {number} appears twice in this upload; the first one was read."
UNREADABLE = "This picture could not be read. Take another photo of the page."


def image_decode(data: bytes) -> np.ndarray:
    """A checked upload (``intake.image_header_check``) as RGB pixels, turned
    the way the phone held it."""
    _register_heif()
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        return np.asarray(image)


def pdf_page_images(data: bytes):
    """Each page of a checked PDF, drawn at ``SCAN_LIMITS["PDF_DPI"]`` (less if
    the page is so big that it would pass the pixel limit)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        for page in document:
            width, height = page.get_size()
            scale = settings.SCAN_LIMITS["PDF_DPI"] / 72
            most = settings.SCAN_LIMITS["MAX_PIXELS"]
            if width * height * scale * scale > most:
                scale = (most / (width * height)) ** 0.5
            yield np.asarray(
                page.render(scale=scale, grayscale=True).to_pil().convert("L")
            )
    finally:
        document.close()


def _png(gray: np.ndarray) -> ContentFile:
    ok, encoded = cv2.imencode(".png", gray, [cv2.IMWRITE_PNG_COMPRESSION, 6])
    return ContentFile(encoded.tobytes())


def page_check(*, scan: Scan, printed: sheet.SheetPage, seen: set) -> str:
    """Why a page read correctly still may not be used, or ""."""
    session = scan.session
    if printed.session_id != session.pk or printed.branch_id != session.branch_id:
        where = " of another branch" if printed.branch_id != session.branch_id else ""
        return OTHER_SESSION.format(where=where)
    if (printed.layout.name, printed.number) in seen:
        return TWICE.format(number=printed.number)
    confirmed = ScanPage.objects.filter(
        scan__session_id=session.pk,
        scan__status=Scan.Status.CONFIRMED,
        sheet_number=printed.number,
        layout=printed.layout.name,
    ).exists()
    if confirmed:
        return ALREADY_CONFIRMED.format(number=printed.number)
    return ""


def page_rows(*, page: ScanPage, printed: sheet.SheetPage, reading) -> list[ScanRow]:
    """A row for every member printed on the page (if still on the branch's
    list), and for every blank row someone wrote on or ticked."""
    members = set(
        Member.objects.filter(
            pk__in=printed.member_ids,
            branch_id=printed.branch_id,
            erased_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    first = (printed.number - 1) * printed.layout.rows_per_page + 1
    rows = []
    for position, box in enumerate(reading.boxes):
        member_id = (
            printed.member_ids[position] if position < len(printed.member_ids) else None
        )
        if member_id is not None and member_id not in members:
            continue
        if (
            member_id is None
            and box.mark == Mark.EMPTY
            and reading.written[position] < WRITTEN_MIN
        ):
            continue
        rows.append(
            ScanRow(
                page=page,
                position=position,
                number=first + position,
                member_id=member_id,
                proposed=box.mark.value,
                ink=box.ink,
            )
        )
    return rows


def page_process(*, scan: Scan, page: ScanPage, image: np.ndarray, seen: set) -> None:
    """Read one picture into ``page``: its rows, or the reason it has none."""
    try:
        reading = page_read(image)
        printed = sheet.qr_parse(reading.payload)
    except (ReadError, sheet.ForgedSheet) as error:
        page.error = str(error)
        page.save(update_fields=["error"])
        return
    problem = page_check(scan=scan, printed=printed, seen=seen)
    if problem:
        page.error = problem
        page.save(update_fields=["error"])
        return
    seen.add((printed.layout.name, printed.number))
    with transaction.atomic():
        page.sheet_number, page.sheet_count = printed.number, printed.count
        page.layout = printed.layout.name
        page.image.save("page", _png(reading.page), save=False)
        page.save()
        ScanRow.objects.bulk_create(
            page_rows(page=page, printed=printed, reading=reading)
        )


def _pictures(scan: Scan):
    """(page, pixels) for each picture of the upload, the PDF's drawn one by one."""
    if scan.pdf:
        with scan.pdf.open("rb") as handle:
            data = handle.read()
        for index, image in enumerate(pdf_page_images(data), start=1):
            page, _ = ScanPage.objects.get_or_create(scan=scan, index=index)
            yield page, image
        return
    for page in scan.pages.all():
        if not page.source:
            continue
        with page.source.open("rb") as handle:
            data = handle.read()
        yield page, image_decode(data)


def scan_read(*, scan_id: int) -> str:
    """Read every page, saying how far it has got (``pages_done``), then delete
    the upload: only the straightened pages stay, until the register is confirmed."""
    scan = Scan.objects.select_related("session").get(pk=scan_id)
    if scan.status not in (Scan.Status.QUEUED, Scan.Status.READING):
        return scan.status
    Scan.objects.filter(pk=scan.pk).update(status=Scan.Status.READING, pages_done=0)
    ScanRow.objects.filter(page__scan=scan).delete()
    seen: set = set()  # (layout, page number) read so far
    done = 0
    try:
        for page, image in _pictures(scan):
            page_process(scan=scan, page=page, image=image, seen=seen)
            done += 1
            Scan.objects.filter(pk=scan.pk).update(pages_done=done)
    except Exception:  # noqa: BLE001 - a picture that breaks a library: say so, keep nothing
        logger.exception("Scan %s could not be read", scan.pk)
        Scan.objects.filter(pk=scan.pk).update(
            status=Scan.Status.FAILED, error=UNREADABLE
        )
        scan_files_delete(scan=scan)
        return Scan.Status.FAILED
    good = scan.pages.filter(error="").exists()
    status = Scan.Status.READY if good else Scan.Status.FAILED
    error = "" if good else "No page of this upload could be read."
    Scan.objects.filter(pk=scan.pk).update(status=status, error=error, pages_done=done)
    _sources_delete(scan)
    return status


def _sources_delete(scan: Scan) -> None:
    # Saved with update(): a whole-row save would write back the status and
    # progress this (older) instance was loaded with.
    if scan.pdf:
        scan.pdf.delete(save=False)
        Scan.objects.filter(pk=scan.pk).update(pdf="")
    for page in scan.pages.exclude(source=""):
        page.source.delete(save=False)
        ScanPage.objects.filter(pk=page.pk).update(source="")


def scan_files_delete(*, scan: Scan) -> None:
    """Every picture of the scan: the upload and the straightened pages."""
    _sources_delete(scan)
    for page in scan.pages.exclude(image=""):
        page.image.delete(save=False)
        ScanPage.objects.filter(pk=page.pk).update(image="")
