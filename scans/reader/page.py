"""One page: from a decoded picture to its QR text and its boxes."""

from dataclasses import dataclass, field

import cv2
import numpy as np

from .. import sheet
from .boxes import BoxReading, box_read, darkness, name_written
from .errors import QR_UNREADABLE, TOO_BLURRED, TOO_DARK, ReadError
from .markers import markers_find, page_straighten
from .qr import qr_read

# Paper darker than this (0-255) is read only after its levels are stretched
# from the page's black (the markers, the QR code) to its paper, and only if
# the two are at least ``MIN_CONTRAST`` apart: a dim hall's photo is read,
# a page too dark to tell ink from paper is refused.
DARK_PAPER = 45
MIN_CONTRAST = 20
STRETCHED_PAPER = 230.0
# Printed frames read at least this dark on a sharp enough photo.
SHARP_FRAME = 0.22


@dataclass
class PageReading:
    payload: str
    page: np.ndarray  # straightened, grey, ``markers.PX_PER_MM``
    layout: sheet.Layout = sheet.CLEAR  # as the QR code says (checked later)
    boxes: list[BoxReading] = field(default_factory=list)
    written: list[float] = field(default_factory=list)  # name space ink, per row


def _gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 3:
        return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    return image


def _levels(page: np.ndarray) -> np.ndarray:
    """A dim page stretched to paper and ink; ``TOO_DARK`` if they cannot be
    told apart. A page of ordinary light is left as it is."""
    histogram = np.bincount(page.ravel(), minlength=256).cumsum()
    paper = int(np.searchsorted(histogram, 0.90 * histogram[-1]))
    if paper >= DARK_PAPER:
        return page
    ink = int(np.searchsorted(histogram, 0.01 * histogram[-1]))
    if paper - ink < MIN_CONTRAST:
        raise ReadError(TOO_DARK)
    scale = STRETCHED_PAPER / (paper - ink)
    return cv2.convertScaleAbs(page, alpha=scale, beta=-ink * scale)


def page_read(image: np.ndarray) -> PageReading:
    """Read a page; ``ReadError`` says why not, in the organiser's words."""
    gray = _gray(image)
    found = markers_find(gray)
    if len(found) < 4 and float(np.median(gray)) < DARK_PAPER:
        raise ReadError(TOO_DARK)
    page = _levels(page_straighten(gray, found))
    # The QR code first: it says which layout (clear or large print) to measure.
    payload = qr_read(page)
    layout = sheet.layout_of_payload(payload)
    rows = range(layout.rows_per_page)
    dark = darkness(page)
    boxes = [box_read(dark, position, layout) for position in rows]
    frames = float(np.median([box.frame for box in boxes]))
    if frames < SHARP_FRAME:
        raise ReadError(TOO_BLURRED)
    if payload is None:
        raise ReadError(QR_UNREADABLE)
    written = [name_written(dark, position, layout) for position in rows]
    return PageReading(
        payload=payload, page=page, layout=layout, boxes=boxes, written=written
    )
