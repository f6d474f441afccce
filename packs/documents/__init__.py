"""What goes into a pack: the source (a module, a course or a session) and the
context the print templates lay out. Reads only; the rendering is in services.

``sources`` names what a pack is printed from, ``parts`` lays a module out as
items, ``readings`` prints library texts (each section once), ``plan`` makes
the facilitator's session plan, ``links`` the printed addresses and QR codes,
and ``context`` puts them together for ``templates/packs/pack.html``."""

from .context import (
    pack_context,
    session_details,
    session_expected_members,
    session_library_readings,
)
from .parts import PackItem, PackPart
from .readings import WHOLE_TEXT_MAX_WORDS, print_once, reading_sections
from .sources import (
    PackSource,
    PackSourceError,
    pack_ref,
    pack_source,
    pack_source_from_ref,
    session_model,
)

__all__ = [
    "WHOLE_TEXT_MAX_WORDS",
    "PackItem",
    "PackPart",
    "PackSource",
    "PackSourceError",
    "pack_context",
    "pack_ref",
    "pack_source",
    "pack_source_from_ref",
    "print_once",
    "reading_sections",
    "session_details",
    "session_expected_members",
    "session_library_readings",
    "session_model",
]
