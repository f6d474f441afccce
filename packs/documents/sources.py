"""What a pack is printed from: a module, a course or a session, and the
reference (``page:12``, ``session:7``) the stored packs are keyed by."""

import hashlib
from dataclasses import dataclass
from typing import Any

from wagtail.models import Page

from branches.models import Session
from courses.models import CoursePage, ModulePage

from .. import sessions
from ..options import PackOptions

# Part of every pack's revision: bump it when the templates or print styles
# change what a pack looks like, so packs made before are made again.
PACK_LAYOUT = "2026-12-07"


class PackSourceError(LookupError):
    """No module, course or session answers to that reference."""


@dataclass
class PackSource:
    """A thing a pack is printed from: ``page`` (a module or course) or ``session``."""

    kind: str
    obj: Any

    @property
    def pk(self) -> int:
        return self.obj.pk

    @property
    def ref(self) -> str:
        return pack_ref(kind=self.kind, pk=self.obj.pk)

    @property
    def title(self) -> str:
        if self.kind == "session":
            return sessions.title(self.obj)
        return self.obj.title

    @property
    def module_pages(self) -> list[ModulePage]:
        if self.kind == "session":
            module = getattr(self.obj, "module", None)
            return [module.specific] if module is not None else []
        if isinstance(self.obj, CoursePage):
            return list(self.obj.modules().specific())
        return [self.obj]

    @property
    def course(self) -> CoursePage | None:
        if isinstance(self.obj, CoursePage):
            return self.obj
        modules = self.module_pages
        if not modules:
            return None
        parent = modules[0].get_parent()
        return parent.specific if parent else None

    def revision(self, options: PackOptions) -> str:
        """Changes whenever the printed content would: a published edit of the page
        (or of any module of a course), a change to the session or its members."""
        parts = [f"layout {PACK_LAYOUT}"]
        if self.kind == "session":
            parts.append(f"s{self.obj.pk}@{sessions.fingerprint(self.obj)}")
        else:
            parts.append(f"p{self.obj.pk}@{_page_revision(self.obj)}")
        if self.kind == "session" or isinstance(self.obj, CoursePage):
            parts.extend(f"m{m.pk}@{_page_revision(m)}" for m in self.module_pages)
        # Library texts printed in full: a corrected text makes a new pack too.
        texts = _cited_texts(self.module_pages)
        if self.kind == "session":
            texts = _by_pk(texts + sessions.library_texts(self.obj))
        parts.extend(f"t{t.pk}@{_page_revision(t)}" for t in texts)
        if len(parts) == 2 and self.kind == "page":
            return f"{_page_revision(self.obj)}.{PACK_LAYOUT}"
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _page_revision(page: Page) -> int | str:
    return (
        page.live_revision_id or page.latest_revision_id or f"u{page.last_published_at}"
    )


def _cited_texts(modules: list[ModulePage]) -> list[Page]:
    texts = []
    for module in modules:
        for block in module.body:
            if block.block_type == "reading" and hasattr(block.value, "get"):
                text = block.value.get("text")
                if text is not None:
                    texts.append(text)
    return _by_pk(texts)


def _by_pk(pages: list[Page]) -> list[Page]:
    """Each page once, in id order."""
    unique = {page.pk: page for page in pages}
    return [unique[pk] for pk in sorted(unique)]


def pack_source(obj) -> PackSource:
    """The pack source for a page (module or course) or a branches Session."""
    if isinstance(obj, Page):
        specific = obj.specific
        if not isinstance(specific, ModulePage | CoursePage):
            raise PackSourceError(f"“{obj.title}” is not a module or a course.")
        return PackSource(kind="page", obj=specific)
    if isinstance(obj, Session):
        return PackSource(kind="session", obj=obj)
    raise PackSourceError(f"Cannot make a pack of {obj!r}.")


def session_model():
    """The session model: packs sit above branches and print its sessions."""
    return Session


def pack_ref(*, kind: str, pk: int) -> str:
    """A pack source's reference, ``page:12`` or ``session:7``: the one format
    ``PackSource.ref``, the stored packs' keys and ``pack_source_from_ref`` share
    (a ``PackFile`` is ``pack_ref(kind=pack.source_kind, pk=pack.source_id)``)."""
    return f"{kind}:{pk}"


def pack_source_from_ref(ref: str) -> PackSource:
    """A ``pack_ref`` (``page:12``, ``session:7``), or, typed by hand, ``123`` (a
    page id) or ``/courses/a-course/a-module/`` (a page path)."""
    ref = ref.strip()
    if ref.startswith("page:"):
        ref = ref.split(":", 1)[1]
    if ref.startswith("session:"):
        try:
            return pack_source(Session.objects.get(pk=int(ref.split(":", 1)[1])))
        except (ValueError, Session.DoesNotExist) as error:
            raise PackSourceError(f"No session {ref!r}.") from error
    if ref.isdigit():
        page = Page.objects.filter(pk=int(ref)).first()
    else:
        path = "/" + ref.strip("/") + "/"
        page = None
        for candidate in Page.objects.filter(url_path__endswith=path):
            page = candidate
            break
    if page is None:
        raise PackSourceError(f"No page {ref!r}.")
    return pack_source(page)
