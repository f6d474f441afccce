"""Measuring tick boxes: how much of each box's inside is ink.

The page's paper is estimated by a wide morphological closing (the paper
around any stroke or box is lighter than it), so a shadow or the uneven light of a hall
cancels out: darkness is ``1 - pixel / paper``. Each box is found again
within a couple of millimetres of where ``sheet`` put it (a crumpled page
does not lie flat) from its printed frame, then its inside is measured.
"""

from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

from .. import sheet
from .markers import PX_PER_MM, mm_to_px

INK = 0.30  # darkness from which a pixel counts as ink
EMPTY_MAX = 0.012  # below: empty
TICKED_MIN = 0.04  # from here to FILLED_MIN: ticked
FILLED_MIN = 0.55  # a box blacked in: crossed out, or a tick scribbled over
INSET_MM = 1.2  # the inside, clear of the printed frame
SEARCH_MM = 2.0  # how far from its place a box's frame is looked for
WRITTEN_MIN = 0.006  # ink in a blank row's name space: someone wrote there


class Mark(StrEnum):
    TICKED = "ticked"
    EMPTY = "empty"
    UNSURE = "unsure"


@dataclass(frozen=True)
class BoxReading:
    mark: Mark
    ink: float  # the share of the inside that is ink
    frame: float  # how dark the printed frame reads (the page's sharpness)
    offset: tuple[int, int]  # where the frame was found, from its place, in px


def darkness(page: np.ndarray) -> np.ndarray:
    # The paper is estimated a quarter the size (a sixteenth of the work): it
    # changes slowly, and the closing's kernel shrinks with it (71 px -> 18).
    h, w = page.shape
    small = cv2.resize(page, (w // 4, h // 4), interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (18, 18))
    # A closing: lighter than every stroke or box narrower than the kernel,
    # yet it follows a shadow's edge, which a plain maximum would not.
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    paper = cv2.GaussianBlur(paper, (0, 0), 0.75)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    ratio = cv2.divide(page, np.maximum(paper, 1), dtype=cv2.CV_32F)
    return np.clip(1.0 - ratio, 0.0, 1.0)


def _frame_offset(profile: np.ndarray, first: int, second: int, reach: int) -> int:
    """The shift that puts the two frame lines on the profile's darkest pair."""
    best, best_score = 0, -1.0
    for shift in range(-reach, reach + 1):
        a, b = first + shift, second + shift
        if a < 0 or b >= len(profile):
            continue
        score = profile[a] + profile[b]
        if score > best_score:
            best, best_score = shift, score
    return best


def classify(ink: float) -> Mark:
    if ink < EMPTY_MAX:
        return Mark.EMPTY
    if TICKED_MIN <= ink < FILLED_MIN:
        return Mark.TICKED
    return Mark.UNSURE


def box_read(
    dark: np.ndarray, position: int, layout: sheet.Layout = sheet.CLEAR
) -> BoxReading:
    x, y, w, h = mm_to_px(sheet.box_rect(position, layout))
    reach = round(SEARCH_MM * PX_PER_MM)
    line = max(1, round(sheet.BOX_LINE * PX_PER_MM))
    region = dark[y - reach : y + h + reach, x - reach : x + w + reach]
    # The frame's lines run the box's whole side; strokes inside mostly do not.
    columns = region[reach : reach + h].sum(axis=0)
    rows = region[:, reach : reach + w].sum(axis=1)
    half = line // 2
    dx = _frame_offset(columns, reach + half, reach + w - 1 - half, reach)
    dy = _frame_offset(rows, reach + half, reach + h - 1 - half, reach)
    x, y = x + dx, y + dy
    inset = round(INSET_MM * PX_PER_MM)
    inside = dark[y + inset : y + h - inset, x + inset : x + w - inset]
    ink = float((inside > INK).mean())
    frame = float(
        np.mean(
            [
                dark[y : y + h, x + half].mean(),
                dark[y : y + h, x + w - 1 - half].mean(),
                dark[y + half, x : x + w].mean(),
                dark[y + h - 1 - half, x : x + w].mean(),
            ]
        )
    )
    return BoxReading(mark=classify(ink), ink=ink, frame=frame, offset=(dx, dy))


def name_written(
    dark: np.ndarray, position: int, layout: sheet.Layout = sheet.CLEAR
) -> float:
    """The share of a blank row's name space that is ink."""
    x, y, w, h = mm_to_px(sheet.name_rect(position, layout))
    margin = round(0.6 * PX_PER_MM)
    return float((dark[y + margin : y + h - margin, x : x + w] > INK).mean())
