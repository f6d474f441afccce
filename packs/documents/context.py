"""What a pack prints, in order: the context ``templates/packs/pack.html``
lays out. Reads only; the rendering is in ``packs.services``."""

import secrets

from django.utils.html import strip_tags

from courses.models import CoursePage, ModulePage

from .. import sessions
from ..options import PackOptions
from .links import online
from .parts import PackPart, part_build
from .plan import session_plan
from .readings import print_once, reading_sections
from .sources import PackSource

# A cover keeps the first words of a long summary; the rest would push it
# onto a second page in large print.
COVER_SUMMARY_WORDS = 60


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


def session_sign_in(session, options: PackOptions) -> dict:
    """Where the facilitator's edition prints the session's sign-in sheet: a
    placeholder that ``sessions.sign_in_sheet_insert`` swaps for the sheet's
    pages after the document is sanitised (its drawing and positions are
    not what the sanitiser lets through). A large-print pack's sheet is in
    large print too."""
    return {"session": session, "token": secrets.token_hex(8), "large": options.large}


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
            "online": online(page=reading["text"]),
        }
        for number, reading in enumerate(sessions.library_readings(session), start=1)
    ]


def _contents(
    *,
    plan,
    session: dict | None,
    parts: list[PackPart],
    whole_course: bool,
    back_matter,
) -> list[dict]:
    """The pack's table of contents: the session's readings, each module's
    parts (a whole course lists its modules only), then the back matter
    (``(anchor, label, present)``) that is there."""
    contents = []
    if plan:
        contents.append({"anchor": "plan", "label": "Session plan", "level": 1})
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


def _print_each_reading_once(*, session: dict | None, parts: list[PackPart]) -> None:
    """Each library section printed in full once, where it first comes: the
    session's readings come before the module's."""
    printed: dict = {}
    for reading in session["library_readings"] if session else []:
        reading["sections"] = print_once(
            sections=reading["sections"], printed=printed, anchor=reading["anchor"]
        )
    for part in parts:
        for item in part.items:
            if item.text:
                item.text = print_once(
                    sections=item.text, printed=printed, anchor=item.anchor
                )


def _cover_summary(source: PackSource, modules: list[ModulePage]) -> str:
    summary = strip_tags(
        getattr(source.obj, "summary", "")
        or (modules[0].objective if len(modules) == 1 else "")
    )
    words = summary.split()
    if len(words) <= COVER_SUMMARY_WORDS:
        return summary
    return " ".join(words[:COVER_SUMMARY_WORDS]) + "…"


def _plan(*, source: PackSource, options: PackOptions, parts, session):
    """The session plan, for a facilitator's edition of one module or session."""
    if not options.facilitator or len(parts) > 1:
        return None
    if source.kind == "session":
        obj = source.obj
        return (
            session_plan(
                parts=parts,
                start=obj.start_time,
                end=obj.end_time,
                print_counts=session["print_counts"],
            )
            or None
        )
    return session_plan(parts=parts) or None


def pack_context(*, source: PackSource, options: PackOptions, dedupe=True) -> dict:
    """Everything ``templates/packs/pack.html`` lays out. ``dedupe=False`` prints
    a reading at every citation (for the benchmark's before-and-after)."""
    modules = source.module_pages
    whole_course = isinstance(source.obj, CoursePage)
    parts = [
        part_build(module, f"m{number}", options)
        for number, module in enumerate(modules, start=1)
    ]
    for part in parts:
        part.online = online(page=part.module)
    course = source.course
    glossary = _glossary(modules)
    further = _further_reading(modules)
    session = sign_in = None
    if source.kind == "session":
        session = session_details(source.obj)
        session["library_readings"] = session_library_readings(source.obj)
        if options.facilitator:
            sign_in = session_sign_in(source.obj, options)
    if dedupe:
        _print_each_reading_once(session=session, parts=parts)
    plan = _plan(source=source, options=options, parts=parts, session=session)
    contents = _contents(
        plan=plan,
        session=session,
        parts=parts,
        whole_course=whole_course,
        back_matter=[
            ("glossary", "Key terms", bool(glossary)),
            ("further", "Where to find out more", bool(further)),
            # A booklet's sheet is on A4 pages after it, not one of its pages.
            ("sign-in", "Sign-in sheet", sign_in is not None and not options.booklet),
        ],
    )
    title = source.title
    cover_page = source.obj if source.kind == "page" else (modules or [None])[0]
    return {
        "source": source,
        "options": options,
        "title": title,
        "course_title": course.title if course and course.title != title else "",
        "summary": _cover_summary(source, modules),
        "cover_online": online(page=cover_page),
        "whole_course": whole_course,
        "parts": parts,
        "plan": plan,
        "contents": contents,
        "glossary": glossary,
        "further": further,
        "session": session,
        "sign_in": sign_in,
        "assembly": sessions.assembly(source.obj, options) if session else None,
        "show_facilitator_notes": options.facilitator,
        "large_print": options.large,
    }
