"""EPUB: the spine's XHTML documents in reading order, each split like HTML."""

import io
import posixpath
import warnings
import zipfile
import zlib

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from .limits import LimitError, archive_check, limit
from .markup import html_sections
from .pages import page_list_targets


class EpubError(ValueError):
    pass


def _xml(data: bytes) -> BeautifulSoup:
    # html.parser never fetches or expands external entities; it reads the
    # few package tags we need well enough.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(data, "html.parser")


def _identifier(opf: BeautifulSoup) -> str:
    """The package's unique identifier, or failing that its first dc:identifier."""
    package = opf.find("package")
    wanted = package.get("unique-identifier") if package else None
    nodes = opf.find_all("dc:identifier")
    chosen = next((n for n in nodes if wanted and n.get("id") == wanted), None)
    chosen = chosen or (nodes[0] if nodes else None)
    return chosen.get_text(" ", strip=True) if chosen else ""


def epub_read(*, data: bytes) -> tuple[dict, list[tuple[str, str, int]]]:
    """(metadata in our sidecar keys, sections) from an EPUB file."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        archive_check(archive=archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as error:
        raise EpubError("not a valid EPUB (zip) file") from error
    except LimitError as error:
        raise EpubError(str(error)) from error
    try:
        return _package_read(archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise EpubError(f"the EPUB is damaged ({error})") from error


def _package_read(archive: zipfile.ZipFile) -> tuple[dict, list[tuple[str, str, int]]]:
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
        "identifier": _identifier(opf),
    }
    manifest = {
        item.get("id"): item.get("href")
        for item in opf.find_all("item")
        if "html" in (item.get("media-type") or "")
    }
    itemrefs = opf.find_all("itemref")
    if len(itemrefs) > limit("MAX_SECTIONS"):
        raise EpubError(
            f"the EPUB has more than {limit('MAX_SECTIONS'):,} documents in its spine"
        )
    targets = _page_targets(archive, opf, base)
    sections = []
    for ref in itemrefs:
        href = manifest.get(ref.get("idref"))
        if not href or ref.get("linear") == "no":
            continue
        try:
            document = archive.read(posixpath.normpath(posixpath.join(base, href)))
        except KeyError:
            continue
        doc_title, parts = html_sections(
            text=document.decode("utf-8", errors="replace"),
            fallback_title="",
            page_targets=targets.get(posixpath.normpath(posixpath.join(base, href))),
        )
        for title, body, words in parts:
            title = title if title and title != "Opening pages" else doc_title
            sections.append((title or f"Part {len(sections) + 1}", body, words))
    return meta, sections


def _page_targets(archive, opf, base: str) -> dict[str, dict[str, str]]:
    """The nav document's page list: {document path: {element id: page label}}."""
    nav = next(
        (
            item.get("href")
            for item in opf.find_all("item")
            if "nav" in (item.get("properties") or "").split()
        ),
        None,
    )
    if not nav:
        return {}
    nav_path = posixpath.normpath(posixpath.join(base, nav))
    try:
        nav_html = archive.read(nav_path).decode("utf-8", errors="replace")
    except KeyError:
        return {}
    nav_dir = posixpath.dirname(nav_path)
    return {
        posixpath.normpath(posixpath.join(nav_dir, document))
        if document
        else nav_path: ids
        for document, ids in page_list_targets(nav_html=nav_html).items()
    }
