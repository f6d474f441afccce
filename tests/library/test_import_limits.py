"""Limits on imported files: each refused quickly, in one line, importing nothing.

Also EPUB keys: two different EPUBs are two texts; the same one re-imported
updates its text.
"""

import io
import time
import zipfile

import pytest

from library.importer import ImportError_, parse_document
from library.models import TextPage
from library.services import Source, texts_import

# 9 levels of 9 aliases: 326 bytes that expand to 9**9 values.
ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]"
        for i in range(8)
    ]
    + ["title: *i"]
).encode()


def epub_bytes(
    *, title="A Book", identifier="urn:uuid:1", isbn=True, chapters=None, extra=None
):
    """A real, minimal EPUB 3: container, package with unique-identifier, spine."""
    chapters = chapters or [("One", "The first chapter. " * 20)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as epub:
        epub.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        epub.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>',
        )
        ident = (
            f'<dc:identifier id="bookid">{identifier}</dc:identifier>'
            if identifier
            else ""
        )
        items = "".join(
            f'<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml"/>'
            for n in range(len(chapters))
        )
        spine = "".join(f'<itemref idref="c{n}"/>' for n in range(len(chapters)))
        epub.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package version="3.0" unique-identifier="bookid" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><metadata>'
            + (
                '<dc:identifier id="isbn">isbn-not-the-key</dc:identifier>'
                if isbn
                else ""
            )
            + f"{ident}<dc:title>{title}</dc:title></metadata>"
            f"<manifest>{items}</manifest><spine>{spine}</spine></package>",
        )
        for n, (heading, body) in enumerate(chapters):
            epub.writestr(
                f"OEBPS/c{n}.xhtml",
                f"<html><body><h2>{heading}</h2><p>{body}</p></body></html>",
            )
        for name, data in (extra or {}).items():
            epub.writestr(name, data)
    return buffer.getvalue()


def refused(*, name, data, sidecar=None, sidecar_name="", reason):
    started = time.monotonic()
    with pytest.raises(ImportError_, match=reason) as caught:
        parse_document(name=name, data=data, sidecar=sidecar, sidecar_name=sidecar_name)
    assert time.monotonic() - started < 5
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_a_yaml_alias_bomb_is_refused_before_it_expands():
    assert len(ALIAS_BOMB) < 400
    refused(
        name="bomb.txt",
        data=b"Some text. " * 50,
        sidecar=ALIAS_BOMB,
        sidecar_name="bomb.yaml",
        reason=r"metadata file bomb.yaml: the metadata expands to more than 10,000",
    )


def test_a_few_ordinary_aliases_are_still_read():
    sidecar = b"who: &w Mary Macarthur\ntitle: Women and the Union\nauthors: [*w]\n"
    parsed = parse_document(
        name="w.txt", data=b"Some text. " * 50, sidecar=sidecar, sidecar_name="w.yaml"
    )
    assert [a.name for a in parsed.authors] == ["Mary Macarthur"]


def test_a_recursive_alias_and_alias_bombs_in_front_matter_are_refused():
    refused(
        name="self.txt",
        data=b"Some text. " * 50,
        sidecar=b"a: &a [*a]\n",
        sidecar_name="self.yaml",
        reason="recursive YAML alias",
    )
    front = b"---\n" + ALIAS_BOMB + b"\n---\n# Heading\n\nSome text.\n"
    refused(name="front.md", data=front, reason="front matter: the metadata expands")


def test_a_large_sidecar_is_refused_before_it_is_parsed(settings):
    settings.LIBRARY_IMPORT_LIMITS = {
        **settings.LIBRARY_IMPORT_LIMITS,
        "MAX_SIDECAR_BYTES": 1000,
    }
    refused(
        name="t.txt",
        data=b"Some text. " * 50,
        sidecar=b"title: " + b"x" * 2000,
        sidecar_name="t.yaml",
        reason="metadata file t.yaml is larger than",
    )


def test_an_epub_zip_bomb_is_refused_from_its_directory():
    # 90 MB of HTML in a file of a few hundred KB.
    bomb = epub_bytes(chapters=[("Bomb", "A" * (90 * 1024 * 1024))])
    assert len(bomb) < 400_000
    message = refused(name="bomb.epub", data=bomb, reason="unpacks to more than 30 MB")
    assert message == "the EPUB's text unpacks to more than 30 MB"


def test_a_highly_compressed_epub_under_the_size_cap_is_refused():
    bomb = epub_bytes(chapters=[("Bomb", "A" * (20 * 1024 * 1024))])
    refused(name="bomb.epub", data=bomb, reason="compressed more than 40 to 1")


def test_an_epub_of_too_many_files_is_refused(settings):
    settings.LIBRARY_IMPORT_LIMITS = {
        **settings.LIBRARY_IMPORT_LIMITS,
        "MAX_ARCHIVE_FILES": 50,
    }
    many = epub_bytes(extra={f"OEBPS/img{n}.png": b"x" for n in range(60)})
    refused(name="many.epub", data=many, reason="holds more than 50 files")


def test_too_many_sections_and_too_long_a_section_are_refused(settings):
    settings.LIBRARY_IMPORT_LIMITS = {
        **settings.LIBRARY_IMPORT_LIMITS,
        "MAX_SECTIONS": 20,
        "MAX_SECTION_CHARS": 50_000,
    }
    html = "".join(f"<h2>Part {n}</h2><p>Words here.</p>" for n in range(30))
    refused(name="many.html", data=html.encode(), reason="more than 20 sections")
    spine = epub_bytes(chapters=[(f"C{n}", "Text.") for n in range(30)])
    refused(name="spine.epub", data=spine, reason="more than 20 documents in its spine")
    long = "<h2>One</h2><p>" + "word " * 20_000 + "</p><h2>Two</h2><p>x</p>"
    refused(name="long.html", data=long.encode(), reason="“One” is longer than 50,000")


def test_a_refused_file_imports_nothing_and_the_others_go_on(library):
    report = texts_import(
        sources=[
            Source(
                name="bomb.txt",
                data=b"Some text. " * 50,
                sidecar=ALIAS_BOMB,
                sidecar_name="bomb.yaml",
            ),
            Source(
                name="bomb.epub", data=epub_bytes(chapters=[("B", "A" * 40_000_000)])
            ),
            Source(name="good.epub", data=epub_bytes(title="Good Book")),
        ],
        library=library,
    )
    assert report.failed == 2 and report.imported == 1
    assert [line.split(":")[0] for line in report.lines] == [
        "Failed",
        "Failed",
        "Imported",
    ]
    assert list(TextPage.objects.values_list("title", flat=True)) == ["Good Book"]


def test_two_different_epubs_are_two_texts_and_a_reimport_updates_its_own(library):
    first = epub_bytes(title="Women and the Union", identifier="urn:uuid:aaa")
    second = epub_bytes(title="The Ragged Trousered", identifier="urn:uuid:bbb")
    for name, data in [("one.epub", first), ("two.epub", second)]:
        report = texts_import(sources=[Source(name=name, data=data)], library=library)
        assert report.imported == 1, report.lines
    assert TextPage.objects.count() == 2
    keys = set(TextPage.objects.values_list("import_key", flat=True))
    assert keys == {"id:urn:uuid:aaa", "id:urn:uuid:bbb"}

    revised = epub_bytes(
        title="Women and the Union (revised)",
        identifier="urn:uuid:aaa",
        chapters=[("One", "A revised chapter. " * 20)],
    )
    report = texts_import(
        sources=[Source(name="one.epub", data=revised)], library=library
    )
    assert report.updated == 1, report.lines
    assert sorted(TextPage.objects.values_list("title", flat=True)) == [
        "The Ragged Trousered",
        "Women and the Union (revised)",
    ]


def test_the_unique_identifier_is_the_key_and_without_one_the_bytes_are():
    keyed = parse_document(name="a.epub", data=epub_bytes())
    assert keyed.key == "id:urn:uuid:1"  # the package's unique-identifier, not the ISBN
    isbn_only = parse_document(name="a.epub", data=epub_bytes(identifier=""))
    assert isbn_only.key == "id:isbn-not-the-key"
    bare = [
        parse_document(
            name=f"{n}.epub", data=epub_bytes(title=n, identifier="", isbn=False)
        )
        for n in ("One", "Two")
    ]
    assert bare[0].key != bare[1].key
    assert all(p.key.startswith("epub-sha256:") for p in bare)
