"""A section's body as numbered paragraphs and screens (no database here).

A *paragraph* is a top-level block of a section's body that holds words: a
``<p>``, a ``<blockquote>``, a list or preformatted text. Headings inside a
chapter are blocks too but carry no number. Numbers run through the whole
text (paragraph 143 is the 143rd of the book), so they depend only on the
text's words: a re-import of the same text gives the same numbers, and a
change in chapter 9 leaves chapters 1 to 8 as they were.

A *screen* is what the web shows at once: a chapter is cut into screens of
about ``SCREEN_WORDS`` words, always between paragraphs, never leaving a
heading at the foot of a screen.
"""

import re
from dataclasses import dataclass, field

from .pages import MARK, mark_html

SCREEN_WORDS = 1500
_BLOCK = re.compile(r"<(p|h[1-6]|blockquote|ul|ol|pre)\b[^>]*>.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Block:
    html: str
    heading: bool
    words: int
    turns: list[str] = field(default_factory=list)  # page labels turning here
    number: int | None = None
    screen: int = 1


def html_words(html: str) -> int:
    return len(_TAG.sub(" ", html).split())


def _prepend(html: str, inner: str) -> str:
    """``inner`` just inside the block's opening tag."""
    return re.sub(r"^(<[^>]+>)", lambda m: m.group(1) + inner, html, count=1)


def blocks_split(*, body: str) -> list[Block]:
    """The body's top-level blocks, in order. Text outside any block (hand-edited
    rich text can have it) becomes a paragraph of its own; a page mark in a
    block with no words moves to the next block."""
    pieces, last = [], 0
    for match in _BLOCK.finditer(body):
        if body[last : match.start()].strip():
            pieces.append((f"<p>{body[last : match.start()].strip()}</p>", False))
        pieces.append((match.group(0), match.group(1).lower()[0] == "h"))
        last = match.end()
    if body[last:].strip():
        pieces.append((f"<p>{body[last:].strip()}</p>", False))
    blocks, carried = [], []
    for html, heading in pieces:
        turns = MARK.findall(html)
        words = html_words(html)
        if not words:
            carried.extend(turns)
            continue
        if carried:
            html = _prepend(html, "".join(map(mark_html, carried)))
            turns = carried + turns
            carried = []
        blocks.append(Block(html=html, heading=heading, words=words, turns=turns))
    if carried and blocks:
        blocks[-1].turns.extend(carried)
        blocks[-1].html += "".join(map(mark_html, carried))
    return blocks


def blocks_number(*, blocks: list[Block], first: int) -> int:
    """Number the paragraphs from ``first``; returns the next number."""
    number = first
    for block in blocks:
        if not block.heading:
            block.number = number
            number += 1
    return number


def screens_assign(*, blocks: list[Block], target: int = SCREEN_WORDS) -> int:
    """Cut the blocks into screens of about ``target`` words; returns how many.

    A screen ends before the paragraph that would take it past ``target``
    (a single longer paragraph has a screen of its own); a heading goes with
    the paragraph after it; a last screen under a fifth of ``target`` joins
    the one before.
    """
    screen, words, sizes = 1, 0, [0]
    for n, block in enumerate(blocks):
        if words and words + block.words > target and not block.heading:
            screen += 1
            words = 0
            sizes.append(0)
            # A heading just before the cut belongs with what it heads.
            k = n - 1
            while k >= 0 and blocks[k].heading and blocks[k].screen == screen - 1:
                blocks[k].screen = screen
                k -= 1
        block.screen = screen
        words += block.words
        sizes[-1] += block.words
    if screen > 1 and sizes[-1] < target / 5:
        for block in blocks:
            if block.screen == screen:
                block.screen = screen - 1
        screen -= 1
    return screen


def sidecar_pages_apply(*, bodies: list[str], pages: dict[int, str]) -> list[str]:
    """Add page marks where a sidecar says pages begin ({paragraph: label})."""
    if not pages:
        return bodies
    out, number = [], 1
    for body in bodies:
        blocks = blocks_split(body=body)
        parts = []
        for block in blocks:
            html = block.html
            if not block.heading:
                label = pages.get(number)
                if label:
                    html = _prepend(html, mark_html(label))
                number += 1
            parts.append(html)
        out.append("".join(parts))
    return out
