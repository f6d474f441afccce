"""Print what you read: a library text, a chapter or a cited range as a
clear- or large-print PDF, through the packs machinery (a ``PackFile`` made by
the worker, cached until the text changes).

A ``ReadingPrint`` row names what is printed (text, section, range) so that a
``PackFile`` can point at it (``source_kind="reading"``, ``source_id`` its id):
packs of different ranges of one text never supersede one another. What a
citation means is ``library.citations``'; this module only lays it out, with
the same paragraph numbers and original page turns as the web.
"""

import hashlib
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from wagtail.rich_text import expand_db_html

from library.citations import (
    Citation,
    citation_errors,
    citation_paragraphs,
    citation_resolve,
    page_turns,
)
from library.importer.pages import MARK

from .documents import PackSource, PackSourceError
from .options import PackOptions, PackOptionsError
from .reading_models import ReadingPrint
from .safety import sanitise_html

# A reading printed whole stops here: past it, print a chapter or a range.
READING_MAX_WORDS = 120_000


@dataclass
class ReadingPackSource(PackSource):
    """A ``PackSource`` for a reading: ``obj`` is its ``ReadingPrint``."""

    @property
    def citation(self) -> Citation:
        if not hasattr(self, "_citation"):
            self._citation = self.obj.citation
        return self._citation

    @property
    def title(self) -> str:
        label = self.citation.label
        return f"{self.obj.text.title}, {label}" if label else self.obj.text.title

    @property
    def module_pages(self) -> list:
        return []

    @property
    def course(self):
        return None

    def revision(self, options: PackOptions) -> str:
        text = self.obj.text
        marker = text.live_revision_id or text.latest_revision_id or "u"
        return hashlib.sha256(f"t{text.pk}@{marker}".encode()).hexdigest()[:16]


def reading_source(*, text, section="", kind="", start="", end="") -> ReadingPackSource:
    """The source for printing ``text`` (or its section or range); raises
    ``PackSourceError`` with the reason a reader reads if it cannot be printed."""
    if not text.live:
        raise PackSourceError("This text is not published in the library.")
    errors = citation_errors(
        text=text, section=section, kind=kind, start=start, end=end
    )
    if errors:
        raise PackSourceError(" ".join(errors.values()))
    end = end or start if kind else ""
    row, _created = ReadingPrint.objects.get_or_create(
        text=text,
        section=section or "",
        kind=kind or "",
        start=start or "",
        end=end or "",
    )
    source = ReadingPackSource(kind="reading", obj=row)
    if not row.section and not row.kind and text.word_count > READING_MAX_WORDS:
        raise PackSourceError(
            f"“{text.title}” is too long to print whole: print a chapter or a range."
        )
    return source


def reading_source_from_id(pk: int) -> ReadingPackSource:
    row = ReadingPrint.objects.select_related("text").filter(pk=pk).first()
    if row is None:
        raise PackSourceError(f"No printed reading {pk}.")
    return ReadingPackSource(kind="reading", obj=row)


def reading_options(query) -> PackOptions:
    """Clear or large print, never a facilitator's edition nor a booklet."""
    options = PackOptions(size=query.get("size") or "clear")
    if query.get("edition") not in (None, "", "learner") or query.get("booklet"):
        raise PackOptionsError("A reading prints in clear or large print only.")
    return options


def _page_turns(html: str) -> str:
    return MARK.sub(
        lambda m: (
            '<span class="page-turn">original page '
            f'<span class="page-turn__n">{m.group(1)}</span></span>'
        ),
        html,
    )


def _numbered(paragraph) -> str:
    """The paragraph with its number opening its first line (hung in the
    margin), so it is read, extracted and tagged before the words it numbers."""
    html = _page_turns(paragraph.html)
    if paragraph.number is None:
        return html
    number = paragraph.number
    label = (
        f'<span class="para-number" aria-label="paragraph {number}">{number}</span> '
    )
    return re.sub(r"^(<[^>]+>)", lambda m: m.group(1) + label, html, count=1)


def reading_context(*, source: ReadingPackSource, options: PackOptions) -> dict:
    citation = source.citation
    text = source.obj.text
    paragraphs = citation_paragraphs(citation=citation)
    sections, current = [], None
    titles = dict(text.sections.values_list("pk", "title"))
    for paragraph in paragraphs:
        if current is None or current["pk"] != paragraph.section_id:
            current = {
                "pk": paragraph.section_id,
                "title": titles.get(paragraph.section_id, ""),
                "paragraphs": [],
            }
            sections.append(current)
        current["paragraphs"].append(
            {
                "number": paragraph.number,
                "html": _numbered(paragraph),
                "page": paragraph.page,
            }
        )
    first = paragraphs[0] if paragraphs else None
    return {
        "title": source.title,
        "text": text,
        "authors": ", ".join(a.name for a in text.authors.all()),
        "citation": citation,
        "sections": sections,
        "options": options,
        "large_print": options.large,
        "paged": bool(page_turns(text=text)),
        "opening_page": first.page if first is not None else "",
        "url": _full_url(text=text, url=citation.url),
    }


def _full_url(*, text, url: str) -> str:
    """The citation's address with the site's own root, for the printed page."""
    base, full = text.url or "", text.full_url or ""
    if url and base and full and url.startswith(base):
        return full + url[len(base) :]
    return url


def reading_html(*, source: ReadingPackSource, options: PackOptions) -> str:
    html = render_to_string(
        "packs/reading_pack.html", reading_context(source=source, options=options)
    )
    return sanitise_html(html)


def reading_print_links(*, text, section=None) -> list[dict]:
    """The library page's "print this" links (``register_text_print_links``)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from library.citations import section_value

    if section is None and text.word_count > READING_MAX_WORDS:
        return []
    url = reverse("packs:reading_print", args=[text.pk])
    query = {"section": section_value(section)} if section is not None else {}
    return [
        {"label": label, "url": f"{url}?{urlencode({**query, 'size': size})}"}
        for size, label in (
            ("clear", "clear print (PDF)"),
            ("large", "large print (PDF)"),
        )
    ]


def cited_sections(*, value, whole_text_max_words: int) -> list[dict]:
    """For ``documents.reading_sections``: each cited section's heading,
    reference and numbered HTML; nothing for a citation that no longer
    resolves, nor for a whole text longer than ``whole_text_max_words``."""
    from django.utils.safestring import mark_safe

    text = value.get("text") if hasattr(value, "get") else None
    if not text:
        return []
    text = getattr(text, "specific", text)
    citation = citation_resolve(
        text=text,
        section=value.get("section") or "",
        section_id=value.get("section_id"),
        kind=value.get("cite") or "",
        start=value.get("cite_from") or "",
        end=value.get("cite_to") or "",
    )
    if citation.problem or (
        citation.section is None
        and not citation.kind
        and text.word_count > whole_text_max_words
    ):
        return []
    grouped: dict[int, list] = {}
    for paragraph in citation_paragraphs(citation=citation):
        grouped.setdefault(paragraph.section_id, []).append(paragraph)
    titles = dict(text.sections.values_list("pk", "title"))
    pages = value.get("pages")
    found = []
    for section_id, paragraphs in grouped.items():
        reference = ", ".join(
            part
            for part in (text.title, titles.get(section_id, ""), citation.range_label)
            if part
        )
        if pages and citation.section is not None:
            reference += f", pages {pages}"
        body = "".join(
            f'<div class="para">{_numbered(p)}</div>' if p.number else _numbered(p)
            for p in paragraphs
        )
        found.append(
            {
                # What makes two citations print the same words
                # (``documents.readings.print_once``): the section and the range.
                "key": (text.pk, section_id, citation.kind, citation.start, citation.end),
                "heading": titles.get(section_id, ""),
                "reference": reference,
                # Sanitised with the whole document before WeasyPrint sees it.
                "html": mark_safe(expand_db_html(body)),  # noqa: S308
            }
        )
    return found
