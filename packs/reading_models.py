"""What a reader asked to print from the library: imported by ``packs.models``."""

from django.db import models

from library.citations import Citation, citation_resolve


class ReadingPrint(models.Model):
    """One thing a reader asked to print: a text, a section, a range."""

    text = models.ForeignKey(
        "library.TextPage", on_delete=models.CASCADE, related_name="+"
    )
    section = models.CharField(max_length=100, blank=True)  # "<text id>:<anchor>"
    kind = models.CharField(max_length=12, blank=True)
    start = models.CharField(max_length=12, blank=True)
    end = models.CharField(max_length=12, blank=True)

    class Meta:
        app_label = "packs"
        constraints = [
            models.UniqueConstraint(
                fields=["text", "section", "kind", "start", "end"],
                name="one_row_per_printed_reading",
            )
        ]

    def __str__(self):
        return (
            f"reading {self.text_id} {self.section} {self.kind} {self.start}-{self.end}"
        )

    @property
    def citation(self) -> Citation:
        return citation_resolve(
            text=self.text,
            section=self.section,
            kind=self.kind,
            start=self.start,
            end=self.end,
        )
