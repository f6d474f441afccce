"""What may reach WeasyPrint: sanitised HTML, and only our own files.

Two gates, so that a mistake in one is caught by the other:

* ``sanitise_html`` keeps an allowlist of tags and attributes, drops
  ``<link>``, ``<script>``, ``<iframe>``, ``<object>``, styles and any
  ``src`` that is not one of our own media or static files, and rewrites the
  ones it keeps to ``file://`` URLs under the allowed folders;
* ``SafeURLFetcher`` refuses everything but files under the site's static
  folders and ``MEDIA_ROOT`` (after resolving symlinks) and ``data:`` images.
  There is no network handler at all, so no address and no redirect can be
  reached.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

ALLOWED_TAGS = {
    "html",
    "head",
    "title",
    "meta",
    "body",
    "header",
    "footer",
    "main",
    "section",
    "article",
    "aside",
    "nav",
    "div",
    "span",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "strong",
    "b",
    "em",
    "i",
    "cite",
    "u",
    "q",
    "abbr",
    "small",
    "sub",
    "sup",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "col",
    "colgroup",
    "a",
}
# Dropped with everything inside them; other unknown tags are unwrapped.
DROPPED_TAGS = {
    "script",
    "style",
    "link",
    "iframe",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "video",
    "audio",
    "source",
    "track",
    "picture",
    "canvas",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "base",
    "frame",
    "frameset",
    "noscript",
    "template",
    "portal",
    "param",
}
ALLOWED_ATTRIBUTES = {
    "class",
    "id",
    "lang",
    "dir",
    "title",
    "alt",
    "colspan",
    "rowspan",
    "scope",
    "headers",
    "aria-label",
    "aria-hidden",
    "role",
    "start",
    "reversed",
    "charset",
    "href",
    "src",
    "name",
    "content",
    "width",
    "height",
}
META_NAMES = {
    "author",
    "description",
    "keywords",
    "generator",
    "dcterms.created",
    "dcterms.modified",
}
LINK_SCHEMES = {"http", "https", "mailto"}
DATA_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


def allowed_roots() -> list[Path]:
    roots = [Path(p) for p in settings.PACKS_ALLOWED_ROOTS] + [
        Path(settings.MEDIA_ROOT)
    ]
    return [root.resolve() for root in roots]


def safe_path(path: str | Path) -> Path | None:
    """The real path if it is a file under an allowed root, else None."""
    try:
        real = Path(path).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_file():
        return None
    if any(real.is_relative_to(root) for root in allowed_roots()):
        return real
    return None


def local_file_url(src: str) -> str | None:
    """``/media/...`` or ``/static/...`` as a ``file://`` URL of an allowed file."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    candidate = None
    if settings.MEDIA_URL and path.startswith(settings.MEDIA_URL):
        candidate = Path(settings.MEDIA_ROOT) / path[len(settings.MEDIA_URL) :]
    elif settings.STATIC_URL and path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        candidate = Path(found) if found else None
    real = safe_path(candidate) if candidate else None
    return real.as_uri() if real else None


def _safe_href(href: str) -> bool:
    href = href.strip()
    if href.startswith("#"):
        return True
    return urlsplit(href).scheme.lower() in LINK_SCHEMES


def sanitise_html(html: str) -> str:
    """An allowlisted copy of ``html`` that fetches nothing from outside."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        name = tag.name.lower()
        if name in DROPPED_TAGS:
            tag.decompose()
            continue
        if name not in ALLOWED_TAGS:
            tag.unwrap()
            continue
        if name == "meta" and not (
            tag.get("charset") or str(tag.get("name", "")).lower() in META_NAMES
        ):
            tag.decompose()
            continue
        for attribute in list(tag.attrs):
            if (
                attribute.lower() not in ALLOWED_ATTRIBUTES
                or attribute.lower().startswith("on")
            ):
                del tag.attrs[attribute]
        if "href" in tag.attrs and (name != "a" or not _safe_href(str(tag["href"]))):
            del tag.attrs["href"]
        if name == "img":
            url = local_file_url(str(tag.get("src", "")))
            if url is None:
                tag.decompose()
                continue
            tag["src"] = url
        elif "src" in tag.attrs:
            del tag.attrs["src"]
        if name != "meta":
            tag.attrs.pop("content", None)
    return str(soup)


class PackFetchRefused(ValueError):
    pass


class SafeURLFetcher(URLFetcher):
    """Serves ``file://`` URLs under the allowed roots and ``data:`` images; refuses
    everything else (the refusal is logged by WeasyPrint and the resource left out)."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "file":
            return self._fetch_file(url)
        if scheme == "data" and url[5:].lower().startswith(DATA_IMAGE_TYPES):
            return super().fetch(url, headers)
        return self._refuse(url)

    def _fetch_file(self, url):
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return self._refuse(url)
        real = safe_path(url2pathname(unquote(parts.path)))
        if real is None:
            return self._refuse(url)
        content_type = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        if real.suffix == ".css":
            content_type = "text/css"
        return URLFetcherResponse(
            real.as_uri(), real.read_bytes(), headers={"Content-Type": content_type}
        )

    def _refuse(self, url):
        self.refused.append(url[:200])
        raise PackFetchRefused(f"Packs may not read {url[:200]}")
