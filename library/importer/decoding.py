"""Bytes from real files to clean text: BOMs, legacy encodings, line endings."""

import codecs
import re

from charset_normalizer import from_bytes

_DECLARED = re.compile(
    rb"(?:character set encoding|charset)\s*[:=]\s*[\"']?([-\w]+)", re.IGNORECASE
)


def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def text_decode(*, data: bytes) -> str:
    """Decode, trusting in order: a BOM, UTF-8, a declared charset, detection."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _normalise(data[len(bom) :].decode(encoding, errors="replace"))
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = _DECLARED.search(data[:5000])
    encoding = _known(declared.group(1).decode("ascii", "ignore")) if declared else None
    if encoding and encoding not in {"utf-8", "ascii"}:
        if encoding == "latin-1" or encoding == "iso8859-1":
            encoding = (
                "cp1252"  # a superset in practice: curly quotes in "Latin-1" files
            )
        try:
            return _normalise(data.decode(encoding))
        except UnicodeDecodeError:
            pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return _normalise(data.decode(best.encoding))
        except (UnicodeDecodeError, LookupError):
            pass
    return _normalise(data.decode("cp1252", errors="replace"))


def _normalise(text: str) -> str:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "")
