"""Reading a text on screen: one screen of a chapter, and the reader's place.

A chapter is read a screen at a time (``TextParagraph.screen``, about 1,500
words, cut at paragraph boundaries by the importer's numbering). The screen
is the ``page`` GET parameter; a paragraph's address is
``…/chapter-3/?page=2#p143`` and ``…/chapter-3/#p143`` finds its screen too
(``site/static/js/reading.js`` reads the screens' ranges from the page).
"""

import hashlib
import re

from django.core.cache import cache
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import expand_db_html

from .importer.pages import MARK as PAGE_MARK
from .reading_models import ReadingPlace, TextParagraph

# Rendered screens, kept a day: the key holds the section's paragraphs hash, so
# a changed text is never served from an old entry; a day only bounds memory.
SCREEN_CACHE_SECONDS = 24 * 3600
_EDITOR_LINK = re.compile(r"linktype=|<embed")


def _screen_number(raw) -> int:
    try:
        return max(1, int(str(raw)[:6]))
    except (TypeError, ValueError):
        return 1


def section_screens(*, section) -> list[dict]:
    """Each screen of the section with its first and last paragraph numbers."""
    return list(
        TextParagraph.objects.filter(section=section)
        .values("screen")
        .annotate(first=Min("number"), last=Max("number"))
        .order_by("screen")
    )


def screen_paragraphs(*, section, screen: int) -> list[TextParagraph]:
    return list(
        TextParagraph.objects.filter(section=section, screen=screen)
        .only("number", "html", "page", "position")
        .order_by("position")
    )


def paragraphs_digest(*, rows) -> str:
    """The content hash of a section's paragraph rows (what a screen shows):
    stored as ``TextSection.paragraphs_hash`` by ``library.numbering``."""
    digest = hashlib.blake2b(digest_size=16)
    for row in rows:
        for value in (row.position, row.number, row.screen, row.page, row.html):
            digest.update(f"{value}\x1f".encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def screen_html(*, paragraphs) -> SafeString:
    """A screen's paragraphs, each with its number in the margin (read out as
    "paragraph 143", a link to itself) and its original page turns as
    "original page 15" in the body size. The same for every reader."""
    parts = []
    for paragraph in paragraphs:
        html = PAGE_MARK.sub(_page_turn, paragraph.html)
        if paragraph.number is None:
            parts.append(html)
            continue
        number = paragraph.number
        parts.append(
            f'<div class="para" id="p{number}"><a class="para-number" '
            f'href="#p{number}"><span class="visually-hidden">paragraph </span>'
            f"{number}</a>{html}</div>"
        )
    body = "".join(parts)
    if _EDITOR_LINK.search(body):
        body = expand_db_html(body)  # links and embeds an editor added
    return mark_safe(body)  # noqa: S308 - the importer's sanitised HTML


def _page_turn(match) -> str:
    page = match.group(1)
    return f'<span class="page-turn" id="page-{page}">original page {page}</span>'


def screen_render(*, section, screen: int) -> dict | None:
    """The section's screens and one screen's body HTML, or None if there is
    no such screen. Cached by the section's paragraphs hash: nothing in it
    depends on the reader (the place is saved apart), so it is shared by all.
    A body with editor links is not cached (a linked page may move)."""
    key = f"reading:screen:{section.pk}:{section.paragraphs_hash}:{screen}"
    cacheable = bool(section.pk and section.paragraphs_hash)
    found = cache.get(key) if cacheable else None
    if found is not None:
        return found
    screens = section_screens(section=section) if section.pk else []
    if screen > max(len(screens), 1):
        return None
    if screens:
        paragraphs = screen_paragraphs(section=section, screen=screen)
    else:
        paragraphs = _unnumbered(section=section)
    body = screen_html(paragraphs=paragraphs)
    rendered = {"screens": screens, "body": body}
    linked = any(_EDITOR_LINK.search(p.html) for p in paragraphs)
    if cacheable and screens and not linked:
        cache.set(key, rendered, SCREEN_CACHE_SECONDS)
    return rendered


def section_screen(*, text, anchor: str, request) -> dict | None:
    """The template context for one screen of a section, or None if there is
    no such section or screen. Remembers the place of a signed-in reader."""
    sections = text.section_list
    position = next((i for i, s in enumerate(sections) if s.anchor == anchor), None)
    if position is None:
        return None
    section = sections[position]
    screen = _screen_number(request.GET.get("page"))
    rendered = screen_render(section=section, screen=screen)
    if rendered is None:
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        reading_place_save(user=user, text=text, section=section, screen=screen)
    previous_section = sections[position - 1] if position else None
    next_section = sections[position + 1] if position + 1 < len(sections) else None
    return {
        "sections": sections,
        "section": section,
        "position": position + 1,
        "screen": screen,
        "screens": rendered["screens"],
        "screen_count": max(len(rendered["screens"]), 1),
        "body": rendered["body"],
        "previous_section": previous_section,
        "next_section": next_section,
        "highlight": request.GET.get("q", "")[:200],
    }


def reading_place_save(*, user, text, section, screen: int) -> None:
    """One statement: insert the reader's place, or move it."""
    ReadingPlace.objects.bulk_create(
        [
            ReadingPlace(
                user=user,
                text=text,
                section=section,
                screen=screen,
                updated_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["user", "text"],
        update_fields=["section", "screen", "updated_at"],
    )


def reading_places(*, user, text=None, limit: int = 3) -> list[dict]:
    """The account's latest places (in ``text`` only, if given), as links."""
    if user is None or not user.is_authenticated:
        return []
    places = ReadingPlace.objects.filter(user=user, text__live=True)
    if text is not None:
        places = places.filter(text=text)
    places = places.select_related("text", "section").defer(
        "section__body", "text__summary"
    )[:limit]
    return [
        {
            "text_title": place.text.title,
            "section_title": place.section.title,
            "screen": place.screen,
            "url": screen_url(
                text=place.text, section=place.section, screen=place.screen
            ),
        }
        for place in places
    ]


def screen_url(*, text, section, screen: int = 1, number: int | None = None) -> str:
    """The address of a screen of a section, at a paragraph if given."""
    url = text.section_url(section)
    if screen > 1:
        url += f"?page={screen}"
    if number:
        url += f"#p{number}"
    return url


def paragraph_url(*, text, number: int) -> str:
    """The screen holding paragraph ``number`` of ``text``, at that paragraph."""
    row = (
        TextParagraph.objects.filter(text=text, number=number)
        .select_related("section")
        .only("screen", "section__anchor", "section__page_id")
        .first()
    )
    if row is None:
        return text.url or ""
    return screen_url(text=text, section=row.section, screen=row.screen, number=number)


def _unnumbered(*, section) -> list[TextParagraph]:
    """A section with no paragraph rows (a preview of a draft, a text saved
    before numbering): its body's blocks, one screen, without numbers (numbers
    shown must be the ones print and citations use)."""
    from .importer.paragraphs import blocks_split
    from .models import TextSection

    body = (
        TextSection.objects.filter(pk=section.pk).values_list("body", flat=True).first()
        if section.pk
        else section.body
    )
    return [
        TextParagraph(position=n, number=None, html=block.html)
        for n, block in enumerate(blocks_split(body=body or ""))
    ]


def passage_screens(*, section_ids, query: str) -> dict[int, tuple[int, int | None]]:
    """For search hits: the (screen, paragraph number) of each section where
    the query's first word first appears, in one query. Sections where it is
    not found literally (a stemmed match) are left out: their first screen."""
    words = [w for w in re.findall(r"\w+", query or "") if len(w) > 1]
    if not words or not section_ids:
        return {}
    rows = (
        TextParagraph.objects.filter(
            section_id__in=list(section_ids), html__icontains=words[0]
        )
        .order_by("section_id", "position")
        .values_list("section_id", "screen", "number")
    )
    found: dict[int, tuple[int, int | None]] = {}
    for section_id, screen, number in rows:
        found.setdefault(section_id, (screen, number))
    return found
