"""The facilitator's edition opens with the session plan (the agenda on the
clock from the session's start, a warning when it runs late, what to bring,
the facilitator notes gathered), and a library reading cited by both the
session and its module prints once."""

import datetime
import re

import pytest

from courses.models import AgendaItem, ModulePage
from packs.options import PackOptions
from packs.services import pack_html, pack_render
from tests.factories.branches import SessionFactory, SessionReadingFactory
from tests.factories.courses import ModulePageFactory, module_body

pytestmark = pytest.mark.django_db

FACILITATOR = PackOptions(edition="facilitator")
NOTE = "SECRET-FACILITATOR-NOTE: keep the pairs mixed."


def _flat(text: str) -> str:
    return " ".join(text.split())


def _page_of(pdf, marker: str, after: int = 0) -> int:
    """The 1-based page the marker is first on, from page ``after`` + 1."""
    for number, page in enumerate(pdf.pages, start=1):
        if number > after and marker in _flat(page):
            return number
    raise AssertionError(f"{marker!r} is on no page")


def test_a_modules_facilitator_edition_opens_with_the_plan(module, read_pdf):
    pdf = read_pdf(pack_render(page=module, options=FACILITATOR))
    plan = _flat(pdf.pages[1])
    assert plan.startswith(("Session plan", "How our party works")), plan[:80]
    assert "Session plan" in plan
    # The agenda from the start (no session, so clock offsets), with the page
    # each item is on.
    assert "Agenda: 55 minutes, 0:00 to 0:55" in plan
    for clock, label, minutes in [
        ("0:00", "Rules for branches", 15),
        ("0:15", "Talking it through", 20),
        ("0:35", "Draft an agenda", 20),
    ]:
        match = re.search(rf"{clock} {label} {minutes} page (\d+)", plan)
        assert match, (clock, label, plan)
        assert label in _flat(pdf.pages[int(match.group(1)) - 1])
    # What to bring, from the activity, and where it is used.
    match = re.search(
        r"You will need Paper and pens \(for Draft an agenda, page (\d+)\)", plan
    )
    assert match, plan
    assert "Activity: Draft an agenda" in _flat(pdf.pages[int(match.group(1)) - 1])
    # The note gathered here, and left in place.
    assert NOTE in plan
    match = re.search(r"In place on page (\d+)", plan)
    in_place = int(match.group(1))
    assert in_place > 2 and NOTE in _flat(pdf.pages[in_place - 1])
    assert _flat(pdf.text).count(NOTE) == 2
    assert "Session plan" in pdf.outline_titles()
    assert "plan runs late" not in plan


def test_the_learner_edition_has_no_plan(module):
    html = pack_html(source=module, options=PackOptions())
    assert "Session plan" not in html and "You will need" not in html.split("</nav>")[0]


@pytest.fixture
def session(module):
    return SessionFactory(
        module=module,
        title="Branch night",
        date=datetime.date(2030, 3, 12),
        start_time=datetime.time(19, 0),
        end_time=datetime.time(21, 0),
    )


def test_a_sessions_plan_is_on_the_clock_from_its_start(session):
    html = _flat(pack_html(source=session, options=FACILITATOR))
    assert "Agenda: 55 minutes, 19:00 to 19:55" in html
    assert re.search(r"<td>19:15</td><td>Talking it through</td><td>20</td>", html)
    assert re.search(r"<td>19:35</td><td>Draft an agenda</td><td>20</td>", html)
    assert "runs late" not in html


def test_a_plan_that_runs_past_the_end_says_so(session, read_pdf):
    session.end_time = datetime.time(19, 45)
    session.save()
    pdf = read_pdf(pack_render(page=session, options=FACILITATOR))
    plan = _flat(pdf.pages[1])
    assert "Warning: the plan runs late." in plan
    assert "run 10 minutes past the session's end at 19:45" in plan


def test_the_plan_reads_the_modules_agenda(session, monkeypatch):
    """One owner: a different agenda (``ModulePage.agenda_of``) moves the plan."""
    module = session.module
    timed = [a.position for a in module.agenda_of(module.body)]
    other = [
        AgendaItem(label=f"Item {n}", minutes=30, start=30 * n, position=position)
        for n, position in enumerate(timed)
    ]
    monkeypatch.setattr(ModulePage, "agenda_of", staticmethod(lambda blocks: other))
    html = _flat(pack_html(source=session, options=FACILITATOR))
    assert "Agenda: 90 minutes, 19:00 to 20:30" in html
    assert "<td>20:00</td><td>Item 2</td><td>30</td>" in html


def test_a_reading_cited_by_the_session_and_its_module_prints_once(
    course, handbook, read_pdf
):
    body = module_body(blocks_count=7)
    body[1] = (
        "reading",
        {
            "title": "The Branch Handbook",
            "chapter": "The vote",
            "text": handbook,
            "section": "Chapter II: The Vote",
            "introduction": "<p>Read how a vote is taken.</p>",
            "minutes": 15,
        },
    )
    module = ModulePageFactory(parent=course, title="Voting", body=body)
    session = SessionFactory(module=module, date=datetime.date(2030, 3, 12))
    SessionReadingFactory(
        session=session,
        text=handbook,
        section=handbook.sections.get(title="Chapter II: The Vote"),
    )
    marker = "CHAPTER-TWO-TEXT: a motion needs a seconder."

    twice = read_pdf(_render_without_dedupe(session))
    assert _flat(twice.text).count(marker) == 2

    once = read_pdf(pack_render(page=session, options=FACILITATOR))
    assert _flat(once.text).count(marker) == 1
    printed_on = _page_of(once, marker)
    reference = re.search(
        r"Chapter II: The Vote is printed in full once in this pack, on page (\d+)",
        _flat(once.text),
    )
    assert reference and int(reference.group(1)) == printed_on
    assert len(once.pages) <= len(twice.pages)


def _render_without_dedupe(session) -> bytes:
    from packs.services import pdf_from_html

    html = pack_html(source=session, options=FACILITATOR, dedupe=False)
    return pdf_from_html(html=html, options=FACILITATOR)
