"""The library text a reading prints in full, and printing each section once."""



# A reading with no section chosen is printed whole only up to this length;
# a whole book is left to the library online.
WHOLE_TEXT_MAX_WORDS = 15_000


def reading_sections(value) -> list[dict]:
    """The library sections a reading cites, printed as cited (a section, a
    paragraph or page range: ``library.citations``), numbered as on the web,
    each with its reference so a reader can follow "page 12".

    ``value`` is a module's reading block, or a session's library reading
    (``sessions.library_readings``), which names its section by ``section_id``."""
    from ..readings import cited_sections  # readings imports this package

    return cited_sections(value=value, whole_text_max_words=WHOLE_TEXT_MAX_WORDS)


def print_once(*, sections: list[dict], printed: dict, anchor: str) -> list[dict]:
    """``sections`` with those already in ``printed`` (key -> the anchor of the
    reading that prints them) left as a reference to that place; the others
    are recorded as printed at ``anchor``. A reading cited by the module and
    by the session (or by two modules of a course) prints once, where it first
    comes, and the later citation says on which page."""
    kept = []
    for section in sections:
        key = section.get("key")
        if key is not None and key in printed:
            kept.append({**section, "html": "", "printed_at": printed[key]})
            continue
        if key is not None:
            printed[key] = anchor
        kept.append(section)
    return kept
