"""The library text a reading prints in full, and printing each section once."""

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from library.models import TextSection

# A reading with no section chosen is printed whole only up to this length;
# a whole book is left to the library online.
WHOLE_TEXT_MAX_WORDS = 15_000


def reading_sections(value) -> list[dict]:
    """The library sections a reading cites, for printing in full, each with
    its original chapter (and the cited pages) so a reader can follow "page 12".

    ``value`` is a module's reading block, or a session's library reading
    (``sessions.library_readings``), which names its section by ``section_id``."""
    text_page = value.get("text") if hasattr(value, "get") else None
    if not text_page:
        return []
    text_page = getattr(text_page, "specific", text_page)
    sections = TextSection.objects.filter(page_id=text_page.pk).order_by("sort_order")
    section_id = value.get("section_id")
    if section_id:
        sections = sections.filter(pk=section_id)
    sections = list(sections)
    wanted = "" if section_id else (value.get("section") or "").strip().lower()
    if wanted:
        sections = [
            s
            for s in sections
            if wanted in {s.title.strip().lower(), (s.anchor or "").lower()}
        ]
    elif not section_id and (
        sum(s.word_count or len(strip_tags(s.body).split()) for s in sections)
        > WHOLE_TEXT_MAX_WORDS
    ):
        return []
    pages = value.get("pages")
    found = []
    for section in sections:
        reference = f"{text_page.title}, {section.title}"
        if pages and (wanted or section_id):
            reference += f", pages {pages}"
        found.append(
            {
                # What makes two citations print the same words (see ``print_once``).
                "key": (text_page.pk, section.pk),
                "heading": section.title,
                "reference": reference,
                # Sanitised with the whole document before WeasyPrint sees it.
                "html": mark_safe(expand_db_html(section.body)),  # noqa: S308
            }
        )
    return found


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
