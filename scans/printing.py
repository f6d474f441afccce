"""The scannable sign-in sheet as a PDF: drawn from ``sheet`` and nothing else.

The furniture the reader relies on (corner markers, QR code, tick boxes,
writing lines) is one SVG per page in millimetres; the words are HTML laid
over it at the same millimetres (``templates/packs/_scan_sheet_pages.html``).

It is the one sign-in sheet: the register's print link (branches' hook
``register_session_sign_in_sheet``) and the facilitator's pack
(``sheet_pages_html`` inside the pack, ``packs.sessions``) print these pages.
The pages are an ``@page scan-sheet`` of their own (A4, no margins, no
running heads), so they print the same inside a pack as on their own.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from branches.sign_in import sign_in_list

from . import sheet

STYLESHEET = settings.BASE_DIR / "site" / "print" / "sign-in-sheet.css"


def _rect(x: float, y: float, w: float, h: float, extra: str = "") -> str:
    return f'<rect x="{x:.3f}" y="{y:.3f}" width="{w:.3f}" height="{h:.3f}"{extra}/>'


def _cells(cells: list[list[bool]], x: float, y: float, size: float) -> list[str]:
    """Dark cells as one rectangle per run in a row (fewer shapes to print)."""
    step = size / len(cells)
    shapes = []
    for r, row in enumerate(cells):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            # A hair wider, so that neighbouring runs print without a seam.
            shapes.append(
                _rect(
                    x + start * step,
                    y + r * step,
                    (c - start) * step + 0.02,
                    step + 0.02,
                )
            )
    return shapes


def page_svg(page: sheet.SheetPage) -> SafeString:
    shapes = []
    for index in range(4):
        x, y = sheet.marker_origin(index)
        shapes += _cells(sheet.marker_cells(index), x, y, sheet.MARKER_SIZE)
    shapes += _cells(
        sheet.qr_modules(sheet.qr_payload(page)), sheet.QR_X, sheet.QR_Y, sheet.QR_SIZE
    )
    frames = []
    layout = page.layout
    for position in range(layout.rows_per_page):
        x, y, w, h = sheet.box_rect(position, layout)
        half = sheet.BOX_LINE / 2
        frames.append(_rect(x + half, y + half, w - sheet.BOX_LINE, h - sheet.BOX_LINE))
        line_y = sheet.writing_line_y(position, layout)
        frames.append(
            f'<line x1="{sheet.NAME_X}" y1="{line_y:.3f}" x2="{sheet.NAME_X + sheet.NAME_W}" y2="{line_y:.3f}"/>'
        )
    svg = (
        f'<svg class="scan-sheet__art" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {sheet.PAGE_W} {sheet.PAGE_H}" width="{sheet.PAGE_W}mm" height="{sheet.PAGE_H}mm" aria-hidden="true">'
        f'<g fill="#000" stroke="none">{"".join(shapes)}</g>'
        f'<g fill="none" stroke="#000" stroke-width="{sheet.BOX_LINE}">{"".join(frames[0::2])}</g>'
        f'<g stroke="#555" stroke-width="0.25">{"".join(frames[1::2])}</g>'
        "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - numbers only, made above


@dataclass
class PrintedRow:
    number: int
    top: float
    name: str  # "" for a blank row


def sheet_context(*, session, members=None, large: bool = False) -> dict:
    """``members``: the people printed, ``sign_in_list`` unless given;
    ``large``: in large print (``sheet.LARGE``)."""
    if members is None:
        members = sign_in_list(session=session)
    layout = sheet.LARGE if large else sheet.CLEAR
    pages = sheet.sheet_layout(
        session_id=session.pk,
        branch_id=session.branch_id,
        member_ids=[m.pk for m in members],
        layout=layout,
    )
    names = {m.pk: m.display_name for m in members}
    printed = []
    number = 0
    for page in pages:
        rows = []
        for position in range(layout.rows_per_page):
            number += 1
            pk = page.member_ids[position] if position < len(page.member_ids) else None
            rows.append(
                PrintedRow(
                    number=number,
                    top=sheet.row_top(position, layout),
                    name=names.get(pk, ""),
                )
            )
        printed.append({"page": page, "svg": page_svg(page), "rows": rows})
    return {
        "session": session,
        "pages": printed,
        "address": sheet.register_address(session.pk),
        "layout": layout,
    }


def sheet_pages_html(*, session, members=None, large: bool = False) -> str:
    """The sheet's pages alone, for a document that has ``STYLESHEET``."""
    context = sheet_context(session=session, members=members, large=large)
    return render_to_string("packs/_scan_sheet_pages.html", context)


def sheet_html(*, session, members=None, large: bool = False) -> str:
    context = sheet_context(session=session, members=members, large=large)
    return render_to_string("packs/sign_in_sheet.html", context)


def sheet_pdf(*, session, members=None, large: bool = False) -> bytes:
    """The session's scannable sign-in sheet, one A4 page per layout's rows."""
    from weasyprint import CSS, HTML

    html = sheet_html(session=session, members=members, large=large)
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
