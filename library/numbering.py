"""Writes a text's ``TextParagraph`` rows from its sections' bodies.

Called by ``TextPage.save`` once the sections are in the database. The
numbering itself is ``importer.paragraphs`` (pure functions); this module
only adds the page sequence and stores the rows, rewriting a section's rows
only when they differ, so re-saving an unchanged book writes nothing.
"""

from django.db import transaction

from .importer.paragraphs import (
    blocks_number,
    blocks_split,
    html_words,
    screens_assign,
)
from .reading import paragraphs_digest
from .reading_models import TextParagraph


def paragraph_rows(
    *, text, sections, model=TextParagraph, first: int = 1
) -> dict[int, list[TextParagraph]]:
    """Unsaved rows for each section (by pk); ``model`` lets a migration use
    its historical model."""
    rows: dict[int, list[TextParagraph]] = {}
    number, page, seq = first, "", 0
    for section in sections:
        blocks = blocks_split(body=section.body or "")
        number = blocks_number(blocks=blocks, first=number)
        screens_assign(blocks=blocks)
        out = []
        for position, block in enumerate(blocks):
            starts_at = block.html.find('<span data-page="')
            text_before = block.html[:starts_at] if starts_at >= 0 else ""
            begins_with_turn = bool(block.turns) and not _has_words(text_before)
            first_label = block.turns[0] if begins_with_turn else page
            first_seq = seq + 1 if begins_with_turn else seq
            seq += len(block.turns)
            page = block.turns[-1] if block.turns else page
            out.append(
                model(
                    text_id=text.pk,
                    section_id=section.pk,
                    position=position,
                    number=block.number,
                    screen=block.screen,
                    html=block.html,
                    words=block.words,
                    page=first_label,
                    page_seq=first_seq,
                    page_end_seq=seq,
                )
            )
        rows[section.pk] = out
    return rows


def _has_words(html: str) -> bool:
    return html_words(html) > 0


_FIELDS = ("position", "number", "screen", "html", "page", "page_seq", "page_end_seq")


def _same(old: list[TextParagraph], new: list[TextParagraph]) -> bool:
    return len(old) == len(new) and all(
        all(getattr(a, f) == getattr(b, f) for f in _FIELDS)
        for a, b in zip(old, new, strict=True)
    )


def paragraphs_rebuild(*, text) -> int:
    """Bring ``text``'s paragraph rows in line with its sections; returns the
    number of sections rewritten."""
    from .models import TextSection

    sections = list(TextSection.objects.filter(page=text).order_by("sort_order", "pk"))
    new = paragraph_rows(text=text, sections=sections)
    old: dict[int, list[TextParagraph]] = {}
    for row in TextParagraph.objects.filter(text=text).order_by(
        "section_id", "position"
    ):
        old.setdefault(row.section_id, []).append(row)
    changed = [pk for pk, rows in new.items() if not _same(old.get(pk, []), rows)]
    gone = set(old) - set(new)
    # Checked for every section, not only the changed ones: publishing a
    # revision saves the hash the revision copied, which may be stale.
    hashes = {s.pk: paragraphs_digest(rows=new[s.pk]) for s in sections}
    stale = [s for s in sections if s.paragraphs_hash != hashes[s.pk]]
    with transaction.atomic():
        TextParagraph.objects.filter(section_id__in=[*changed, *gone]).delete()
        TextParagraph.objects.bulk_create(
            [row for pk in changed for row in new[pk]], batch_size=1000
        )
        for section in stale:
            TextSection.objects.filter(pk=section.pk).update(
                paragraphs_hash=hashes[section.pk]
            )
    return len(changed)
