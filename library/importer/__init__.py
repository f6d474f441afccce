"""Turning files into texts: decoding, metadata and chapter detection.

Nothing here touches the database; ``library.services.texts_import`` does the
writing. ``parse_document`` is the one entry point.
"""

from .document import (
    ImportError_,
    ParsedAuthor,
    ParsedSection,
    ParsedText,
    parse_document,
)

__all__ = [
    "ImportError_",
    "ParsedAuthor",
    "ParsedSection",
    "ParsedText",
    "parse_document",
]
