"""Original page numbers: where the printed edition's pages turn.

Every importer marks a page turn in a section's body the same way, with an
empty ``<span data-page="15"></span>`` at the point the page begins (it holds
no text, so it is not counted as a word nor indexed for search). The
paragraph builder (``library.numbering``) reads these marks back.

Sources of marks:

- HTML and EPUB: elements with ``role="doc-pagebreak"``, ``epub:type="pagebreak"``
  or the class ``pagenum``/``page-number``/``pagebreak`` (Project Gutenberg's
  HTML uses ``<span class="pagenum">``), and the targets of an EPUB's nav
  ``page-list``;
- Markdown: ``[page 15]`` or ``[p. 15]``, inline or on a line of its own;
- a sidecar's ``pages`` mapping, ``{page label: paragraph number}``, for plain
  text (applied by ``sidecar_pages_apply``).
"""

import html
import re

# A sentinel that survives our inline HTML rebuilding and escaping: private-use
# characters never occur in a real text's markup.
_OPEN, _CLOSE = "\ue000", "\ue001"
_SENTINEL = re.compile(f"{_OPEN}([^{_CLOSE}]{{1,20}}){_CLOSE}")
MARK = re.compile(r'<span data-page="([^"<>]{1,20})"></span>')
_MD_MARK = re.compile(r"\[(?:page|p\.)\s*([0-9ivxlcdmIVXLCDM]{1,10})\]", re.I)
_CLASSES = {"pagenum", "page-number", "pagebreak", "page-break"}


def sentinel(label: str) -> str:
    label = " ".join(str(label).split())[:20].replace(_CLOSE, "")
    return f"{_OPEN}{label}{_CLOSE}" if label else ""


def mark_html(label: str) -> str:
    return f'<span data-page="{html.escape(label, quote=True)}"></span>'


def sentinels_to_marks(body: str) -> str:
    return _SENTINEL.sub(lambda m: mark_html(m.group(1).strip()), body)


def markdown_marks(text: str) -> str:
    """``[page 15]`` in Markdown source becomes a sentinel."""
    return _MD_MARK.sub(lambda m: sentinel(m.group(1)), text)


def _is_pagebreak(node) -> bool:
    epub_type = node.get("epub:type") or ""
    classes = set(node.get("class") or [])
    return (
        node.get("role") == "doc-pagebreak"
        or "pagebreak" in epub_type.split()
        or bool(classes & _CLASSES)
    )


def _label(node) -> str:
    text = node.get_text(" ", strip=True).strip("[]{}() ")
    text = re.sub(r"^(?:page|p\.|pg\.?)\s*", "", text, flags=re.I)
    return node.get("aria-label") or node.get("title") or text or ""


def soup_marks(*, soup, blocks: list[str], targets: dict[str, str] | None = None):
    """Replace the page breaks in ``soup`` by sentinels, in place.

    ``targets`` maps element ids to page labels (an EPUB's page list). A break
    outside any block (between paragraphs) moves to the start of the next block,
    so the page turns where the next paragraph begins.
    """
    targets = targets or {}
    found = [
        node
        for node in soup.find_all(True)
        if node.get("id") in targets or _is_pagebreak(node)
    ]
    for node in found:
        label = targets.get(node.get("id")) or _label(node)
        mark = sentinel(re.sub(r"^(?:page|p\.)\s*", "", label, flags=re.I))
        if not mark:
            continue
        inner = node.find(blocks) if node.name not in blocks else None
        if node.name in blocks or inner is not None:
            # An id on a paragraph, or on a container: the page begins there.
            (node if inner is None else inner).insert(0, mark)
        elif node.find_parent(blocks) is not None:
            node.replace_with(mark)
        else:
            following = node.find_next(blocks)
            node.decompose()
            if following is not None:
                following.insert(0, mark)


def page_list_targets(*, nav_html: str) -> dict[str, dict[str, str]]:
    """An EPUB nav's ``page-list``: {document href: {element id: page label}}."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(nav_html, "html.parser")
    out: dict[str, dict[str, str]] = {}
    for nav in soup.find_all("nav"):
        if "page-list" not in (nav.get("epub:type") or "").split():
            continue
        for link in nav.find_all("a"):
            href = link.get("href") or ""
            document, _hash, ident = href.partition("#")
            label = link.get_text(" ", strip=True)
            if ident and label:
                out.setdefault(document, {})[ident] = label
    return out


def sidecar_pages(meta: dict) -> dict[int, str]:
    """A sidecar's ``pages: {15: 143}`` as {paragraph number: page label}."""
    raw = meta.get("pages") if isinstance(meta, dict) else None
    if not isinstance(raw, dict):
        return {}
    out = {}
    for label, paragraph in raw.items():
        try:
            number = int(paragraph)
        except (TypeError, ValueError):
            continue
        if number > 0 and str(label).strip():
            out[number] = str(label).strip()[:20]
    return out
