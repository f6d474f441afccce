"""Citing a library text precisely: a section, and a paragraph or page range.

One owner for what a citation means. A module's reading block (``courses``)
and a session's library reading (``branches``) store the same four things,
the text, the section (``"<text id>:<anchor>"``, chosen from
``section_choices``), the kind of range and its two ends, and ask this module
whether they are valid (``citation_errors``), what they cite
(``citation_resolve``) and which paragraphs to print (``citation_paragraphs``).
"""

from dataclasses import dataclass

from .importer.pages import MARK
from .models import TextPage, TextSection
from .reading import paragraph_url
from .reading_models import TextParagraph

KINDS = [
    ("", "The whole section (or text)"),
    ("paragraphs", "Paragraphs"),
    ("pages", "Original pages"),
]


def section_choices() -> list:
    """The sections of the library's live texts, one group per text."""
    groups: dict[int, tuple[str, list]] = {}
    rows = (
        TextSection.objects.filter(page__live=True)
        .order_by("page__title", "page_id", "sort_order", "pk")
        .values_list("page_id", "page__title", "anchor", "title")
    )
    for page_id, page_title, anchor, title in rows:
        groups.setdefault(page_id, (page_title, []))[1].append(
            (f"{page_id}:{anchor}", title)
        )
    return list(groups.values())


def section_value(section) -> str:
    return f"{section.page_id}:{section.anchor}"


@dataclass
class Citation:
    text: TextPage | None
    section: TextSection | None = None
    kind: str = ""
    start: str = ""
    end: str = ""
    problem: str = ""  # why the citation no longer resolves, for the admin

    @property
    def range_label(self) -> str:
        if not self.kind or not self.start:
            return ""
        noun = "paragraph" if self.kind == "paragraphs" else "original page"
        if self.end and self.end != self.start:
            return f"{noun}s {self.start}–{self.end}"
        return f"{noun} {self.start}"

    @property
    def label(self) -> str:
        """“Chapter II: The Vote, paragraphs 12–19”: titles, never slugs."""
        parts = [self.section.title] if self.section else []
        if self.range_label:
            parts.append(self.range_label)
        return ", ".join(parts)

    @property
    def url(self) -> str:
        if self.text is None or not self.text.live:
            return ""
        if self.kind == "paragraphs" and self.start.isdigit():
            return paragraph_url(text=self.text, number=int(self.start))
        if self.section is not None:
            return self.text.section_url(self.section)
        return self.text.url or ""


def _section_of(*, text, value: str = "", section_id=None):
    """The cited section, or (None, why not). Accepts the older free text
    (a title or an anchor) that blocks saved before the list still hold."""
    sections = TextSection.objects.filter(page_id=text.pk).defer("body")
    if section_id:
        return sections.filter(pk=section_id).first(), ""
    value = (value or "").strip()
    if not value:
        return None, ""
    text_id, _colon, anchor = value.partition(":")
    listed = bool(_colon and text_id.isdigit())
    if listed:
        if int(text_id) != text.pk:
            return (
                None,
                f"This section is of another text: choose one of “{text.title}”.",
            )
        found = sections.filter(anchor=anchor).first()
    else:
        found = next(
            (
                s
                for s in sections
                if value.lower() in {s.anchor.lower(), s.title.strip().lower()}
            ),
            None,
        )
    if found is None:
        if not listed:  # an older block's own words: say them, they are all it has
            return None, (
                f"“{text.title}” no longer has the section “{value}”: choose another."
            )
        return None, f"“{text.title}” no longer has this section: choose another."
    return found, ""


def legacy_section(*, text, value: str) -> tuple[str, str]:
    """An older block's free-text section (a title or an anchor, saved before
    sections were chosen from a list), as ``(list value, "")`` when it still
    names a section of ``text``, else ``("", the old words)``; a value already
    from the list, or empty, comes back as it is."""
    value = (value or "").strip()
    text_id, colon, _anchor = value.partition(":")
    if not value or text is None or (colon and text_id.isdigit()):
        return value, ""
    found, _problem = _section_of(text=getattr(text, "specific", text), value=value)
    if found is None:
        return "", value
    return section_value(found), ""


def citation_resolve(
    *, text, section: str = "", section_id=None, kind: str = "", start="", end=""
) -> Citation:
    text = getattr(text, "specific", text) if text else None
    if text is None:
        return Citation(text=None)
    found, problem = _section_of(text=text, value=section, section_id=section_id)
    citation = Citation(
        text=text,
        section=found,
        kind=kind or "",
        start=str(start or "").strip(),
        end=str(end or start or "").strip(),
        problem=problem,
    )
    if not problem and citation.kind:
        errors = _range_errors(citation)
        citation.problem = next(iter(errors.values()), "")
    return citation


def citation_errors(
    *, text, section: str = "", section_id=None, kind: str = "", start="", end=""
) -> dict[str, str]:
    """Field name (``section``, ``cite``, ``cite_from``, ``cite_to``) → the
    message a tutor reads; empty when the citation is good."""
    if not text:
        if section or kind or start or end:
            return {"text": "Choose the library text first."}
        return {}
    text = getattr(text, "specific", text)
    found, problem = _section_of(text=text, value=section, section_id=section_id)
    if problem:
        return {"section": problem}
    if not kind:
        if start or end:
            return {"cite": "Say whether these are paragraphs or original pages."}
        return {}
    if not str(start or "").strip():
        return {"cite_from": "Give the first paragraph or page of the range."}
    citation = Citation(
        text=text,
        section=found,
        kind=kind,
        start=str(start).strip(),
        end=str(end or start).strip(),
    )
    return _range_errors(citation)


def _paragraph_bounds(citation) -> tuple[int, int]:
    rows = TextParagraph.objects.filter(text=citation.text, number__isnull=False)
    if citation.section is not None:
        rows = rows.filter(section=citation.section)
    numbers = rows.order_by("number").values_list("number", flat=True)
    first, last = numbers.first(), numbers.last()
    return first or 0, last or 0


def _range_errors(citation: Citation) -> dict[str, str]:
    if citation.kind == "paragraphs":
        return _paragraph_errors(citation)
    if citation.kind == "pages":
        return _page_errors(citation)
    return {"cite": "Choose paragraphs or original pages."}


def _paragraph_errors(citation: Citation) -> dict[str, str]:
    if not citation.start.isdigit() or not citation.end.isdigit():
        return {"cite_from": "Paragraph numbers are whole numbers, e.g. 143."}
    start, end = int(citation.start), int(citation.end)
    if start > end:
        return {
            "cite_to": f"The range runs backwards: paragraph {end} comes before "
            f"paragraph {start}. Put the first paragraph first."
        }
    first, last = _paragraph_bounds(citation)
    where = (
        f"“{citation.section.title}”"
        if citation.section
        else f"“{citation.text.title}”"
    )
    if not last:
        return {"cite": f"{where} has no numbered paragraphs."}
    for field, number in (("cite_from", start), ("cite_to", end)):
        if number > last or number < first:
            return {
                field: f"There is no paragraph {number} in {where}: its paragraphs "
                f"are {first}–{last}."
            }
    return {}


def page_turns(*, text, section=None) -> list[tuple[int, str]]:
    """(sequence, label) of every original page that begins in the text (or
    section), in reading order; the page a section opens on comes first."""
    rows = TextParagraph.objects.filter(text=text).order_by(
        "section__sort_order", "section_id", "position"
    )
    if section is not None:
        rows = rows.filter(section=section)
        opening = rows.values_list("page_seq", "page").first()
    turns = []
    if section is not None and opening and opening[0]:
        turns.append(opening)
    for html, end_seq in rows.filter(html__contains="data-page").values_list(
        "html", "page_end_seq"
    ):
        labels = MARK.findall(html)
        for n, label in enumerate(labels):
            turns.append((end_seq - len(labels) + 1 + n, label))
    return list(dict.fromkeys(turns))


def _page_errors(citation: Citation) -> dict[str, str]:
    all_turns = page_turns(text=citation.text)
    if not all_turns:
        return {
            "cite": f"“{citation.text.title}” has no original page numbers: "
            "cite paragraphs instead."
        }
    turns = (
        page_turns(text=citation.text, section=citation.section)
        if citation.section is not None
        else all_turns
    )
    seqs = {label: seq for seq, label in reversed(turns)}
    where = (
        f"“{citation.section.title}”"
        if citation.section
        else f"“{citation.text.title}”"
    )
    span = f"{turns[0][1]}–{turns[-1][1]}" if turns else "none"
    for field, label in (("cite_from", citation.start), ("cite_to", citation.end)):
        if label not in seqs:
            return {
                field: f"There is no original page {label} in {where} "
                f"(its pages are {span})."
            }
    if seqs[citation.start] > seqs[citation.end]:
        return {
            "cite_to": f"The range runs backwards: page {citation.end} comes before "
            f"page {citation.start}. Put the first page first."
        }
    return {}


def citation_paragraphs(*, citation: Citation) -> list[TextParagraph]:
    """The paragraphs (and headings) a citation covers, in reading order."""
    if citation.text is None or citation.problem:
        return []
    rows = (
        TextParagraph.objects.filter(text=citation.text)
        .select_related(None)
        .order_by("section__sort_order", "section_id", "position")
    )
    if citation.section is not None:
        rows = rows.filter(section=citation.section)
    if citation.kind == "paragraphs":
        start, end = int(citation.start), int(citation.end)
        rows = rows.filter(number__gte=start, number__lte=end)
    elif citation.kind == "pages":
        seqs = {label: seq for seq, label in reversed(page_turns(text=citation.text))}
        rows = rows.filter(
            page_end_seq__gte=seqs[citation.start], page_seq__lte=seqs[citation.end]
        )
    return list(rows)
