"""Reads: a session's scans, and the picture of one row."""

import io

from PIL import Image

from . import sheet
from .models import Scan, ScanRow
from .reader.markers import PX_PER_MM

ROW_IMAGE_SCALE = 0.75  # of the straightened page's 6 px/mm: plenty on a phone


def session_scans(*, session):
    return Scan.objects.filter(session=session).exclude(status=Scan.Status.CONFIRMED)


def row_image_png(*, row: ScanRow) -> bytes:
    """The row as photographed (number, name and box), straightened."""
    layout = sheet.LAYOUTS.get(row.page.layout, sheet.CLEAR)
    x, y, w, h = (round(v * PX_PER_MM) for v in sheet.row_rect(row.position, layout))
    with row.page.image.open("rb") as handle, Image.open(handle) as page:
        crop = page.crop((x, y, x + w, y + h))
    crop = crop.resize((round(w * ROW_IMAGE_SCALE), round(h * ROW_IMAGE_SCALE)))
    out = io.BytesIO()
    crop.save(out, format="PNG", optimize=True)
    return out.getvalue()
