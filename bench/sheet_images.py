"""Sign-in sheet pictures made to order: our own sheet, marked and degraded.

Shared by the scans benchmark (``python -m bench scans``) and
``tests/scans``. The sheet is rendered from ``scans.printing`` (the PDF that
is printed), then boxes are ticked, crossed, scribbled or blacked out with
OpenCV strokes in a pen's colour, walk-ins write on blank rows, and the
picture is degraded as a phone or scanner would: rotation, perspective,
blur, uneven light, a shadow, JPEG quality, resolution, upside down.
Everything random comes from the ``random.Random`` passed in.
"""

import datetime
import random
import types
from dataclasses import dataclass, field

import cv2
import numpy as np
import pypdfium2

from scans import sheet
from scans.printing import sheet_pdf

RENDER_DPI = 300
MARKS = ("empty", "tick", "cross", "scribble", "crossed_out")
# What the reader should answer for each: a blacked-out box cannot be told
# (struck out, or ticked hard), so it must come back unsure.
EXPECTED = {
    "empty": "empty",
    "tick": "ticked",
    "cross": "ticked",
    "scribble": "ticked",
    "crossed_out": "unsure",
}
PENS = [
    (20, 20, 20),
    (30, 40, 150),
    (25, 25, 90),
    (60, 60, 60),
]  # RGB: black, blue, navy, pencil-ish

NAMES = [
    "Amina Yusuf",
    "Bert Hollis",
    "Carol Ndlovu",
    "Dafydd Evans",
    "Esther Cohen",
    "Femi Adeyemi",
    "Grace O'Brien",
    "Harold Pike",
    "Ines Duarte",
    "Jack Thornton",
    "Kamala Rao",
    "Len Fairweather",
    "Maria Santos",
    "Niall Byrne",
    "Olu Bakare",
]


def demo_session(pk: int = 4242, branch_id: int = 7):
    return types.SimpleNamespace(
        pk=pk,
        branch_id=branch_id,
        display_title="Reading group: Wages, prices and profit",
        branch=types.SimpleNamespace(name="Riverside"),
        date=datetime.date(2026, 12, 7),
        start_time=datetime.time(19, 0),
    )


def demo_members(count: int, first_pk: int = 500):
    return [
        types.SimpleNamespace(pk=first_pk + i, display_name=NAMES[i % len(NAMES)])
        for i in range(count)
    ]


def pdf_pages(pdf: bytes, dpi: int = RENDER_DPI) -> list[np.ndarray]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [
            np.asarray(page.render(scale=dpi / 72).to_pil().convert("RGB"))
            for page in document
        ]
    finally:
        document.close()


def sheet_renders(
    *, session, members, dpi: int = RENDER_DPI, large: bool = False
) -> list[np.ndarray]:
    return pdf_pages(sheet_pdf(session=session, members=members, large=large), dpi)


@dataclass
class Marked:
    image: np.ndarray
    truth: list[str] = field(default_factory=list)  # EXPECTED mark of each row
    kinds: list[str] = field(default_factory=list)  # what was drawn
    written: list[bool] = field(default_factory=list)  # a walk-in wrote a name


def _pt(x_mm: float, y_mm: float, dpi: int) -> tuple[int, int]:
    s = dpi / 25.4
    return (round(x_mm * s), round(y_mm * s))


def _stroke(image, points, pen, width, dpi):
    pts = np.array([_pt(x, y, dpi) for x, y in points], np.int32)
    cv2.polylines(image, [pts], False, pen, width, cv2.LINE_AA)


def _tick(image, box, rng, pen, width, dpi, j, position, layout):
    x, y, w, h = box
    scale = rng.uniform(0.8, 1.25)
    cx, cy = x + w / 2 + rng.uniform(-1, 1), y + h / 2 + rng.uniform(-1, 1)
    pts = [(-0.3, 0.0), (-0.05, 0.3), (0.45, -0.45)]
    points = [(j(cx + px * w * scale), j(cy + py * h * scale)) for px, py in pts]
    _stroke(image, points, pen, width, dpi)


def _cross(image, box, rng, pen, width, dpi, j, position, layout):
    x, y, w, h = box
    s = rng.uniform(0.3, 0.5)
    cx, cy = x + w / 2, y + h / 2
    first = [(j(cx - s * w), j(cy - s * h)), (j(cx + s * w), j(cy + s * h))]
    _stroke(image, first, pen, width, dpi)
    second = [(j(cx + s * w), j(cy - s * h)), (j(cx - s * w), j(cy + s * h))]
    _stroke(image, second, pen, width, dpi)


def _scribble(image, box, rng, pen, width, dpi, j, position, layout):
    x, y, w, h = box
    pts = [
        (x + rng.uniform(0.2, 0.8) * w, y + rng.uniform(0.2, 0.8) * h)
        for _ in range(rng.randint(4, 7))
    ]
    _stroke(image, pts, pen, width, dpi)


def _crossed_out(image, box, rng, pen, width, dpi, j, position, layout):
    """A tick, then the box blacked in with zigzags both ways."""
    x, y, w, h = box
    draw_mark(image, position, "tick", rng, dpi, layout)
    steps = 16
    heavy = max(width, round(0.9 * dpi / 25.4))
    pts = [
        (x + 0.5 + (w - 1) * (i / steps), y + 0.4 if i % 2 == 0 else y + h - 0.4)
        for i in range(steps + 1)
    ]
    _stroke(image, pts, pen, heavy, dpi)
    pts = [
        (x + 0.4 if i % 2 == 0 else x + w - 0.4, y + 0.5 + (h - 1) * (i / steps))
        for i in range(steps + 1)
    ]
    _stroke(image, pts, pen, heavy, dpi)


_DRAWERS = {
    "tick": _tick,
    "cross": _cross,
    "scribble": _scribble,
    "crossed_out": _crossed_out,
}


def draw_mark(
    image: np.ndarray,
    position: int,
    kind: str,
    rng: random.Random,
    dpi: int = RENDER_DPI,
    layout: sheet.Layout = sheet.CLEAR,
) -> None:
    if kind == "empty":
        return
    x, y, w, h = sheet.box_rect(position, layout)
    pen = rng.choice(PENS)
    width = max(2, round(rng.uniform(0.35, 0.8) * dpi / 25.4))

    def j(v):
        return v + rng.uniform(-0.8, 0.8)

    _DRAWERS[kind](image, (x, y, w, h), rng, pen, width, dpi, j, position, layout)


def draw_name(
    image: np.ndarray,
    position: int,
    rng: random.Random,
    dpi: int = RENDER_DPI,
    layout: sheet.Layout = sheet.CLEAR,
) -> None:
    """A walk-in's name: handwriting-like strokes on a blank row."""
    x, y, _w, _h = sheet.name_rect(position, layout)
    pen = rng.choice(PENS)
    origin = _pt(x + 2, y + layout.row_h - 4.9, dpi)
    name = rng.choice(NAMES)
    cv2.putText(
        image,
        name,
        origin,
        cv2.FONT_HERSHEY_SCRIPT_SIMPLEX,
        dpi / 300 * 1.6,
        pen,
        max(2, dpi // 120),
        cv2.LINE_AA,
    )


def mark_page(
    page: np.ndarray,
    member_rows: int,
    rng: random.Random,
    weights=None,
    dpi: int = RENDER_DPI,
    layout: sheet.Layout = sheet.CLEAR,
) -> Marked:
    image = page.copy()
    weights = weights or [0.45, 0.25, 0.1, 0.1, 0.1]
    marked = Marked(image=image)
    for position in range(layout.rows_per_page):
        blank = position >= member_rows
        kind = rng.choices(MARKS, weights)[0]
        wrote = False
        if blank:
            wrote = rng.random() < 0.5
            kind = rng.choice(["tick", "cross"]) if wrote else "empty"
            if wrote:
                draw_name(image, position, rng, dpi, layout)
        draw_mark(image, position, kind, rng, dpi, layout)
        marked.kinds.append(kind)
        marked.truth.append(EXPECTED[kind])
        marked.written.append(wrote)
    return marked


DEGRADATIONS = (
    "rotate",
    "perspective",
    "blur",
    "uneven_light",
    "shadow",
    "jpeg40",
    "dpi150",
    "upside_down",
    "dim",
)


def _on_table(image: np.ndarray, rng: random.Random) -> np.ndarray:
    h, w = image.shape[:2]
    pad = round(0.12 * max(h, w))
    tone = rng.randint(60, 170)
    table = np.full((h + 2 * pad, w + 2 * pad, 3), tone, np.uint8)
    table[pad : pad + h, pad : pad + w] = image
    return table


def _photo(out: np.ndarray, chosen: set[str], rng: random.Random) -> np.ndarray:
    """On a table, turned and seen at an angle."""
    photo = chosen & {"rotate", "perspective"}
    if photo:
        out = _on_table(out, rng)
        h, w = out.shape[:2]
        if "rotate" in chosen:
            angle = rng.uniform(-20, 20)
            matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
            out = cv2.warpAffine(out, matrix, (w, h), borderMode=cv2.BORDER_REPLICATE)
        if "perspective" in chosen:
            d = 0.08 * min(h, w)
            src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
            dst = np.float32(
                [
                    [rng.uniform(0, d), rng.uniform(0, d)],
                    [w - rng.uniform(0, d), rng.uniform(0, d)],
                    [w - rng.uniform(0, d), h - rng.uniform(0, d)],
                    [rng.uniform(0, d), h - rng.uniform(0, d)],
                ]
            )
            out = cv2.warpPerspective(
                out,
                cv2.getPerspectiveTransform(src, dst),
                (w, h),
                borderMode=cv2.BORDER_REPLICATE,
            )
    return out


def _light(out: np.ndarray, chosen: set[str], rng: random.Random) -> np.ndarray:
    """Uneven light, a shadow, a dim hall, a shaky hand."""
    out = out.astype(np.float32)
    h, w = out.shape[:2]
    if "uneven_light" in chosen:
        gx = np.linspace(
            rng.uniform(0.55, 1.0), rng.uniform(0.55, 1.0), w, dtype=np.float32
        )
        gy = np.linspace(
            rng.uniform(0.7, 1.0), rng.uniform(0.7, 1.0), h, dtype=np.float32
        )
        out *= (gy[:, None] * gx[None, :])[..., None]
    if "shadow" in chosen:
        mask = np.zeros((h, w), np.float32)
        x1, x2 = sorted(rng.uniform(0, w) for _ in range(2))
        poly = np.int32(
            [
                [x1, 0],
                [x2, 0],
                [x2 + rng.uniform(-0.2, 0.4) * w, h],
                [x1 + rng.uniform(-0.3, 0.1) * w, h],
            ]
        )
        cv2.fillPoly(mask, [poly], 1.0)
        mask = cv2.GaussianBlur(mask, (0, 0), max(h, w) / 150)
        out *= (1 - rng.uniform(0.35, 0.55) * mask)[..., None]
    if "dim" in chosen:
        out = out * rng.uniform(0.35, 0.5)
        out += (
            np.random.default_rng(rng.randrange(2**32))
            .normal(0, 4, out.shape)
            .astype(np.float32)
        )
    if "blur" in chosen:
        out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.8, 1.6) * w / 2600)
    return out


def degrade(image: np.ndarray, chosen: set[str], rng: random.Random) -> bytes:
    """``image`` (RGB, RENDER_DPI) as a photo or scan with ``chosen`` faults, as
    the JPEG (or, without ``jpeg40``, PNG) bytes an organiser would upload."""
    out = image
    if "dpi150" in chosen:
        out = cv2.resize(out, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    out = _photo(out, chosen, rng)
    out = _light(out, chosen, rng)
    out = np.clip(out, 0, 255).astype(np.uint8)
    if "upside_down" in chosen:
        out = cv2.rotate(out, cv2.ROTATE_180)
    bgr = cv2.cvtColor(out, cv2.COLOR_RGB2BGR)
    if "jpeg40" in chosen:
        return cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 40])[1].tobytes()
    return cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()


def choose_degradations(rng: random.Random) -> set[str]:
    """Two to four faults at once, as a real photo has."""
    return set(rng.sample(DEGRADATIONS, rng.randint(2, 4)))


def decode(data: bytes) -> np.ndarray:
    return cv2.cvtColor(
        cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB
    )
