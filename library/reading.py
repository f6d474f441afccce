"""Reading a text on screen: one screen of a chapter, and the reader's place.

A chapter is read a screen at a time (``TextParagraph.screen``, about 1,500
words, cut at paragraph boundaries by the importer's numbering). The screen
is the ``page`` GET parameter; a paragraph's address is
``…/chapter-3/?page=2#p143`` and ``…/chapter-3/#p143`` finds its screen too
(``site/static/js/reading.js`` reads the screens' ranges from the page).
"""

import re

from django.db.models import Max, Min
from django.utils import timezone

from .reading_models import ReadingPlace, TextParagraph


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


def section_screen(*, text, anchor: str, request) -> dict | None:
    """The template context for one screen of a section, or None if there is
    no such section or screen. Remembers the place of a signed-in reader."""
    sections = text.section_list
    position = next((i for i, s in enumerate(sections) if s.anchor == anchor), None)
    if position is None:
        return None
    section = sections[position]
    screens = section_screens(section=section)
    screen = _screen_number(request.GET.get("page"))
    if screen > max(len(screens), 1):
        return None
    if screens:
        paragraphs = screen_paragraphs(section=section, screen=screen)
    else:
        paragraphs = _unnumbered(section=section)
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
        "screens": screens,
        "screen_count": max(len(screens), 1),
        "paragraphs": paragraphs,
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
