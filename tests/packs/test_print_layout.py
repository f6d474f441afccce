"""Packs laid out for the room, read back from the PDF: the cover is one
page, a key term stays with its definition, no heading is left at the foot of
a page, running heads and page numbers are 12 pt or more, and every online
page is printed with a QR code (2 cm or more) and its short address on the
site's real address."""

import io
import re

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTImage, LTTextLine

from core.short_links import short_code
from packs.options import PackOptions
from packs.services import pack_render
from tests.factories.courses import ModulePageFactory, module_body

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
A4_HEIGHT = 297 * MM


def _walk(item, kinds):
    """The layout objects of ``kinds`` in ``item``, not looking inside them."""
    if isinstance(item, kinds):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from _walk(child, kinds)


def _lines(pdf_bytes: bytes) -> list[list[dict]]:
    """Each page's text lines, top to bottom: text, top (pt from the page's
    top) and the largest character size."""
    pages = []
    for page in extract_pages(io.BytesIO(pdf_bytes)):
        lines = []
        for line in _walk(page, LTTextLine):
            sizes = [c.size for c in line if isinstance(c, LTChar)]
            text = line.get_text().strip()
            if text and sizes:
                lines.append(
                    {"text": text, "top": page.height - line.y1, "size": max(sizes)}
                )
        pages.append(sorted(lines, key=lambda line: line["top"]))
    return pages


def _images(pdf_bytes: bytes) -> list[list[tuple[float, float]]]:
    """Each page's images, as (width, height) in points."""
    return [
        [(image.width, image.height) for image in _walk(page, LTImage)]
        for page in extract_pages(io.BytesIO(pdf_bytes))
    ]


def _body_lines(page: list[dict]) -> list[dict]:
    """A page's lines between the running head and the page number."""
    return [
        line
        for line in page
        if 24 * MM < line["top"] < A4_HEIGHT - 24 * MM
        and not line["text"].startswith("Page ")
    ]


LONG_TITLE = (
    "How a branch of the party decides what it will campaign on, who it chooses to "
    "speak for it, and how it keeps its members, its candidates and its elected "
    "councillors answerable to the people who live and work in its wards"
)
LONG_OBJECTIVE = " ".join(
    ["Members leave able to explain how a branch meeting takes its decisions,"]
    + ["who may speak and vote, and how a motion becomes the branch's policy."] * 7
)[:600]


@pytest.mark.parametrize("size", ["clear", "large"])
def test_a_long_cover_stays_on_one_page(course, read_pdf, size):
    module = ModulePageFactory(
        parent=course, title=LONG_TITLE, objective=LONG_OBJECTIVE
    )
    pdf = read_pdf(pack_render(page=module, options=PackOptions(size=size)))
    cover, after = " ".join(pdf.pages[0].split()), " ".join(pdf.pages[1].split())
    assert "Read it online" in cover  # the last thing on the cover
    assert "Contents" in after
    assert "Read it online" not in after and "Learner's pack" not in after


def _glossary_module(course):
    terms = [
        {
            "term": f"Term number {n}",
            "definition": (
                f"DEFINITION-{n}: "
                + "a long explanation that runs over lines " * (n % 5 + 2)
            ),
        }
        for n in range(1, 41)
    ]
    body = module_body(blocks_count=4) + [("key_terms", {"terms": terms})]
    return ModulePageFactory(parent=course, title="Many terms", body=body)


def test_a_key_term_is_kept_with_its_definition(course):
    data = pack_render(page=_glossary_module(course), options=PackOptions(size="large"))
    pages = [" ".join(line["text"] for line in page) for page in _lines(data)]
    glossary = [n for n, text in enumerate(pages) if "DEFINITION-" in text]
    assert len(glossary) >= 3  # the glossary runs over pages
    for n in range(1, 41):
        (term_page,) = [
            p for p, text in enumerate(pages) if f"Term number {n} " in text + " "
        ]
        assert f"DEFINITION-{n}:" in pages[term_page], f"term {n} parted"


def _headings_module(course):
    """Headings each followed by a paragraph too short to split (three lines at
    most, with orphans and widows at two), of many lengths: without the break
    rules some heading is left at a page foot and its paragraph moves on."""
    body = []
    for n in range(1, 61):
        words = "Members meet, talk and decide. " * (1 + (n * 7) % 5)
        body.append(
            (
                "text",
                f"<h2>HEADING-{n}</h2><p>{words}</p><h3>SUB-{n}</h3><p>{words}</p>",
            )
        )
    return ModulePageFactory(parent=course, title="Many headings", body=body)


@pytest.mark.parametrize("size", ["clear", "large"])
def test_no_heading_is_left_at_the_foot_of_a_page(course, size):
    data = pack_render(page=_headings_module(course), options=PackOptions(size=size))
    pages = _lines(data)
    body_size = 18 if size == "large" else 14
    checked = 0
    for number, page in enumerate(pages[2:-1], start=3):
        lines = _body_lines(page)
        if not lines:
            continue
        last = lines[-1]
        checked += 1
        assert last["size"] <= body_size + 0.5, (
            f"page {number} ends with {last['text']!r}"
        )
    assert checked >= 8


def test_running_heads_and_page_numbers_are_12pt_or_more(module):
    pages = _lines(pack_render(page=module, options=PackOptions()))
    heads = [
        line
        for page in pages[1:]
        for line in page
        if line["top"] < 24 * MM or line["text"].startswith("Page ")
    ]
    assert any(line["text"].startswith("Page ") for line in heads)
    assert any("How our party works" in line["text"] for line in heads)
    assert min(round(line["size"], 2) for line in heads) >= 12


@pytest.mark.parametrize("size", ["clear", "large"])
def test_the_module_is_printed_with_its_qr_code_and_short_address(
    module, read_pdf, settings, client, size
):
    settings.WAGTAILADMIN_BASE_URL = "https://study.example.org"
    data = pack_render(page=module, options=PackOptions(size=size))
    cover = " ".join(read_pdf(data).pages[0].split()).replace("- ", "-")
    short = f"https://study.example.org/go/{short_code(page_id=module.pk)}/"
    assert f"Read it online: {short}" in cover
    assert f"https://study.example.org{module.url}" in cover
    qr_codes = [(w, h) for w, h in _images(data)[0] if abs(w - h) < 1]
    assert qr_codes and min(min(w, h) for w, h in qr_codes) >= 20 * MM
    response = client.get(re.sub(r"^https://[^/]+", "", short))
    assert response.status_code == 302 and response["Location"] == module.url


def test_large_print_facilitator_edition_has_nothing_under_16pt(module, read_pdf):
    pdf = read_pdf(
        pack_render(
            page=module, options=PackOptions(edition="facilitator", size="large")
        )
    )
    small = {(r["size"], r["text"].strip()[:30]) for r in pdf.runs() if r["size"] < 16}
    assert not small
    assert "Session plan" in pdf.text and "QR code" not in pdf.text
