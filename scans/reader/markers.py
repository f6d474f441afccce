"""The four ArUco corner markers, and the page straightened from them."""

import cv2
import numpy as np

from .. import sheet
from .errors import MARKER_MISSING, NO_SHEET, ReadError

# The straightened page: this many pixels a millimetre (1260 x 1782 for A4).
PX_PER_MM = 6.0
DETECT_LONG_SIDE = 1600


def _detector():
    dictionary = cv2.aruco.getPredefinedDictionary(
        getattr(cv2.aruco, sheet.ARUCO_DICTIONARY)
    )
    params = cv2.aruco.DetectorParameters()
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    return cv2.aruco.ArucoDetector(dictionary, params)


def markers_find(gray: np.ndarray) -> dict[int, np.ndarray]:
    """Marker index (0 TL .. 3 BL) -> its four corners in ``gray``'s pixels."""
    scale = min(1.0, DETECT_LONG_SIDE / max(gray.shape))
    small = (
        cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        if scale < 1
        else gray
    )
    corners, ids, _ = _detector().detectMarkers(small)
    found: dict[int, np.ndarray] = {}
    if ids is None:
        return found
    for quad, marker_id in zip(corners, ids.flatten(), strict=True):
        if int(marker_id) in sheet.MARKER_IDS:
            index = sheet.MARKER_IDS.index(int(marker_id))
            # The biggest wins, should something else on the table look like one.
            points = quad.reshape(4, 2) / scale
            if index not in found or cv2.contourArea(points) > cv2.contourArea(
                found[index]
            ):
                found[index] = points
    return found


def page_straighten(gray: np.ndarray, found: dict[int, np.ndarray]) -> np.ndarray:
    """The page seen square-on, ``PX_PER_MM`` pixels a millimetre."""
    if not found:
        raise ReadError(NO_SHEET)
    if len(found) < 4:
        raise ReadError(MARKER_MISSING)
    src, dst = [], []
    for index, points in found.items():
        src.extend(points)
        dst.extend(
            (x * PX_PER_MM, y * PX_PER_MM) for x, y in sheet.marker_corners(index)
        )
    homography, _ = cv2.findHomography(np.float32(src), np.float32(dst), 0)
    if homography is None:
        raise ReadError(MARKER_MISSING)
    size = (round(sheet.PAGE_W * PX_PER_MM), round(sheet.PAGE_H * PX_PER_MM))
    return cv2.warpPerspective(
        gray, homography, size, flags=cv2.INTER_AREA, borderValue=255
    )


def mm_to_px(rect: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    x, y, w, h = rect
    return (
        round(x * PX_PER_MM),
        round(y * PX_PER_MM),
        round(w * PX_PER_MM),
        round(h * PX_PER_MM),
    )
