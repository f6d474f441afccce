"""EPUB: the spine's XHTML documents in reading order, each split like HTML."""

import io
import posixpath
import warnings
import zipfile

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from .markup import html_sections

MAX_UNZIPPED = 100 * 1024 * 1024


class EpubError(ValueError):
    pass


def _xml(data: bytes) -> BeautifulSoup:
    # html.parser never fetches or expands external entities; it reads the
    # few package tags we need well enough.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(data, "html.parser")


def epub_read(*, data: bytes) -> tuple[dict, list[tuple[str, str, int]]]:
    """(metadata in our sidecar keys, sections) from an EPUB file."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise EpubError("not a valid EPUB (zip) file") from error
    if sum(i.file_size for i in archive.infolist()) > MAX_UNZIPPED:
        raise EpubError("the EPUB unpacks to more than 100 MB")
    try:
        container = _xml(archive.read("META-INF/container.xml"))
        rootfile = container.find("rootfile")["full-path"]
        opf = _xml(archive.read(rootfile))
    except (KeyError, TypeError) as error:
        raise EpubError("the EPUB has no readable package file") from error
    base = posixpath.dirname(rootfile)

    def text(tag: str) -> str:
        node = opf.find(tag)
        return node.get_text(" ", strip=True) if node else ""

    meta = {
        "title": text("dc:title"),
        "authors": [n.get_text(" ", strip=True) for n in opf.find_all("dc:creator")],
        "date": text("dc:date"),
        "rights": text("dc:rights"),
        "language": text("dc:language"),
        "source": text("dc:publisher"),
        "summary": BeautifulSoup(text("dc:description"), "html.parser").get_text(
            " ", strip=True
        ),
        "tags": [n.get_text(" ", strip=True) for n in opf.find_all("dc:subject")],
    }
    manifest = {
        item.get("id"): item.get("href")
        for item in opf.find_all("item")
        if "html" in (item.get("media-type") or "")
    }
    sections = []
    for ref in opf.find_all("itemref"):
        href = manifest.get(ref.get("idref"))
        if not href or ref.get("linear") == "no":
            continue
        try:
            document = archive.read(posixpath.normpath(posixpath.join(base, href)))
        except KeyError:
            continue
        doc_title, parts = html_sections(
            text=document.decode("utf-8", errors="replace"), fallback_title=""
        )
        for title, body, words in parts:
            title = title if title and title != "Opening pages" else doc_title
            sections.append((title or f"Part {len(sections) + 1}", body, words))
    return meta, sections
