"""What goes into a pack: the source (a module, a course or a session) and the
context the print templates lay out. Reads only; the rendering is in services."""

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import strip_tags
from wagtail.models import Page

from branches.models import Session
from courses.models import CoursePage, ModulePage

from . import sessions
from .options import PackOptions

SIGN_IN_BLANK_ROWS = 8


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
        parts = []
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
        if len(parts) == 1 and self.kind == "page":
            return str(_page_revision(self.obj))
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


# --- The document --------------------------------------------------------


BLOCK_TITLES = {
    "reading": lambda v: f"Reading: {v.get('title')}",
    "discussion": lambda v: v.get("heading") or "Discussion",
    "activity": lambda v: f"Activity: {v.get('title')}",
    "media": lambda v: v.get("title") or "Video or audio",
}


@dataclass
class PackItem:
    block: Any
    anchor: str
    title: str = ""
    start: int | None = None
    minutes: int = 0
    text: list[dict] = field(default_factory=list)


# A reading with no section chosen is printed whole only up to this length;
# a whole book is left to the library online.
WHOLE_TEXT_MAX_WORDS = 15_000


def reading_sections(value) -> list[dict]:
    """The library sections a reading cites, printed as cited (a section, a
    paragraph or page range: ``library.citations``), numbered as on the web,
    each with its reference so a reader can follow "page 12".

    ``value`` is a module's reading block, or a session's library reading
    (``sessions.library_readings``), which names its section by ``section_id``."""
    from .readings import cited_sections  # readings imports this module

    return cited_sections(value=value, whole_text_max_words=WHOLE_TEXT_MAX_WORDS)


@dataclass
class PackPart:
    module: ModulePage
    anchor: str
    items: list[PackItem] = field(default_factory=list)


def _part(module: ModulePage, anchor: str, options: PackOptions) -> PackPart:
    part = PackPart(module=module, anchor=anchor)
    # Which blocks and fields are for facilitators is the blocks' to say
    # (core.blocks.learner_stream); the learner edition prints the learner view.
    body = module.body if options.facilitator else module.learner_body
    timed = {entry.position: entry for entry in module.agenda_of(body)}
    for index, block in enumerate(body, start=1):
        if block.block_type == "key_terms":
            continue  # gathered into the glossary at the end
        title_of = BLOCK_TITLES.get(block.block_type)
        item = PackItem(
            block=block,
            anchor=f"{anchor}-{index}",
            title=title_of(block.value) if title_of else "",
        )
        if (entry := timed.get(index - 1)) is not None:
            item.start, item.minutes = entry.start, entry.minutes
        if block.block_type == "reading":
            item.text = reading_sections(block.value)
        part.items.append(item)
    return part


def _glossary(modules: list[ModulePage]) -> list[dict]:
    terms: dict[str, dict] = {}
    for module in modules:
        for block in module.learner_body:
            if block.block_type != "key_terms":
                continue
            for item in block.value.get("terms") or []:
                term = (item.get("term") or "").strip()
                if term and term.lower() not in terms:
                    terms[term.lower()] = {
                        "term": term,
                        "definition": item.get("definition", ""),
                    }
    return [terms[key] for key in sorted(terms)]


def _further_reading(modules: list[ModulePage]) -> list[dict]:
    seen, found = set(), []
    for module in modules:
        for block in module.learner_body:
            if block.block_type != "reading":
                continue
            value = block.value
            key = (value.get("title"), value.get("author"), value.get("url"))
            if key in seen:
                continue
            seen.add(key)
            found.append(
                {
                    "title": value.get("title"),
                    "author": value.get("author"),
                    "chapter": value.get("chapter"),
                    "pages": value.get("pages"),
                    "url": value.get("url"),
                }
            )
    return found


def session_expected_members(session) -> list[dict]:
    """The branch's expected members for a session's sign-in sheet, in the
    register's order (filled in when branches provides them)."""
    return sessions.expected_members(session)


def session_details(session) -> dict:
    return sessions.details(session)


def session_library_readings(session) -> list[dict]:
    """A session's library readings, each printed in full as a module's
    library reading is (``reading_sections``)."""
    return [
        {
            **reading,
            "anchor": f"session-reading-{number}",
            "sections": reading_sections(reading),
        }
        for number, reading in enumerate(sessions.library_readings(session), start=1)
    ]


def _contents(
    *, session: dict | None, parts: list[PackPart], whole_course: bool, back_matter
) -> list[dict]:
    """The pack's table of contents: the session's readings, each module's
    parts (a whole course lists its modules only), then the back matter
    (``(anchor, label, present)``) that is there."""
    contents = []
    if session and (session["library_readings"] or session["readings"]):
        contents.append(
            {
                "anchor": "session-readings",
                "label": "Readings for this session",
                "level": 1,
            }
        )
        contents.extend(
            {"anchor": reading["anchor"], "label": reading["citation"], "level": 2}
            for reading in session["library_readings"]
        )
        if session["library_readings"] and session["readings"]:
            contents.append(
                {
                    "anchor": "session-other-readings",
                    "label": "Other readings",
                    "level": 2,
                }
            )
    for part in parts:
        if whole_course:
            contents.append(
                {"anchor": part.anchor, "label": part.module.title, "level": 1}
            )
            continue
        contents.append(
            {
                "anchor": f"{part.anchor}-objective",
                "label": "Objective and agenda",
                "level": 2,
            }
        )
        contents.extend(
            {"anchor": item.anchor, "label": item.title, "level": 2}
            for item in part.items
            if item.title
        )
    contents.extend(
        {"anchor": anchor, "label": label, "level": 1}
        for anchor, label, present in back_matter
        if present
    )
    return contents


def pack_context(*, source: PackSource, options: PackOptions) -> dict:
    """Everything ``templates/packs/pack.html`` lays out."""
    modules = source.module_pages
    whole_course = isinstance(source.obj, CoursePage)
    parts = [
        _part(module, f"m{number}", options)
        for number, module in enumerate(modules, start=1)
    ]
    course = source.course
    glossary = _glossary(modules)
    further = _further_reading(modules)
    session = None
    if source.kind == "session":
        session = session_details(source.obj)
        session["library_readings"] = session_library_readings(source.obj)
    sign_in = None
    if source.kind == "session" and options.facilitator:
        sign_in = {
            "members": session_expected_members(source.obj),
            "blank_rows": range(SIGN_IN_BLANK_ROWS),
        }
    contents = _contents(
        session=session,
        parts=parts,
        whole_course=whole_course,
        back_matter=[
            ("glossary", "Key terms", bool(glossary)),
            ("further", "Where to find out more", bool(further)),
            ("sign-in", "Sign-in sheet", sign_in is not None),
        ],
    )
    title = source.title
    return {
        "source": source,
        "options": options,
        "title": title,
        "course_title": course.title if course and course.title != title else "",
        "summary": strip_tags(
            getattr(source.obj, "summary", "")
            or (modules[0].objective if len(modules) == 1 else "")
        ),
        "whole_course": whole_course,
        "parts": parts,
        "contents": contents,
        "glossary": glossary,
        "further": further,
        "session": session,
        "sign_in": sign_in,
        "assembly": sessions.assembly(source.obj, options) if session else None,
        "show_facilitator_notes": options.facilitator,
        "large_print": options.large,
    }
