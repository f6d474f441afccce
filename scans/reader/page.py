"""One page: from a decoded picture to its QR text and its boxes."""

from dataclasses import dataclass, field

import cv2
import numpy as np

from .. import sheet
from .boxes import BoxReading, box_read, darkness, name_written
from .errors import QR_UNREADABLE, TOO_BLURRED, TOO_DARK, ReadError
from .markers import markers_find, page_straighten
from .qr import qr_read

# Below this the paper is too dark to tell ink from it (0-255, the median).
DARK_PAPER = 45
# Printed frames read at least this dark on a sharp enough photo.
SHARP_FRAME = 0.22


@dataclass
class PageReading:
    payload: str
    page: np.ndarray  # straightened, grey, ``markers.PX_PER_MM``
    boxes: list[BoxReading] = field(default_factory=list)
    written: list[float] = field(default_factory=list)  # name space ink, per row


def _gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 3:
        return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    return image


def page_read(image: np.ndarray) -> PageReading:
    """Read a page; ``ReadError`` says why not, in the organiser's words."""
    gray = _gray(image)
    found = markers_find(gray)
    if len(found) < 4 and float(np.median(gray)) < DARK_PAPER:
        raise ReadError(TOO_DARK)
    page = page_straighten(gray, found)
    paper = float(np.percentile(page, 90))
    if paper < DARK_PAPER:
        raise ReadError(TOO_DARK)
    dark = darkness(page)
    boxes = [box_read(dark, position) for position in range(sheet.ROWS_PER_PAGE)]
    frames = float(np.median([box.frame for box in boxes]))
    payload = qr_read(page)
    if frames < SHARP_FRAME:
        raise ReadError(TOO_BLURRED)
    if payload is None:
        raise ReadError(QR_UNREADABLE)
    written = [name_written(dark, position) for position in range(sheet.ROWS_PER_PAGE)]
    return PageReading(payload=payload, page=page, boxes=boxes, written=written)
