"""Chapters from Markdown and HTML: split at the top heading level used more than once."""

import html
import re

from bs4 import BeautifulSoup

from .pages import markdown_marks, sentinels_to_marks, soup_marks

_BULLET = re.compile(r"^\s*[-*+]\s+")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+")
_INLINE_TAGS = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "cite": "i",
    "br": "br",
    "a": "a",
}


def _md_inline(text: str) -> str:
    text = html.escape(text, quote=False)
    text = re.sub(
        r"\[([^\]]+)\]\(((?:https?://|mailto:)[^)\s\"]+)\)",
        lambda m: f'<a href="{html.escape(m.group(2))}">{m.group(1)}</a>',
        text,
    )
    text = re.sub(
        r"\*\*(.+?)\*\*|__(.+?)__", lambda m: f"<b>{m.group(1) or m.group(2)}</b>", text
    )
    text = re.sub(
        r"(?<![\w*])\*(?!\s)(.+?)\*(?!\w)|(?<!\w)_(?!\s)(.+?)_(?!\w)",
        lambda m: f"<i>{m.group(1) or m.group(2)}</i>",
        text,
    )
    return text


def _md_blocks(text: str) -> str:
    out = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        first = lines[0].lstrip()
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", first)
        if heading and len(lines) == 1:
            level = 3 if len(heading.group(1)) <= 3 else 4
            out.append(f"<h{level}>{_md_inline(heading.group(2))}</h{level}>")
        elif all(_BULLET.match(line) for line in lines):
            items = "".join(
                f"<li>{_md_inline(_BULLET.sub('', li))}</li>" for li in lines
            )
            out.append(f"<ul>{items}</ul>")
        elif all(_NUMBER.match(line) for line in lines):
            items = "".join(
                f"<li>{_md_inline(_NUMBER.sub('', li))}</li>" for li in lines
            )
            out.append(f"<ol>{items}</ol>")
        elif all(line.lstrip().startswith(">") for line in lines):
            inner = " ".join(line.lstrip()[1:].strip() for line in lines)
            out.append(f"<blockquote>{_md_inline(inner)}</blockquote>")
        else:
            out.append(f"<p>{_md_inline(' '.join(line.strip() for line in lines))}</p>")
    return "".join(out)


def _split_level(levels: list[int]) -> int | None:
    for level in sorted(set(levels)):
        if levels.count(level) >= 2:
            return level
    return min(levels) if levels else None


def _words(body_html: str) -> int:
    return len(re.sub(r"<[^>]+>|\ue000[^\ue001]*\ue001", " ", body_html).split())


def markdown_sections(
    *, text: str, fallback_title: str
) -> tuple[str, list[tuple[str, str, int]]]:
    """(document title or '', sections) for a Markdown file."""
    lines = markdown_marks(text).split("\n")
    heads = [
        (i, len(m.group(1)), m.group(2).strip())
        for i, line in enumerate(lines)
        if (m := re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line))
    ]
    doc_title = ""
    if heads and heads[0][1] == 1 and sum(1 for h in heads if h[1] == 1) == 1:
        doc_title = heads[0][2]
        del lines[heads[0][0]]
        heads = [(i - 1, lvl, t) for i, lvl, t in heads[1:]]
    level = _split_level([lvl for _i, lvl, _t in heads])
    splits = [(i, t) for i, lvl, t in heads if lvl == level]
    sections = []
    first = splits[0][0] if splits else len(lines)
    opening = _md_blocks("\n".join(lines[:first]))
    if _words(opening):
        sections.append(
            ("Opening pages" if splits else (doc_title or fallback_title), opening)
        )
    for n, (i, title) in enumerate(splits):
        end = splits[n + 1][0] if n + 1 < len(splits) else len(lines)
        sections.append(
            (re.sub(r"[*_`]", "", title), _md_blocks("\n".join(lines[i + 1 : end])))
        )
    sections = [(t, sentinels_to_marks(b)) for t, b in sections]
    return doc_title, [(t[:255], b, _words(b)) for t, b in sections if _words(b)]


def _inline_html(node) -> str:
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(
                html.escape(" ".join(child.split(" ")).replace("\n", " "), quote=False)
            )
            continue
        name = _INLINE_TAGS.get(child.name or "")
        inner = _inline_html(child)
        if name == "br":
            parts.append("<br/>")
        elif name == "a":
            href = child.get("href", "")
            if re.match(r"^(https?://|mailto:)", href):
                parts.append(f'<a href="{html.escape(href)}">{inner}</a>')
            else:
                parts.append(inner)
        elif name:
            parts.append(f"<{name}>{inner}</{name}>")
        else:
            parts.append(inner)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote"]


_SENTINELS = re.compile("\ue000[^\ue001]*\ue001")


def _chapter_heading(node) -> tuple[str, list[str]]:
    """A chapter's title, and the start of its body: a page that turns at the
    chapter's heading turns as the chapter begins."""
    heading = node.get_text(" ", strip=True)
    turns = _SENTINELS.findall(heading)
    title = " ".join(_SENTINELS.sub(" ", heading).split())
    return title, ([f"<p>{''.join(turns)}</p>"] if turns else [])


def _soup_cleaned(text: str):
    """The parsed document without scripts, navigation and the like, and the
    title its ``<head>`` gives."""
    soup, doc_title = BeautifulSoup(text, "html.parser"), ""
    for junk in soup(
        ["script", "style", "nav", "header", "footer", "head", "noscript", "form"]
    ):
        if junk.name == "head":
            title = junk.find("title")
            doc_title = title.get_text(" ", strip=True) if title else ""
        junk.decompose()
    return soup, doc_title


def html_sections(
    *, text: str, fallback_title: str, page_targets: dict[str, str] | None = None
) -> tuple[str, list[tuple[str, str, int]]]:
    """(document title or '', sections); page breaks become page marks
    (``pages.py``), ``page_targets`` naming more of them by element id."""
    soup, doc_title = _soup_cleaned(text)
    soup_marks(soup=soup, blocks=_BLOCKS, targets=page_targets)
    blocks = []
    for node in soup.find_all(_BLOCKS):
        if node.find_parent(["p", "li", "pre"]) or (
            node.name == "blockquote" and node.find(_BLOCKS)
        ):
            continue
        blocks.append((node.name, node))
    levels = [int(name[1]) for name, _n in blocks if name[0] == "h"]
    h1s = [n for name, n in blocks if name == "h1"]
    if len(h1s) == 1:
        doc_title = h1s[0].get_text(" ", strip=True) or doc_title
        blocks = [(name, n) for name, n in blocks if n is not h1s[0]]
        levels = [lvl for lvl in levels if lvl != 1]
    level = _split_level(levels)
    sections, title, body = [], None, []

    def flush():
        content = sentinels_to_marks("".join(body))
        if _words(content):
            sections.append(
                (
                    title
                    or (
                        doc_title or fallback_title if not sections else "Opening pages"
                    ),
                    content,
                )
            )

    for name, node in blocks:
        if name[0] == "h" and int(name[1]) == level:
            flush()
            title, body = _chapter_heading(node)
        elif name[0] == "h":
            tag = "h3" if int(name[1]) <= (level or 1) + 1 else "h4"
            body.append(f"<{tag}>{_inline_html(node)}</{tag}>")
        elif name == "li":
            parent = "ol" if node.find_parent("ol") else "ul"
            body.append(f"<{parent}><li>{_inline_html(node)}</li></{parent}>")
        elif name == "blockquote" or node.find_parent("blockquote"):
            body.append(f"<blockquote>{_inline_html(node)}</blockquote>")
        else:
            inner = _inline_html(node)
            if inner:
                body.append(f"<p>{inner}</p>")
    flush()
    merged = [(t[:255], re.sub(r"</(ul|ol)><\1>", "", b)) for t, b in sections]
    doc_title = " ".join(_SENTINELS.sub(" ", doc_title).split())
    return doc_title, [(t, b, _words(b)) for t, b in merged]
