"""One file (and its sidecar) in, one ``ParsedText`` out."""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.text import slugify

from .decoding import text_decode
from .epub import EpubError, epub_read
from .gutenberg import gutenberg_split
from .limits import LimitError, bytes_check, sections_check
from .markup import html_sections, markdown_sections
from .metadata import metadata_normalise, name_split, sidecar_load
from .paragraphs import sidecar_pages_apply
from .plaintext import plaintext_sections

TEXT_SUFFIXES = {
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xhtml",
    ".epub",
}
SIDECAR_SUFFIXES = (".yaml", ".yml", ".json")


class ImportError_(Exception):  # noqa: N801 - not the builtin ImportError
    """A file we can't import; the message is the one-line reason shown."""


@dataclass
class ParsedAuthor:
    name: str
    sort_name: str = ""
    birth_year: int | None = None
    death_year: int | None = None
    bio: str = ""


@dataclass
class ParsedSection:
    title: str
    body: str  # rich text HTML
    words: int


@dataclass
class ParsedText:
    title: str
    key: str
    content_hash: str
    sections: list[ParsedSection]
    authors: list[ParsedAuthor] = field(default_factory=list)
    year: int | None = None
    date: datetime.date | None = None
    summary: str = ""
    source: str = ""
    source_url: str = ""
    rights: str = ""
    language: str = ""
    tags: list[str] = field(default_factory=list)
    reading_level: str = ""

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sections)


def _front_matter(text: str) -> tuple[str, dict]:
    match = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    if not match:
        return text, {}
    try:
        meta = sidecar_load(data=match.group(1), name="front-matter.yaml")
    except LimitError as error:
        raise ImportError_(f"front matter: {error}") from error
    except Exception:  # noqa: BLE001 - not front matter after all
        return text, {}
    return text[match.end() :], meta


def parse_document(
    *, name: str, data: bytes, sidecar: bytes | None = None, sidecar_name: str = ""
) -> ParsedText:
    """Decode and structure one file. Raises ImportError_ with a reason.

    Every limit (``limits.py``) is checked before the work it protects: sizes
    before decoding, the YAML node count before building values, an archive's
    directory before unpacking, sections before anything is written.
    """
    try:
        return _parse(name=name, data=data, sidecar=sidecar, sidecar_name=sidecar_name)
    except LimitError as error:
        raise ImportError_(str(error)) from error


def _parse(*, name: str, data: bytes, sidecar: bytes | None, sidecar_name: str):
    suffix = PurePath(name).suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise ImportError_(
            f"unsupported file type {suffix or '(none)'}; use .txt, .md, .html or .epub"
        )
    if not data.strip():
        raise ImportError_("the file is empty")
    bytes_check(data=data)
    if sidecar is not None:
        bytes_check(
            data=sidecar, what=f"metadata file {sidecar_name}", name="MAX_SIDECAR_BYTES"
        )
    if (
        suffix != ".epub"
        and b"\x00" in data[:4096]
        and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        raise ImportError_("this looks like a binary file, not text")

    meta = {}
    if sidecar is not None:
        try:
            meta = sidecar_load(data=text_decode(data=sidecar), name=sidecar_name)
        except LimitError as error:
            raise ImportError_(f"metadata file {sidecar_name}: {error}") from error
        except Exception as error:  # noqa: BLE001 - reported as the file's reason
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise ImportError_(
                f"unreadable metadata file {sidecar_name}: {reason}"
            ) from error

    text = text_decode(data=data) if suffix != ".epub" else ""
    stem = PurePath(name).stem
    fallback_title = (
        stem.replace("_", " ").replace("-", " ").strip().capitalize() or "Untitled"
    )
    header = {}
    if suffix == ".epub":
        try:
            epub_meta, sections = epub_read(data=data)
        except EpubError as error:
            raise ImportError_(str(error)) from error
        epub_meta = metadata_normalise(raw={k: v for k, v in epub_meta.items() if v})
        meta = {**epub_meta, **{k: v for k, v in meta.items() if v}}
        doc_title = meta.get("title", "")
    elif suffix in {".md", ".markdown"}:
        text, front = _front_matter(text)
        meta = {**front, **{k: v for k, v in meta.items() if v}}
        doc_title, sections = markdown_sections(
            text=text, fallback_title=fallback_title
        )
    elif suffix in {".html", ".htm", ".xhtml"}:
        doc_title, sections = html_sections(text=text, fallback_title=fallback_title)
    else:
        split = gutenberg_split(text=text)
        if split is not None:
            text, header = split
        doc_title = header.get("title", "")
        sections = plaintext_sections(
            text=text, fallback_title=meta.get("title") or doc_title or fallback_title
        )
    if not sections:
        raise ImportError_("no readable text found in the file")
    sections_check(sections=sections)
    if meta.get("pages"):
        bodies = sidecar_pages_apply(
            bodies=[body for _t, body, _w in sections], pages=meta["pages"]
        )
        sections = [(t, b, w) for (t, _b, w), b in zip(sections, bodies, strict=True)]

    title = meta.get("title") or doc_title or fallback_title
    authors = [ParsedAuthor(**a) for a in meta.get("authors") or []]
    if not authors and header.get("author"):
        for part in re.split(r"\s+and\s+|;\s*", header["author"]):
            name_, sort_name = name_split(value=part)
            if name_:
                authors.append(ParsedAuthor(name=name_, sort_name=sort_name))
    raw_hash = hashlib.sha256(data + (sidecar or b"")).hexdigest()
    key = meta.get("key") or header.get("key") or ""
    if not key and suffix == ".epub":
        # An EPUB without an identifier is known by its bytes (its text is
        # not decoded here: hashing it would give every such EPUB one key).
        key = "epub-sha256:" + hashlib.sha256(data).hexdigest()[:40]
    elif not key:
        key = "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:40]
    return ParsedText(
        title=" ".join(title.split())[:255],
        key=key[:120],
        content_hash=raw_hash,
        sections=[ParsedSection(title=t, body=b, words=w) for t, b, w in sections],
        authors=authors,
        year=meta.get("year"),
        date=meta.get("date"),
        summary=meta.get("summary", ""),
        source=(meta.get("source") or header.get("source", ""))[:255],
        source_url=(meta.get("source_url") or header.get("source_url", ""))[:500],
        rights=meta.get("rights") or header.get("rights", ""),
        language=(meta.get("language") or _language(header.get("language", "")))[:20],
        tags=meta.get("tags") or [],
        reading_level=meta.get("reading_level", ""),
    )


def _language(value: str) -> str:
    return {"english": "en", "french": "fr", "german": "de", "spanish": "es"}.get(
        value.strip().lower(), slugify(value)[:20]
    )


__all__ = ["ImportError_", "ParsedText", "metadata_normalise", "parse_document"]
