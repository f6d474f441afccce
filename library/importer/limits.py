"""Limits on one imported file, checked before the expensive work.

A small upload must not be able to hold a worker: a YAML sidecar of nested
aliases expands to billions of values, a small EPUB can unpack to gigabytes
of HTML, and every section becomes a row and a search document. Each check
raises ``LimitError`` with the one-line reason the importer reports; the
figures are the ``LIBRARY_IMPORT_LIMITS`` setting, read when used.
"""

import zipfile

import yaml
from django.conf import settings

# Document types inside an EPUB that the importer parses (never images or fonts).
MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".opf", ".ncx")


class LimitError(ValueError):
    """A file over one of the import limits; the message is the reason shown."""


def limit(name: str) -> int:
    return int(settings.LIBRARY_IMPORT_LIMITS[name])


def _mb(value: int) -> str:
    return f"{value / (1024 * 1024):g} MB"


def bytes_check(
    *, data: bytes, what: str = "the file", name: str = "MAX_BYTES"
) -> None:
    size_check(size=len(data), what=what, name=name)


def size_check(*, size: int, what: str = "the file", name: str = "MAX_BYTES") -> None:
    if size > limit(name):
        raise LimitError(f"{what} is larger than {_mb(limit(name))}")


def yaml_nodes_check(node) -> None:
    """Refuse a YAML document whose aliases would expand beyond the node cap.

    Counted on the composed node graph, each shared node once per use, with a
    memo so the count itself stays cheap; a node that contains itself is
    refused outright.
    """
    cap = limit("MAX_YAML_NODES")
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in visiting:
            raise LimitError("the metadata refers to itself (a recursive YAML alias)")
        visiting.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > cap:
                raise LimitError(
                    f"the metadata expands to more than {cap:,} values (YAML aliases)"
                )
        visiting.discard(key)
        sizes[key] = total
        return total

    size(node)


def archive_check(*, archive: zipfile.ZipFile) -> None:
    """File count, unpacked size and compression ratio, from the zip directory.

    The sizes an entry declares bound what reading it can produce (zipfile
    stops at the declared size and checks the CRC), so checking them before
    reading anything is enough.
    """
    entries = archive.infolist()
    if len(entries) > limit("MAX_ARCHIVE_FILES"):
        raise LimitError(
            f"the EPUB holds more than {limit('MAX_ARCHIVE_FILES'):,} files"
        )
    unpacked = sum(e.file_size for e in entries)
    if unpacked > limit("MAX_UNPACKED_BYTES"):
        raise LimitError(
            f"the EPUB unpacks to more than {_mb(limit('MAX_UNPACKED_BYTES'))}"
        )
    markup = [e for e in entries if e.filename.lower().endswith(MARKUP_SUFFIXES)]
    text_bytes = sum(e.file_size for e in markup)
    if text_bytes > limit("MAX_BYTES"):
        raise LimitError(
            f"the EPUB's text unpacks to more than {_mb(limit('MAX_BYTES'))}"
        )
    packed = sum(e.compress_size for e in markup)
    ratio = limit("MAX_COMPRESSION_RATIO")
    # Small files compress oddly (headers, padding); only large ones can bomb.
    if text_bytes > 1024 * 1024 and text_bytes > ratio * max(packed, 1):
        raise LimitError(
            f"the EPUB's text is compressed more than {ratio} to 1 (a zip bomb?)"
        )


def sections_check(*, sections) -> None:
    """Section count and the length of each, before anything is written."""
    if len(sections) > limit("MAX_SECTIONS"):
        raise LimitError(
            f"the file has more than {limit('MAX_SECTIONS'):,} sections "
            f"({len(sections):,}); split it into several texts"
        )
    longest = limit("MAX_SECTION_CHARS")
    for title, body, _words in sections:
        if len(body) > longest:
            raise LimitError(
                f"the section “{title[:60]}” is longer than {longest:,} characters; "
                "add headings to split it"
            )
