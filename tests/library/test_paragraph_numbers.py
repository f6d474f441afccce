"""Every paragraph of a text has a number, the same on every re-import; the
original pages turn where the source says (EPUB page list, HTML and Markdown
marks, a sidecar)."""

import io
import re
import zipfile
from pathlib import Path

import pytest

from library.importer import parse_document
from library.importer.paragraphs import (
    SCREEN_WORDS,
    blocks_number,
    blocks_split,
    screens_assign,
)
from library.models import TextPage, TextParagraph
from library.services import Source, texts_import
from tests.corpus import CORPUS

BOOKS = sorted(CORPUS.glob("pg*.txt")) if CORPUS.is_dir() else []


def _parse(path: Path, data: bytes | None = None):
    sidecar = path.with_suffix(".yaml")
    return parse_document(
        name=path.name,
        data=data if data is not None else path.read_bytes(),
        sidecar=sidecar.read_bytes() if sidecar.exists() else None,
        sidecar_name=sidecar.name,
    )


def _numbered(parsed) -> list[list]:
    """[(number, screen, words, html)] per section, as the numbering gives them."""
    out, number = [], 1
    for section in parsed.sections:
        blocks = blocks_split(body=section.body)
        number = blocks_number(blocks=blocks, first=number)
        screens_assign(blocks=blocks)
        out.append([(b.number, b.screen, b.words, b.html) for b in blocks])
    return out


def test_the_nine_books_are_present():
    if len(BOOKS) != 9:
        pytest.skip(f"the nine Gutenberg books are not at {CORPUS} (GUTENBERG_CORPUS)")
    assert len(BOOKS) == 9


@pytest.mark.parametrize("path", BOOKS, ids=[p.name for p in BOOKS])
def test_every_paragraph_of_a_real_book_has_a_number_and_screens_are_about_1500_words(
    path,
):
    sections = _numbered(_parse(path))
    numbers = [n for blocks in sections for n, *_ in blocks if n is not None]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) > 50
    for blocks in sections:
        screens = sorted({s for _n, s, _w, _h in blocks})
        assert screens == list(range(1, len(screens) + 1))
        for screen in screens:
            words = [w for _n, s, w, _h in blocks if s == screen]
            if sum(words) > SCREEN_WORDS:
                # Over only by a single long paragraph, or by a short tail
                # joined to the screen before (never a screen of a few lines).
                assert (
                    len(words) == 1
                    or screen == screens[-1]
                    and sum(words) <= SCREEN_WORDS * 1.2 + max(words)
                ), (path.name, screen, sum(words))
            elif screen != screens[-1]:
                assert sum(words) > SCREEN_WORDS / 2
            elif len(screens) > 1:
                # Never a last screen of a few lines: it joins the one before.
                assert sum(words) >= SCREEN_WORDS / 5, (path.name, screen)


@pytest.mark.parametrize("path", BOOKS, ids=[p.name for p in BOOKS])
def test_numbers_survive_reimport_and_a_change_late_keeps_the_early_ones(path):
    first = _numbered(_parse(path))
    assert _numbered(_parse(path)) == first
    data = path.read_bytes()
    # Change a word of the last paragraph: every earlier one keeps its number.
    last = re.sub(r"<[^>]+>|&\w+;", " ", first[-1][-1][3]).split()
    word = max((w for w in last if w.isalpha()), key=len).encode()
    end = data.find(b"*** END OF")
    at = data.rfind(word, 0, end if end > 0 else len(data))
    changed = data[:at] + b"Changed" + data[at + len(word) :]
    after = _numbered(_parse(path, data=changed))
    assert after != first
    assert after[:-1] == first[:-1]
    assert [n for n, *_ in after[-1]] == [n for n, *_ in first[-1]]


def _epub(*, pages: bool = True) -> bytes:
    chapter = (
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        "<body><h2>The First Meeting</h2>"
        "<p>We met in the upstairs room of the Crown.</p>"
        '<span epub:type="pagebreak" id="pg15" title="15"></span>'
        "<p>Twelve came, and the chair asked who would take the minutes.</p>"
        '<p>Ann said she would <span id="pg16"></span>if someone else made the tea.</p>'
        "<h2>The Second Meeting</h2><p>Twenty came, because Ann had told them.</p>"
        "</body></html>"
    )
    nav = (
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        '<body><nav epub:type="toc"><ol><li><a href="text.xhtml">Text</a></li></ol></nav>'
        + (
            '<nav epub:type="page-list"><ol><li><a href="text.xhtml#pg15">15</a></li>'
            '<li><a href="text.xhtml#pg16">16</a></li></ol></nav>'
            if pages
            else ""
        )
        + "</body></html>"
    )
    opf = (
        '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
        'unique-identifier="id" version="3.0"><metadata '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<dc:identifier id="id">urn:test:minutes</dc:identifier>'
        "<dc:title>Minutes of the Crown Branch</dc:title></metadata><manifest>"
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        '<item id="text" href="text.xhtml" media-type="application/xhtml+xml"/>'
        '</manifest><spine><itemref idref="text"/></spine></package>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container><rootfiles><rootfile '
            'full-path="OEBPS/content.opf"/></rootfiles></container>',
        )
        archive.writestr("OEBPS/content.opf", opf)
        archive.writestr("OEBPS/nav.xhtml", nav)
        archive.writestr("OEBPS/text.xhtml", chapter)
    return buffer.getvalue()


def test_epub_page_list_marks_where_the_original_pages_turn():
    parsed = parse_document(name="minutes.epub", data=_epub())
    body = parsed.sections[0].body
    assert '<p><span data-page="15"></span>Twelve came' in body
    assert 'she would <span data-page="16"></span>if someone' in body
    # Without the page list, the marked page break is still found.
    bare = parse_document(name="m.epub", data=_epub(pages=False)).sections[0].body
    assert 'data-page="15"' in bare and 'data-page="16"' not in bare


def test_markdown_and_html_marks_and_a_sidecar_give_pages():
    md = parse_document(
        name="notes.md",
        data=b"# Notes\n\n## One\n\nFirst words [page 3] here.\n\n[p. 4]\n\nMore words.\n",
    )
    assert 'First words <span data-page="3"></span> here.' in md.sections[0].body
    assert '<span data-page="4"></span>' in md.sections[0].body
    html = parse_document(
        name="a.html",
        data=b'<h2>A</h2><p>One <span class="pagenum">[Pg 7]</span> two.</p><h2>B</h2><p>Three.</p>',
    )
    assert '<span data-page="7"></span>' in html.sections[0].body
    plain = parse_document(
        name="t.txt",
        data=b"CHAPTER I\n\n" + b"Alpha words here and more.\n\n" * 5,
        sidecar=b"title: T\npages:\n  '2': 3\n",
        sidecar_name="t.yaml",
    )
    blocks = blocks_split(body=plain.sections[0].body)
    assert [b.turns for b in blocks][:4] == [[], [], ["2"], []]


def test_imported_epub_keeps_numbers_and_pages_in_the_database(library):
    source = Source(name="minutes.epub", data=_epub())
    report = texts_import(sources=[source], library=library, publish=True)
    assert report.imported == 1, report.lines
    text = TextPage.objects.get(import_key="id:urn:test:minutes")
    rows = list(
        TextParagraph.objects.filter(text=text).order_by(
            "section__sort_order", "position"
        )
    )
    assert [(r.number, r.page, r.page_seq, r.page_end_seq) for r in rows] == [
        (1, "", 0, 0),
        (2, "15", 1, 1),
        (3, "15", 1, 2),
        (4, "16", 2, 2),
    ]
    ids = [r.pk for r in rows]
    # The same file again: nothing rewritten, the same rows and numbers.
    texts_import(sources=[source], library=library, publish=True)
    text.refresh_from_db()
    text.save_revision().publish()
    kept = TextParagraph.objects.filter(text=text).values_list("pk", flat=True)
    assert sorted(kept) == sorted(ids)
