"""How packs read a branches ``Session``: the one module here that knows its
fields. Imports from ``branches`` stay inside the functions, so packs work
(for modules and courses) on a site without branches."""

import hashlib

from assembly.selectors import pack_assembly, pack_fingerprint

from .documents.links import page_address


def expected_members(session) -> list[dict]:
    """The people the session expects (``branches.sign_in.sign_in_list``), in
    the order printed: the names shown and who needs large print, nothing else."""
    from branches.sign_in import sign_in_list

    return [
        {
            "pk": member.pk,  # on the sign-in sheet's QR code
            "name": member.display_name,
            "large_print": bool(member.large_print),
        }
        for member in sign_in_list(session=session)
    ]


def sign_in_sheet_insert(*, html: str, sign_in: dict) -> str:
    """The sanitised pack ``html`` with the session's sign-in sheet where the
    template left ``sign_in``'s placeholder: the pages scans prints and reads
    back (``scans.printing``), naming ``branches.sign_in.sign_in_list``."""
    from scans.printing import sheet_pages_html

    placeholder = f'<div class="sign-in-sheet-here-{sign_in["token"]}"></div>'
    pages = sheet_pages_html(session=sign_in["session"], large=sign_in["large"])
    return html.replace(placeholder, pages, 1)


def is_sheet_page(page) -> bool:
    """Whether a page of a rendered pack (WeasyPrint's) is a sign-in sheet page."""
    return any(anchor.startswith("scan-sheet-page-") for anchor in page.anchors)


def library_readings(session) -> list[dict]:
    """The session's library readings, in order, as values the module reading
    code reads (``documents.reading_sections``: ``text``, ``section``,
    ``section_id``, ``pages``), with their citation and address. A text that
    is not (or no longer) published keeps its citation but is not printed."""
    found = []
    for reading in session.library_reading_list:
        text = reading.text if reading.text_id and reading.text.live else None
        url = ""
        if text is not None:
            subpath = ""
            if reading.section_id and reading.section.anchor:
                subpath = text.reverse_subpage("section", args=[reading.section.anchor])
            # Printed, so on the site's real address (WAGTAILADMIN_BASE_URL).
            url = page_address(page=text, subpath=subpath)
        found.append(
            {
                "text": text,
                "section": reading.section.title if reading.section_id else "",
                "section_id": reading.section_id,
                "pages": reading.pages,
                "cite": reading.cite,
                "cite_from": reading.cite_from,
                "cite_to": reading.cite_to,
                "title": reading.text_title,
                "citation": reading.citation,
                "url": url,
            }
        )
    return found


def library_texts(session) -> list:
    """The library texts the session's readings print (for the pack's revision)."""
    return [r["text"] for r in library_readings(session) if r["text"] is not None]


def fingerprint(session) -> str:
    """Changes when anything printed about the session changes (it has no
    ``updated_at``): its details, its library readings and its expected members."""
    venue = session.venue
    parts = [
        session.title,
        str(session.date),
        str(session.start_time),
        str(session.end_time),
        session.facilitator,
        str(session.module_id),
        session.branch.name,
        session.readings,
        f"{venue.name}|{venue.address}" if venue else "",
    ]
    parts.extend(
        f"reading|{r.text_id}|{r.section_id}|{r.pages}|{r.cite}|{r.cite_from}|{r.cite_to}"
        for r in session.library_reading_list
    )
    parts.extend(
        f"{m['pk']}|{m['name']}|{m['large_print']}" for m in expected_members(session)
    )
    # assembly (issue 15): the last record, open actions and ballot slips.
    parts.append(pack_fingerprint(session=session))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def assembly(session, options) -> dict:
    """assembly (issue 15): "Last time we agreed…", open actions and, in the
    facilitator's edition, numbered ballot slips (``templates/packs/_*.html``)."""
    return pack_assembly(session=session, facilitator=options.facilitator)


def title(session) -> str:
    if session.title:
        return session.title
    if session.module_id:
        return session.module.title
    return session.display_title


def details(session) -> dict:
    """For the cover: branch, date, time and venue; and how many of each print."""
    venue = session.venue
    time = f"{session.start_time:%H:%M}"
    if session.end_time:
        time += f" to {session.end_time:%H:%M}"
    counts = print_counts([session])[session.pk]
    return {
        "branch": session.branch.name,
        "group": session.group.name if session.group_id else "",
        "date": f"{session.date:%A} {session.date.day} {session.date:%B %Y}",
        "time": time,
        "venue": ", ".join(
            p for p in [venue.name, " ".join(venue.address.split())] if p
        )
        if venue
        else "",
        "facilitator": session.facilitator,
        "readings": session.other_reading_lines,
        "print_counts": f"{counts['large']} large print, {counts['clear']} clear print"
        if counts["large"] or counts["clear"]
        else "",
    }


def is_session_organiser(*, user, session) -> bool:
    """Organisers of the session's branch and national staff
    (``branches.access.is_branch_organiser``): a session's pack names its people."""
    from branches.access import is_branch_organiser

    return is_branch_organiser(user, session.branch_id)


def sessions_to_print(*, user, days: int = 31, branch_id: int | None = None):
    """The sessions of the user's branches from today to ``days`` ahead, in date
    order: what the branch print page lists."""
    import datetime

    from django.utils import timezone

    from branches.access import scope_to_user
    from branches.models import Session

    today = timezone.localdate()
    sessions = scope_to_user(Session.objects.all(), user).filter(
        date__gte=today, date__lte=today + datetime.timedelta(days=days)
    )
    if branch_id is not None:
        sessions = sessions.filter(branch_id=branch_id)
    return sessions.select_related("branch", "group", "module").order_by(
        "date", "start_time", "pk"
    )


def print_counts(sessions) -> dict[int, dict]:
    """How many copies of each print size, per session: the people its
    sign-in sheet names (``branches.sign_in.sign_in_lists``) who need large
    print, and the rest in clear print. Two queries for any number of sessions."""
    from branches.sign_in import sign_in_counts, sign_in_lists

    lists = sign_in_lists(sessions=sessions)
    return {pk: sign_in_counts(members=members) for pk, members in lists.items()}
