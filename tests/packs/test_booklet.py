"""The A5 booklet: pages two-up on A4 landscape in saddle-stitch order, so a
folded stack of sheets printed on both sides reads 1, 2, 3…"""

import io

import pytest

from packs.booklet import booklet_print
from packs.options import PackOptions
from packs.services import booklet_impose, booklet_order, pack_render


def a5_pages(count: int) -> bytes:
    from weasyprint import CSS, HTML

    html = "".join(
        f'<p style="break-after: page">PAGENUMBER{n:02d}</p>'
        for n in range(1, count + 1)
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(string="@page { size: A5 }")])


def halves(pdf) -> list[tuple[str, str]]:
    """For each A4 side, the text on its left and right halves, placed as a PDF
    viewer places it (pdfminer follows the Form XObjects and their offsets)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def chars(item):
        if isinstance(item, LTChar):
            yield item
        elif hasattr(item, "__iter__"):
            for child in item:
                yield from chars(child)

    sides = []
    for page in extract_pages(io.BytesIO(pdf.data)):
        middle = page.width / 2
        left = "".join(c.get_text() for c in chars(page) if c.x0 < middle)
        right = "".join(c.get_text() for c in chars(page) if c.x0 >= middle)
        sides.append((left.strip(), right.strip()))
    return sides


def test_order_for_eight_pages():
    assert booklet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_eight_a5_pages_make_two_sheets_in_booklet_order(read_pdf):
    pdf = read_pdf(booklet_impose(pdf=a5_pages(8)))
    assert len(pdf.reader.pages) == 4  # two sheets, both sides
    for page in pdf.reader.pages:
        assert round(float(page.mediabox.width)) == 842
        assert round(float(page.mediabox.height)) == 595
    expected = [(8, 1), (2, 7), (6, 3), (4, 5)]
    for (left, right), (want_left, want_right) in zip(
        halves(pdf), expected, strict=True
    ):
        assert left == f"PAGENUMBER{want_left:02d}"
        assert right == f"PAGENUMBER{want_right:02d}"


def test_pages_are_padded_with_blanks_to_a_multiple_of_four(read_pdf):
    pdf = read_pdf(booklet_impose(pdf=a5_pages(5)))
    assert len(pdf.reader.pages) == 4  # 8 A5 pages: 5 printed, 3 blank at the back
    sides = halves(pdf)
    assert sides[0] == ("", "PAGENUMBER01")
    assert sides[1] == ("PAGENUMBER02", "")
    assert sides[3] == ("PAGENUMBER04", "PAGENUMBER05")


@pytest.mark.django_db
def test_module_booklet_has_the_cover_on_the_front_right(module, read_pdf):
    pdf = read_pdf(pack_render(page=module, options=PackOptions(booklet=True)))
    sides = halves(pdf)
    assert len(sides) % 2 == 0
    # The first sheet: how to print it, and a blank back.
    first = " ".join(pdf.pages[0].split())
    assert "How to print this booklet" in first and "short edge" in first
    assert "fold them in half together" in first
    assert " ".join(sides[1]).strip() == "This side is left blank."
    assert "A5 booklet" in sides[2][1] and "What a branch is" in sides[2][1]
    numbers = [int(n) for side in sides for half in side for n in _page_numbers(half)]
    assert sorted(numbers) == list(range(1, max(numbers) + 1))
    assert pdf.reader.metadata.title.startswith("What a branch is")
    # The outline of the A5 edition, each entry on the side that prints it.
    outline = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline[item.title] = pdf.reader.get_destination_page_number(item)

    walk(pdf.reader.outline)
    for title in ["Contents", "Talking it through", "Key terms"]:
        assert title in outline, outline
        assert title in " ".join(sides[outline[title]]), title


def test_a_long_booklet_is_printed_in_sections_of_ten_sheets(read_pdf):
    from packs.services import _instructions_pdf

    pdf = read_pdf(
        booklet_print(pdf=a5_pages(100), title="Long", render_html=_instructions_pdf)
    )
    sides = halves(pdf)
    assert len(sides) == 2 + 2 * 25  # the instructions, then 25 sheets
    first = " ".join(pdf.pages[0].split())
    assert "printed in 3 sections of at most 10 sheets" in first
    assert "section 1: sheets 2 to 11; section 2: sheets 12 to 21" in first
    assert "section 3: sheets 22 to 26" in first
    # Section 1 folds pages 1-40, section 2 pages 41-80, section 3 81-100.
    assert sides[2] == ("PAGENUMBER40", "PAGENUMBER01")
    assert sides[2 + 20] == ("PAGENUMBER80", "PAGENUMBER41")
    assert sides[2 + 40] == ("PAGENUMBER100", "PAGENUMBER81")  # pages 81-100
    assert sides[-1] == ("PAGENUMBER90", "PAGENUMBER91")


def _page_numbers(text):
    import re

    return re.findall(r"Page (\d+) of \d+", text)
