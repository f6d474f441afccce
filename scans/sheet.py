"""The scannable sign-in sheet: one owner for its geometry and its QR payload.

The printed sheet (``templates/packs/sign_in_sheet.html``, drawn from
``sheet_pages``) and the reader (``scans.reader``) both take every position
from here, in millimetres on an A4 page, so they cannot disagree. The reader
finds the four corner markers and maps the page back onto these millimetres,
so a sheet printed at 100% or shrunk by "fit to page" reads the same.

Each page's QR code carries the session, the branch, the page number and the
member ids printed on its rows, signed with ``django.core.signing`` (salt
``QR_SALT``): a sheet cannot write into another session, and a QR code made
by hand fails the signature.
"""

from dataclasses import dataclass
from math import ceil

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

PAGE_W, PAGE_H = 210.0, 297.0
MARKER_SIZE = 14.0  # an ArUco 4x4 marker: 6x6 cells with its black border
MARKER_INSET = 10.0  # inside the unprintable edge of any office printer
MARKER_CELLS = 6
# ArUco ids 0-3 at top left, top right, bottom right, bottom left: the reader
# knows which corner is which even in a photo taken upside down.
MARKER_IDS = (0, 1, 2, 3)
ARUCO_DICTIONARY = "DICT_4X4_50"

QR_X, QR_Y, QR_SIZE = 152.0, 27.0, 32.0
QR_SALT = "scans.sheet.qr.v1"
QR_PREFIX = "SC1"

NUMBER_X = 24.0
NAME_X = 34.0
NAME_W = 118.0
BOX_LINE = 0.5
# At least this many rows for walk-ins; the last page's spare rows are blank too.
BLANK_ROWS_MIN = 5


@dataclass(frozen=True)
class Layout:
    """A print size of the sheet: its rows, boxes and type (the pack's clear or
    large print). The QR code says which (``code`` in its prefix), so the
    reader measures the boxes where this layout put them."""

    name: str
    code: str  # added to ``QR_PREFIX``
    rows_per_page: int
    row_h: float
    box_x: float
    box_size: float
    name_pt: float
    number_pt: float
    head_pt: float  # the heading's explanations; the title is bigger
    row_top: float  # the first row, below the heading
    address_top: float  # the register's address, under the QR code


CLEAR = Layout("clear", "", 15, 12.4, 162.0, 9.0, 14, 10, 12, 72.0, 61.0)
# Large print: names at 18 pt (UKAAF asks 16 pt or more), boxes a third
# bigger, rows a third taller, so fewer rows a page; the heading, at 16 pt,
# pushes the rows down.
LARGE = Layout("large", "L", 10, 16.8, 160.0, 12.0, 18, 14, 16, 88.0, 79.0)
LAYOUTS = {layout.name: layout for layout in (CLEAR, LARGE)}
# The clear layout's, which most callers mean.
ROWS_PER_PAGE = CLEAR.rows_per_page


def marker_origin(index: int) -> tuple[float, float]:
    """The top-left corner (mm) of corner marker ``index`` (0 TL, 1 TR, 2 BR, 3 BL)."""
    left, top = MARKER_INSET, MARKER_INSET
    right, bottom = (
        PAGE_W - MARKER_INSET - MARKER_SIZE,
        PAGE_H - MARKER_INSET - MARKER_SIZE,
    )
    return [(left, top), (right, top), (right, bottom), (left, bottom)][index]


def marker_corners(index: int) -> list[tuple[float, float]]:
    """The marker's four corners (mm) in ArUco's order: its own TL, TR, BR, BL."""
    x, y = marker_origin(index)
    s = MARKER_SIZE
    return [(x, y), (x + s, y), (x + s, y + s), (x, y + s)]


def marker_cells(index: int) -> list[list[bool]]:
    """The marker's cells, True where black (the OpenCV dictionary's own bits)."""
    import cv2

    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, ARUCO_DICTIONARY))
    image = cv2.aruco.generateImageMarker(dictionary, MARKER_IDS[index], MARKER_CELLS)
    return [[bool(value == 0) for value in row] for row in image]


def row_top(position: int, layout: Layout = CLEAR) -> float:
    return layout.row_top + position * layout.row_h


def box_rect(
    position: int, layout: Layout = CLEAR
) -> tuple[float, float, float, float]:
    """The tick box of row ``position``: x, y, width, height in mm."""
    y = row_top(position, layout) + (layout.row_h - layout.box_size) / 2
    return (layout.box_x, y, layout.box_size, layout.box_size)


def name_rect(
    position: int, layout: Layout = CLEAR
) -> tuple[float, float, float, float]:
    """Where a walk-in writes their name, above the row's writing line."""
    return (NAME_X, row_top(position, layout) + 0.8, NAME_W, layout.row_h - 2.6)


def writing_line_y(position: int, layout: Layout = CLEAR) -> float:
    return row_top(position, layout) + layout.row_h - 1.5


def row_rect(
    position: int, layout: Layout = CLEAR
) -> tuple[float, float, float, float]:
    """The whole row, number to box: what the organiser sees when confirming."""
    width = layout.box_x + layout.box_size + 4 - NUMBER_X
    return (NUMBER_X - 2, row_top(position, layout), width, layout.row_h)


@dataclass(frozen=True)
class SheetPage:
    """What one printed page says: whose rows, which page of how many."""

    session_id: int
    branch_id: int
    number: int  # 1-based
    count: int
    member_ids: tuple[int, ...]
    layout: Layout = CLEAR

    @property
    def blank_rows(self) -> int:
        return self.layout.rows_per_page - len(self.member_ids)


def sheet_layout(
    *, session_id: int, branch_id: int, member_ids: list[int], layout: Layout = CLEAR
) -> list[SheetPage]:
    """Members in order, ``layout.rows_per_page`` a page, and at least
    ``BLANK_ROWS_MIN`` blank rows on the last page (a new page if need be)."""
    rows = layout.rows_per_page
    count = max(1, ceil((len(member_ids) + BLANK_ROWS_MIN) / rows))
    return [
        SheetPage(
            session_id=session_id,
            branch_id=branch_id,
            number=number,
            count=count,
            member_ids=tuple(member_ids[(number - 1) * rows : number * rows]),
            layout=layout,
        )
        for number in range(1, count + 1)
    ]


def qr_payload(page: SheetPage) -> str:
    ids = ",".join(str(pk) for pk in page.member_ids)
    prefix = QR_PREFIX + page.layout.code
    raw = (
        f"{prefix}|{page.session_id}|{page.branch_id}|{page.number}|{page.count}|{ids}"
    )
    return signing.Signer(salt=QR_SALT).sign(raw)


class ForgedSheet(ValueError):
    """A QR code that is not one of ours, or was changed."""


def qr_parse(payload: str) -> SheetPage:
    """The page a QR code names; ``ForgedSheet`` if the signature fails."""
    try:
        raw = signing.Signer(salt=QR_SALT).unsign(payload)
    except signing.BadSignature as error:
        raise ForgedSheet(
            "The QR code is not one of this site's sign-in sheets."
        ) from error
    parts = raw.split("|")
    layout = _layout_of_prefix(parts[0])
    if len(parts) != 6 or layout is None:
        raise ForgedSheet("The QR code is not one of this site's sign-in sheets.")
    try:
        ids = tuple(int(pk) for pk in parts[5].split(",") if pk)
        return SheetPage(
            session_id=int(parts[1]),
            branch_id=int(parts[2]),
            number=int(parts[3]),
            count=int(parts[4]),
            member_ids=ids,
            layout=layout,
        )
    except ValueError as error:
        raise ForgedSheet(
            "The QR code is not one of this site's sign-in sheets."
        ) from error


def _layout_of_prefix(prefix: str) -> Layout | None:
    for layout in LAYOUTS.values():
        if prefix == QR_PREFIX + layout.code:
            return layout
    return None


def layout_of_payload(payload: str | None) -> Layout:
    """The layout a QR code's text names, before its signature is checked (the
    reader must know where the boxes are; ``qr_parse`` checks it after)."""
    if payload:
        layout = _layout_of_prefix(payload.split("|", 1)[0])
        if layout is not None:
            return layout
    return CLEAR


def qr_modules(payload: str) -> list[list[bool]]:
    """The QR code's modules, True where dark, with its quiet zone."""
    code = segno.make_qr(payload, error="m", boost_error=False)
    return [[bool(v) for v in row] for row in code.matrix_iter(scale=1, border=2)]


def register_address(session_id: int) -> str:
    """The short address printed beside the QR code: the session's register."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("branches_organise:register", args=[session_id])
