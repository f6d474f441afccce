"""The A5 booklet as it is printed: A5 pages two-up on A4 landscape in
saddle-stitch order, in sections of at most ``SHEETS_PER_SECTION`` sheets (a
thicker fold will not lie flat or staple), after a first sheet that says how
to print and fold it; with the A5 edition's outline, each entry on the sheet
side its page is printed on."""

import io

from django.utils.html import escape
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

A4_LANDSCAPE = (841.89, 595.28)
SHEETS_PER_SECTION = 10
PAGES_PER_SHEET = 4  # two A5 pages on each side


def booklet_order(page_count: int) -> list[tuple[int, int]]:
    """1-based (left, right) pages for each side of the folded sheets, in
    saddle-stitch order; ``page_count`` must be a multiple of 4.
    8 pages: (8, 1), (2, 7), (6, 3), (4, 5)."""
    if page_count % 4:
        raise ValueError("A booklet has a multiple of 4 pages.")
    sides = []
    for side in range(page_count // 2):
        outer, inner = page_count - side, side + 1
        sides.append((outer, inner) if side % 2 == 0 else (inner, outer))
    return sides


def booklet_impose(
    *, pdf: bytes, sheets_per_section: int = SHEETS_PER_SECTION
) -> bytes:
    """A5 pages two-up on A4 landscape, padded with blank pages to a multiple of 4,
    so the printed stack, folded in the middle, reads as a booklet; a long
    booklet in sections of ``sheets_per_section`` sheets, each folded apart
    and stacked in order. The A5 outline is kept, pointing at the sheets.

    Each A5 page becomes a Form XObject drawn twice per sheet at an offset:
    the content streams are copied, never parsed (pypdf's ``merge_page``
    parses every operator and takes ~75 ms a page). The booklet is for the
    printer: it keeps the title and language but not the tags and links of
    the A4 and A5 editions."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    if not pages:
        return pdf
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    writer = PdfWriter()
    forms = [_page_as_form(writer, page) for page in pages]
    forms += [None] * (-len(forms) % 4)
    sides = booklet_sides(len(forms), sheets_per_section=sheets_per_section)
    sheet_width, sheet_height = (
        max(A4_LANDSCAPE[0], 2 * width),
        max(A4_LANDSCAPE[1], height),
    )
    x_offset = (sheet_width - 2 * width) / 2
    y_offset = (sheet_height - height) / 2
    for left, right in sides:
        sheet = writer.add_blank_page(width=sheet_width, height=sheet_height)
        xobjects, operators = DictionaryObject(), []
        for slot, number in enumerate((left, right)):
            form = forms[number - 1]
            if form is None:
                continue  # a blank page at the back
            name = f"/Page{number}"
            xobjects[NameObject(name)] = form
            x = x_offset + slot * width
            operators.append(f"q 1 0 0 1 {x:.3f} {y_offset:.3f} cm {name} Do Q")
        sheet[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): xobjects}
        )
        content = DecodedStreamObject()
        content.set_data("\n".join(operators).encode())
        sheet[NameObject("/Contents")] = writer._add_object(content)
    _outline_copy(reader, writer, sides)
    metadata = reader.metadata or {}
    writer.add_metadata({key: str(value) for key, value in metadata.items()})
    lang = reader.trailer["/Root"].get("/Lang")
    if lang:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def booklet_sides(page_count: int, *, sheets_per_section: int) -> list[tuple[int, int]]:
    """The (left, right) A5 pages of every sheet side, section after section:
    each section is ``booklet_order`` of its own pages."""
    per_section = sheets_per_section * PAGES_PER_SHEET
    sides = []
    for first in range(0, page_count, per_section):
        count = min(per_section, page_count - first)
        sides += [(first + left, first + right) for left, right in booklet_order(count)]
    return sides


def booklet_sections(page_count: int, *, sheets_per_section: int = SHEETS_PER_SECTION):
    """How many sheets each section of a booklet of ``page_count`` A5 pages has."""
    sheets = -(-page_count // PAGES_PER_SHEET)
    full, rest = divmod(sheets, sheets_per_section)
    return [sheets_per_section] * full + ([rest] if rest else [])


def _outline_copy(reader: PdfReader, writer: PdfWriter, sides) -> None:
    """The A5 outline, each entry on the sheet side that prints its page."""
    side_of = {}
    for index, (left, right) in enumerate(sides):
        side_of[left - 1] = side_of[right - 1] = index

    def copy(items, parent=None):
        last = None
        for item in items:
            if isinstance(item, list):
                copy(item, last)
                continue
            page = reader.get_destination_page_number(item)
            last = writer.add_outline_item(
                item.title, side_of.get(page, 0), parent=parent
            )

    copy(reader.outline)


def _page_as_form(writer: PdfWriter, page: PageObject):
    """The page's content as a Form XObject in ``writer`` (resources cloned once)."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if contents is None:
        data = b""
    elif isinstance(contents, ArrayObject):
        data = b"\n".join(part.get_object().get_data() for part in contents)
    else:
        data = contents.get_data()
    form = DecodedStreamObject()
    form.set_data(data)
    form = form.flate_encode()
    box = page.mediabox
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [
                    FloatObject(box.left),
                    FloatObject(box.bottom),
                    FloatObject(box.right),
                    FloatObject(box.top),
                ]
            ),
        }
    )
    resources = page.get("/Resources")
    if resources is not None:
        form[NameObject("/Resources")] = resources.clone(writer)
    return writer._add_object(form)


def booklet_forecast(*, a5_pages: int, exact: bool) -> dict:
    """What the print page tells an organiser before a booklet is made: its
    sheets (after the instructions sheet) and sections, and whether that is
    long (more than one section). ``exact``: counted from a booklet already
    made, else estimated from the A4 edition."""
    a5_pages += -a5_pages % 4  # the imposition pads to whole sheets
    sections = booklet_sections(a5_pages)
    sheets = sum(sections)
    about = "" if exact else "about "
    return {
        "sheets": sheets,
        "sections": len(sections),
        "long": len(sections) > 1,
        "text": (
            f"{about}{sheets} sheet{'s' if sheets != 1 else ''} of A4 after the "
            "instructions sheet, "
            + (
                f"in {len(sections)} sections of at most {SHEETS_PER_SECTION} "
                "sheets, each folded and stapled on its own"
                if len(sections) > 1
                else "folded and stapled as one"
            )
        ),
    }


def booklet_instructions(*, title: str, sections: list[int]) -> str:
    """The first sheet's words: how to print and fold this booklet."""
    sheets = sum(sections)
    if len(sections) == 1:
        fold = (
            f"<li>Take the {sheets} printed sheet{'s' if sheets > 1 else ''} after "
            "this one, in order, fold them in half together with the cover "
            "outside, and staple twice along the fold.</li>"
        )
    else:
        first, parts = 2, []
        for number, count in enumerate(sections, start=1):
            parts.append(f"section {number}: sheets {first} to {first + count - 1}")
            first += count
        fold = (
            f"<li>The booklet is {sheets} sheets, too many to fold as one, so it "
            f"is printed in {len(sections)} sections of at most "
            f"{SHEETS_PER_SECTION} sheets ({'; '.join(parts)}).</li>"
            "<li>Fold each section in half on its own, cover outside, and staple "
            "it along the fold. The pages run on from one section to the next: "
            "keep the sections in order, with a clip or in a folder.</li>"
        )
    return (
        f"<h1>How to print this booklet</h1><p><strong>{escape(title)}</strong></p>"
        "<ol><li>Print on both sides of A4 paper, flipping on the <strong>short "
        "edge</strong> (in the printer's settings: two-sided, short-edge binding), "
        "at actual size (100%), not “fit to page”.</li>"
        "<li>This first sheet is these instructions; its back is blank. Put it "
        f"aside.</li>{fold}</ol>"
    )


def booklet_print(*, pdf: bytes, title: str, render_html) -> bytes:
    """The booklet to print: the instructions sheet (made by ``render_html``,
    which turns an HTML body into a PDF, one A4 landscape side and a blank
    back), then the imposed sections, with the A5 outline."""
    page_count = len(PdfReader(io.BytesIO(pdf)).pages)
    sections = booklet_sections(page_count)
    instructions = render_html(booklet_instructions(title=title, sections=sections))
    imposed = PdfReader(io.BytesIO(booklet_impose(pdf=pdf)))
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(instructions)), import_outline=False)
    writer.append(imposed, import_outline=True)
    metadata = imposed.metadata or {}
    writer.add_metadata({key: str(value) for key, value in metadata.items()})
    lang = imposed.trailer["/Root"].get("/Lang")
    if lang:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
