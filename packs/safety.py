"""What may reach WeasyPrint: sanitised HTML, and only our own files.

Two gates, so that a mistake in one is caught by the other:

* ``sanitise_html`` keeps an allowlist of tags and attributes, drops
  ``<link>``, ``<script>``, ``<iframe>``, ``<object>``, styles and any
  ``src`` that is not one of our own media or static files, and rewrites the
  ones it keeps to ``file://`` URLs under the static folders, or, for
  uploads, to ``storage-media:<name>`` URLs;
* ``SafeURLFetcher`` refuses everything but files under the site's static
  folders (after resolving symlinks), uploads read through the public
  storage's API (``storages["default"]``: ``MEDIA_ROOT`` on a shared disk or
  an S3-compatible store alike) and ``data:`` images. There is no network
  handler at all, so no address and no redirect can be reached: an upload on
  S3 is read by the storage's own client, by name, never by its URL.
"""

import mimetypes
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit
from urllib.request import url2pathname

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
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
# Uploads, by their name in the public storage: "storage-media:images/a.png".
MEDIA_SCHEME = "storage-media"
DATA_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")


def allowed_roots() -> list[Path]:
    """Folders WeasyPrint may read by path: the print and static files."""
    return [Path(p).resolve() for p in settings.PACKS_ALLOWED_ROOTS]


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


def media_storage():
    return storages["default"]


def _storage_url_prefix(storage) -> str:
    """Where the storage's URLs start ("/media/", or the bucket's address)."""
    probe = "probe.png"
    url = storage.url(probe)
    return url.split("?", 1)[0][: -len(probe)]


def media_name(src: str) -> str | None:
    """The storage name of one of our uploads' URLs, else None (anything with
    a ``..`` part, a NUL or a leading slash is not a name we made)."""
    src = src.strip()
    prefixes = {_storage_url_prefix(media_storage())}
    if settings.MEDIA_URL:
        prefixes.add(settings.MEDIA_URL)
    for prefix in sorted(prefixes, key=len, reverse=True):
        if prefix and src.startswith(prefix):
            name = unquote(urlsplit(src[len(prefix) :]).path)
            return name if _plausible_name(name) else None
    return None


def _plausible_name(name: str) -> bool:
    parts = name.split("/")
    return (
        bool(name)
        and "\0" not in name
        and not name.startswith("/")
        and (".." not in parts and "" not in parts)
    )


def local_file_url(src: str) -> str | None:
    """An upload as a ``storage-media:`` URL, or ``/static/...`` as a ``file://``
    URL of an allowed file; None for anything else or a file that is not there."""
    name = media_name(src)
    if name is not None:
        if not media_storage().exists(name):
            return None
        return f"{MEDIA_SCHEME}:{quote(name)}"
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    candidate = None
    if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
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
        if scheme == MEDIA_SCHEME:
            return self._fetch_media(url)
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

    def _fetch_media(self, url):
        """An upload, read through the public storage's API by its name."""
        name = unquote(url[len(MEDIA_SCHEME) + 1 :])
        storage = media_storage()
        if not _plausible_name(name) or not self._inside_local_storage(storage, name):
            return self._refuse(url)
        try:
            with storage.open(name, "rb") as upload:
                body = upload.read()
        except (OSError, SuspiciousFileOperation):
            return self._refuse(url)
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, headers={"Content-Type": content_type})

    @staticmethod
    def _inside_local_storage(storage, name: str) -> bool:
        """On a disk, the file's real path (symlinks resolved) must stay in the
        storage's folder; a remote store has no paths to escape by."""
        try:
            path = Path(storage.path(name))
        except NotImplementedError:
            return True
        except SuspiciousFileOperation:
            return False
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return False
        return real.is_file() and real.is_relative_to(Path(storage.location).resolve())

    def _refuse(self, url):
        self.refused.append(url[:200])
        raise PackFetchRefused(f"Packs may not read {url[:200]}")
