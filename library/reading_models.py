"""What a reader reads: a text's numbered paragraphs, and each reader's place.

Imported by ``library.models`` so that Django registers them there.
"""

from django.conf import settings
from django.db import models


class TextParagraph(models.Model):
    """One block of a section as read: its number, its screen, its page.

    Derived from the published sections' bodies by ``library.numbering``
    whenever a text is saved (never edited by hand), so the web page, the
    printed packs and citations all read the same numbers. ``number`` is null
    for a heading inside a chapter. ``page`` is the original page on which the
    paragraph begins ("" where the source has no page numbers) and
    ``page_seq``/``page_end_seq`` count the page turns from the start of the
    text, so page ranges compare in reading order even with roman numerals.
    """

    text = models.ForeignKey(
        "library.TextPage", on_delete=models.CASCADE, related_name="paragraphs"
    )
    section = models.ForeignKey(
        "library.TextSection", on_delete=models.CASCADE, related_name="paragraphs"
    )
    position = models.PositiveIntegerField()
    number = models.PositiveIntegerField(null=True, blank=True)
    screen = models.PositiveSmallIntegerField(default=1)
    html = models.TextField()
    words = models.PositiveIntegerField(default=0)
    page = models.CharField(max_length=20, blank=True)
    page_seq = models.PositiveIntegerField(default=0)
    page_end_seq = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["section_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"], name="paragraph_unique_position"
            ),
        ]
        indexes = [
            models.Index(
                fields=["section", "screen", "position"], name="paragraph_screen"
            ),
            models.Index(fields=["text", "number"], name="paragraph_number"),
        ]

    def __str__(self):
        return f"¶{self.number}" if self.number else "heading"


class ReadingPlace(models.Model):
    """Where an account last read a text: the section and its screen.

    Reading history says something about a member's politics, so it is
    shown to its own reader only and never exported; the row goes with the
    account.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    text = models.ForeignKey(
        "library.TextPage", on_delete=models.CASCADE, related_name="+"
    )
    section = models.ForeignKey(
        "library.TextSection", on_delete=models.CASCADE, related_name="+"
    )
    screen = models.PositiveSmallIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "text"], name="one_place_per_text")
        ]
        ordering = ["-updated_at"]

    def __str__(self):
        return f"place in text {self.text_id}"
