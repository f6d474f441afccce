from dataclasses import dataclass

COOKIE_NAME = "reader"
TEXT_SIZES = {"standard": "Standard", "large": "Large", "largest": "Largest"}
CONTRASTS = {"standard": "Standard", "high": "High contrast"}
COOKIE_MAX_AGE = 60 * 60 * 24 * 365 * 2


@dataclass(frozen=True)
class ReaderPreferences:
    text_size: str = "standard"
    contrast: str = "standard"

    @property
    def css_classes(self) -> str:
        return f"text-{self.text_size} contrast-{self.contrast}"

    def to_cookie(self) -> str:
        return f"{self.text_size}.{self.contrast}"


def preferences_from_request(request) -> ReaderPreferences:
    """Read the cookie; anything unexpected falls back to the defaults."""
    raw = request.COOKIES.get(COOKIE_NAME, "")
    size, _, contrast = raw.partition(".")
    return ReaderPreferences(
        text_size=size if size in TEXT_SIZES else "standard",
        contrast=contrast if contrast in CONTRASTS else "standard",
    )
