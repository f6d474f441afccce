"""Reading real-world files: encodings, line endings, Gutenberg wrappers, chapters."""

from pathlib import Path

import pytest

from library.importer import ImportError_, parse_document
from library.importer.decoding import text_decode
from library.importer.metadata import sidecar_load

FILES = Path(__file__).parent / "files"


def parse(name: str):
    path = FILES / name
    sidecar = next(
        (
            path.with_suffix(s)
            for s in (".yaml", ".yml", ".json")
            if path.with_suffix(s).exists()
        ),
        None,
    )
    return parse_document(
        name=name,
        data=path.read_bytes(),
        sidecar=sidecar.read_bytes() if sidecar else None,
        sidecar_name=sidecar.name if sidecar else "",
    )


def all_text(parsed) -> str:
    return " ".join(s.title + " " + s.body for s in parsed.sections)


def test_utf8_bom_crlf_gutenberg_file_loses_licence_but_keeps_rights():
    parsed = parse("branch_handbook.txt")

    assert parsed.title == "The Branch Handbook"
    assert parsed.key == "gutenberg:99901"
    assert [a.name for a in parsed.authors] == ["Mary Macarthur"]
    assert parsed.rights.startswith("This eBook is for the use of anyone anywhere")
    text = all_text(parsed)
    assert "\ufeff" not in text and "\r" not in text
    assert "LICENCE-FOOTER-TEXT" not in text
    assert "Project Gutenberg" not in text
    assert "Produced by" not in text
    assert "“naïve”" in text and "<i>italic</i>" in text


def test_chapter_headings_become_sections_and_the_contents_list_does_not():
    parsed = parse("branch_handbook.txt")

    assert [s.title for s in parsed.sections] == [
        "Chapter I: Calling a Meeting",
        "Chapter II: Keeping the Minutes",
        "Chapter III: The Treasurer’s Duties",
    ]
    assert "Quorum sentence number 0" in parsed.sections[0].body
    assert "zebrafish" in parsed.sections[2].body


def test_latin1_file_with_a_simple_yaml_sidecar():
    parsed = parse("cooperative_cafe.txt")

    assert parsed.title == "Notes on the Co-operative Café"
    text = all_text(parsed)
    assert (
        "société coopérative paid £3" in text and "Müller" in text and "García" in text
    )
    assert [s.title for s in parsed.sections] == ["Part I", "Part II"]
    assert [a.name for a in parsed.authors] == ["Ada Winstanley"]
    assert parsed.year == 1934
    assert parsed.tags == ["Co-operatives", "Food"]
    assert parsed.reading_level == "accessible"
    assert parsed.rights.startswith("Copyright the author's estate")


def test_gutenberg_metadata_yaml_with_custom_tags():
    parsed = parse("pg99902.txt")

    assert parsed.key == "gutenberg:99902"
    assert [
        (a.name, a.sort_name, a.birth_year, a.death_year) for a in parsed.authors
    ] == [
        ("Gerrard Winstanley", "Winstanley, Gerrard", 1609, 1676),
        ("Annie Besant", "Besant, Annie", 1847, 1933),
    ]
    assert parsed.tags == [
        "Reading circles",
        "Adult education",
    ]  # no LCC codes, no GITenberg
    assert parsed.year == 1891  # "first published in 1891" in the description
    assert parsed.rights == "Public domain in the USA."
    assert [s.title for s in parsed.sections] == ["Chapter 1", "Chapter 2"]
    assert "LICENCE-FOOTER-TEXT" not in all_text(parsed)


def test_markdown_chapters_and_inline_markup():
    parsed = parse("organising_notes.md")

    assert parsed.title == "Organising Notes"
    assert [s.title for s in parsed.sections] == [
        "Opening pages",
        "One-to-one conversations",
        "Building a committee",
    ]
    body = parsed.sections[1].body
    assert "<b>carefully</b>" in body and "<i>slowly</i>" in body
    assert '<a href="https://example.org/guide">the guide</a>' in body
    assert "<ul><li>Ask open questions</li>" in body
    assert (
        "<blockquote>Nothing about us without us.</blockquote>"
        in parsed.sections[2].body
    )
    assert "<ol><li>Find a chair</li>" in parsed.sections[2].body


def test_html_is_split_at_its_headings_and_cleaned():
    parsed = parse("speech_collection.html")

    assert parsed.title == "Speeches for the Picket Line"
    assert [s.title for s in parsed.sections] == [
        "The First Speech",
        "The Second Speech",
    ]
    text = all_text(parsed)
    assert "alert" not in text and "javascript" not in text and "onclick" not in text
    assert "Skip this navigation" not in text and "color: red" not in text
    assert "<i>together</i>" in text and "<b>strength</b>" in text
    assert "<ul><li>Bread</li><li>Roses</li></ul>" in parsed.sections[1].body


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("picture.png", b"\x89PNG....", "unsupported file type .png"),
        ("binary.txt", b"\x00\x01\x02" * 100, "binary file"),
    ],
)
def test_bad_files_give_a_one_line_reason(name, data, reason):
    with pytest.raises(ImportError_) as error:
        parse_document(name=name, data=data)
    assert reason in str(error.value)
    assert "\n" not in str(error.value)


def test_broken_sidecar_gives_a_one_line_reason():
    with pytest.raises(ImportError_) as error:
        parse("broken_meta.txt")
    assert str(error.value).startswith("unreadable metadata file broken_meta.yaml")
    assert "\n" not in str(error.value)


def test_decoding_cp1252_curly_quotes_and_utf16():
    assert (
        text_decode(data="“Bread and roses”\r\n".encode("cp1252"))
        == "“Bread and roses”\n"
    )
    assert text_decode(data="Grève\n".encode("utf-16")) == "Grève\n"
    assert text_decode(data=b"old\rmac\r") == "old\nmac\n"


def test_json_sidecar():
    meta = sidecar_load(
        data='{"title": "Minutes", "authors": ["Tom Mann"], "date": "1889-08-14", "tags": "Dock strike, London"}',
        name="minutes.json",
    )
    assert meta["title"] == "Minutes"
    assert meta["authors"][0]["sort_name"] == "Mann, Tom"
    assert meta["date"].isoformat() == "1889-08-14" and meta["year"] == 1889
    assert meta["tags"] == ["Dock strike", "London"]


def test_a_long_text_without_headings_is_cut_into_parts():
    words = ("word " * 50 + "\n\n") * 600  # 30,000 words, no headings
    parsed = parse_document(name="long.txt", data=words.encode())
    assert len(parsed.sections) >= 3
    assert all(s.words <= 12_000 for s in parsed.sections)
    assert parsed.words == 30_000


def make_epub(path):
    import zipfile

    chapter = (
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{t}</title></head>'
        "<body><h2>{t}</h2><p>{body}</p></body></html>"
    )
    with zipfile.ZipFile(path, "w") as epub:
        epub.writestr("mimetype", "application/epub+zip")
        epub.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        epub.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<metadata><dc:title>Women and the Union</dc:title>"
            "<dc:creator>Mary Macarthur</dc:creator><dc:date>1908-03-01</dc:date>"
            "<dc:rights>Public domain.</dc:rights><dc:subject>Trade unions</dc:subject>"
            "</metadata><manifest>"
            '<item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/>'
            '<item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>'
            '</manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>',
        )
        epub.writestr(
            "OEBPS/text/one.xhtml",
            chapter.format(t="Why Organise", body="Organise the sweated trades. " * 10),
        )
        epub.writestr(
            "OEBPS/text/two.xhtml",
            chapter.format(t="The Minimum Wage", body="A living wage for all. " * 10),
        )


def test_epub_chapters_follow_the_spine_and_metadata_comes_from_the_package(tmp_path):
    path = tmp_path / "women.epub"
    make_epub(path)
    parsed = parse_document(name=path.name, data=path.read_bytes())

    assert parsed.title == "Women and the Union"
    assert [a.name for a in parsed.authors] == ["Mary Macarthur"]
    assert parsed.year == 1908 and parsed.rights == "Public domain."
    assert parsed.tags == ["Trade unions"]
    assert [s.title for s in parsed.sections] == ["Why Organise", "The Minimum Wage"]
    assert "sweated trades" in parsed.sections[0].body


def test_a_broken_epub_is_refused_in_one_line():
    with pytest.raises(ImportError_, match="not a valid EPUB"):
        parse_document(name="broken.epub", data=b"PK\x03\x04 this is not a zip")
