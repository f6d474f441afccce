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


@pytest.mark.parametrize("light", [0.04, 0.07])
def test_too_dark_says_so(light):
    """So dark the corner squares are lost (0.04), or found but the paper too
    close to the ink to tell a tick (0.07): refused, asking for another."""
    image = (picture("clean-scan.png").astype(np.float32) * light).astype(np.uint8)
    with pytest.raises(ReadError) as error:
        page_read(image)
    assert str(error.value) == TOO_DARK


@pytest.mark.parametrize("name", ["clean-scan.png", "phone-rotated-shadow.jpg"])
def test_a_dim_photo_with_its_four_corners_is_read(name):
    """A dim hall: the paper at an eighth of white, every corner in view.
    Its levels are stretched and every box read right (it was refused)."""
    image = (picture(name).astype(np.float32) * 0.14).astype(np.uint8)
    reading = page_read(image)
    assert [box.mark.value for box in reading.boxes] == TRUTH[name]["rows"]


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


@pytest.mark.parametrize(
    "faults",
    [
        set(),
        {"rotate", "dim"},
        {"perspective", "uneven_light", "jpeg40"},
        {"upside_down", "shadow", "dpi150"},
    ],
    ids=["clean", "rotated-dim", "perspective-light-jpeg", "upside-down-shadow"],
)
def test_the_large_print_sheet_is_read_back(faults):
    """The large-print sheet (``sheet.LARGE``) rendered, marked with ticks,
    crosses, scribbles and crossings-out, photographed badly and read."""
    import random

    from bench.sheet_images import (
        degrade,
        demo_members,
        demo_session,
        mark_page,
        sheet_renders,
    )

    rng = random.Random(16 + len(faults))
    members = demo_members(8)
    page = sheet_renders(session=demo_session(), members=members, dpi=200, large=True)[
        0
    ]
    marked = mark_page(page, len(members), rng, dpi=200, layout=sheet.LARGE)
    reading = page_read(decode(degrade(marked.image, faults, rng)))
    assert reading.layout == sheet.LARGE
    printed = sheet.qr_parse(reading.payload)
    assert printed.member_ids == tuple(m.pk for m in members)
    assert [box.mark.value for box in reading.boxes] == marked.truth
