"""What a reader can choose about a pack: edition, print size, booklet."""

import hashlib
from dataclasses import dataclass

EDITIONS = ("learner", "facilitator", "bundle")
SIZES = ("clear", "large")
# Editions with facilitator notes or members' names: for organisers and editors.
ORGANISER_EDITIONS = ("facilitator", "bundle")


class PackOptionsError(ValueError):
    """The options asked for do not make a pack (an unknown edition, a large-print booklet)."""


@dataclass(frozen=True)
class PackOptions:
    edition: str = "learner"
    size: str = "clear"
    booklet: bool = False

    def __post_init__(self):
        if self.edition not in EDITIONS:
            raise PackOptionsError(f"Edition must be one of {', '.join(EDITIONS)}.")
        if self.size not in SIZES:
            raise PackOptionsError(f"Size must be one of {', '.join(SIZES)}.")
        if self.booklet and self.size != "clear":
            # A5 pages cannot hold large print at UKAAF sizes with a sensible measure.
            raise PackOptionsError("The A5 booklet is made in clear print only.")
        if self.booklet and self.bundle:
            raise PackOptionsError(
                "Print everything is made as A4 pages, not a booklet."
            )

    @classmethod
    def from_query(cls, query) -> "PackOptions":
        """From a request's GET (``?edition=facilitator&size=large&booklet=1``)."""
        booklet = str(query.get("booklet", "")).lower() in {"1", "true", "yes", "on"}
        return cls(
            edition=query.get("edition") or "learner",
            size=query.get("size") or "clear",
            booklet=booklet,
        )

    @property
    def facilitator(self) -> bool:
        return self.edition == "facilitator"

    @property
    def bundle(self) -> bool:
        """The "print everything" pack: the facilitator's edition (with its
        sign-in sheet) and one learner's pack, one PDF for whoever prints."""
        return self.edition == "bundle"

    @property
    def for_organisers(self) -> bool:
        return self.edition in ORGANISER_EDITIONS

    def bundle_parts(self) -> tuple["PackOptions", ...]:
        """The packs a bundle is made of, in printing order; a pack is its own part."""
        if not self.bundle:
            return (self,)
        return (
            PackOptions(edition="facilitator", size=self.size),
            PackOptions(edition="learner", size=self.size),
        )

    @property
    def large(self) -> bool:
        return self.size == "large"

    @property
    def slug(self) -> str:
        """Readable and unique per options: ``learner-clear-booklet``."""
        return "-".join(
            [self.edition, self.size] + (["booklet"] if self.booklet else [])
        )

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.slug.encode()).hexdigest()[:12]

    def as_query(self) -> str:
        query = f"edition={self.edition}&size={self.size}"
        return query + ("&booklet=1" if self.booklet else "")

    @property
    def label(self) -> str:
        if self.bundle:
            size = "large print" if self.large else "clear print"
            return (
                f"Print everything: facilitator's edition and a learner's pack, {size}"
            )
        edition = "Facilitator's edition" if self.facilitator else "Learner's pack"
        size = "large print" if self.large else "clear print"
        return f"{edition}, {size}" + (", A5 booklet" if self.booklet else "")


DEFAULT_OPTIONS = (
    PackOptions(edition="learner", size="clear"),
    PackOptions(edition="learner", size="large"),
)
