"""The reader on the committed pictures of our own sheet (tests/scans/images,
made by ``make_images``), and on pictures it must refuse."""

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from bench.sheet_images import decode
from scans import sheet
from scans.reader import ReadError, page_read
from scans.reader.errors import (
    MARKER_MISSING,
    NO_SHEET,
    QR_UNREADABLE,
    TOO_BLURRED,
    TOO_DARK,
)

IMAGES = Path(__file__).parent / "images"
TRUTH = json.loads((IMAGES / "truth.json").read_text())


def picture(name: str) -> np.ndarray:
    return decode((IMAGES / name).read_bytes())


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_every_box_read_right(name):
    reading = page_read(picture(name))
    assert sheet.qr_parse(reading.payload).session_id == 4242
    assert [box.mark.value for box in reading.boxes] == TRUTH[name]["rows"]


def test_walk_ins_writing_is_seen():
    reading = page_read(picture("phone-rotated-shadow.jpg"))
    blank = range(12, sheet.ROWS_PER_PAGE)
    written = TRUTH["phone-rotated-shadow.jpg"]["written"]
    for position in blank:
        assert (reading.written[position] > 0.006) == written[position]


def test_a_corner_cut_off_is_refused():
    image = picture("clean-scan.png")
    h, w = image.shape[:2]
    with pytest.raises(ReadError) as error:
        page_read(image[: int(h * 0.9), :])  # the bottom markers are cut off
    assert str(error.value) == MARKER_MISSING


def test_a_picture_of_something_else_is_refused():
    rng = np.random.default_rng(3)
    with pytest.raises(ReadError) as error:
        page_read(rng.integers(0, 255, (900, 700, 3), dtype=np.uint8))
    assert str(error.value) == NO_SHEET


def test_too_dark_says_so():
    image = (picture("clean-scan.png").astype(np.float32) * 0.12).astype(np.uint8)
    with pytest.raises(ReadError) as error:
        page_read(image)
    assert str(error.value) == TOO_DARK


def test_too_blurred_says_so():
    image = cv2.GaussianBlur(picture("clean-scan.png"), (0, 0), 9)
    with pytest.raises(ReadError) as error:
        page_read(image)
    assert str(error.value) in (TOO_BLURRED, QR_UNREADABLE, MARKER_MISSING, NO_SHEET)
    assert (
        "blurred" in str(error.value)
        or "corner" in str(error.value)
        or "No sign-in" in str(error.value)
    )
