"""A session's library readings: chosen in the session's admin form (a text,
and a section of it or pages), linked from the branch's public programme and
named in its calendar feed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ReferenceIndex

from branches.forms import BranchScopedForm
from branches.models import Session, SessionReading
from branches.views.viewsets import SessionViewSet
from tests.factories.branches import SessionFactory, SessionReadingFactory
from tests.factories.library import TextPageFactory

pytestmark = pytest.mark.django_db

PREFIX = "library_readings"  # the InlinePanel's formset: Session.library_readings


def section_of(text, title):
    return text.sections.get(title=title)


def form_data(branch, readings=(), existing=(), **fields):
    """The session's admin form as a browser posts it: the fields, then the
    readings' formset (``existing`` are SessionReadings already saved)."""
    data = {
        "branch": branch.pk,
        "group": "",
        "title": "The handbook, chapter two",
        "date": "2030-03-12",
        "start_time": "19:00",
        "end_time": "21:00",
        "venue": "",
        "facilitator": "Tess",
        "module": "",
        "readings": "Tressell, The Ragged Trousered Philanthropists, chapter 1",
        **fields,
    }
    rows = [
        {"id": r.pk, "text": r.text_id, "section": r.section_id or "", "pages": r.pages}
        for r in existing
    ] + [
        {"id": "", "text": text.pk, "section": section.pk if section else "", "pages": pages}
        for text, section, pages in readings
    ]
    data.update(
        {
            f"{PREFIX}-TOTAL_FORMS": len(rows),
            f"{PREFIX}-INITIAL_FORMS": len(existing),
            f"{PREFIX}-MIN_NUM_FORMS": 0,
            f"{PREFIX}-MAX_NUM_FORMS": 1000,
        }
    )
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"{PREFIX}-{n}-{key}"] = value
        data[f"{PREFIX}-{n}-ORDER"] = n + 1
    return data


def test_the_session_form_is_still_branch_scoped():
    form_class = SessionViewSet().get_form_class()
    assert issubclass(form_class, BranchScopedForm)
    assert PREFIX in form_class.formsets


def test_organiser_adds_a_session_with_library_readings(
    client, organiser_a, branch_a, handbook, pamphlet
):
    client.force_login(organiser_a)
    form = client.get(reverse("branches_session:add")).content.decode()
    assert f'name="{PREFIX}-TOTAL_FORMS"' in form
    assert '<optgroup label="The Branch Handbook">' in form  # sections by text
    assert "CHAPTER-ONE-TEXT" not in form  # and never their text

    response = client.post(
        reverse("branches_session:add"),
        form_data(
            branch_a,
            readings=[
                (handbook, section_of(handbook, "Chapter II: The Vote"), "12-19"),
                (pamphlet, None, "3-5"),
            ],
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get(branch=branch_a, title="The handbook, chapter two")
    readings = session.library_reading_list
    assert [(r.text, r.section, r.pages) for r in readings] == [
        (handbook, section_of(handbook, "Chapter II: The Vote"), "12-19"),
        (pamphlet, None, "3-5"),
    ]
    assert readings[0].citation == "The Branch Handbook, Chapter II: The Vote, pages 12-19"
    assert session.other_reading_lines == [
        "Tressell, The Ragged Trousered Philanthropists, chapter 1"
    ]
    # Not in the reference index, which TextPage.courses_citing reads as modules'.
    assert not ReferenceIndex.get_references_to(handbook).exists()


def test_organiser_edits_the_readings(client, organiser_a, session_a, handbook, pamphlet):
    kept = SessionReadingFactory(session=session_a, text=pamphlet, pages="1-2")
    client.force_login(organiser_a)
    url = reverse("branches_session:edit", args=[session_a.pk])
    assert "Why Unions" in client.get(url).content.decode()
    data = form_data(
        session_a.branch,
        existing=[kept],
        readings=[(handbook, section_of(handbook, "Chapter I: The Meeting"), "")],
        group=session_a.group_id,
        date=session_a.date.isoformat(),
    )
    data[f"{PREFIX}-0-pages"] = "1-4"
    # The new reading first, the pamphlet second.
    data[f"{PREFIX}-0-ORDER"], data[f"{PREFIX}-1-ORDER"] = 2, 1

    assert client.post(url, data).status_code == 302

    assert [(r.text, r.pages) for r in session_a.library_reading_list] == [
        (handbook, ""),
        (pamphlet, "1-4"),
    ]
    kept.refresh_from_db()
    assert kept.pages == "1-4"  # the same row, edited


def test_a_section_of_another_text_is_refused_and_nothing_saved(
    client, organiser_a, branch_a, session_a, handbook, pamphlet
):
    client.force_login(organiser_a)
    wrong = [(handbook, section_of(pamphlet, "Part One: The Shop Floor"), "")]

    response = client.post(
        reverse("branches_session:add"), form_data(branch_a, readings=wrong)
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "“Part One: The Shop Floor” is a section of another text: choose one of "
        "“The Branch Handbook”, or none for the whole text."
    ) in html
    assert not Session.objects.filter(title="The handbook, chapter two").exists()

    url = reverse("branches_session:edit", args=[session_a.pk])
    data = form_data(branch_a, readings=wrong, group=session_a.group_id, title="Renamed")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "is a section of another text" in response.content.decode()
    session_a.refresh_from_db()
    assert session_a.title != "Renamed"
    assert not SessionReading.objects.exists()


def test_a_draft_text_cannot_be_chosen(client, organiser_a, branch_a, library):
    draft = TextPageFactory(parent=library, title="Not Yet Out", live=False)
    client.force_login(organiser_a)
    response = client.post(
        reverse("branches_session:add"), form_data(branch_a, readings=[(draft, None, "")])
    )
    assert response.status_code == 200
    assert "“Not Yet Out” is not published in the library." in response.content.decode()
    assert not Session.objects.filter(branch=branch_a, title__startswith="The handbook").exists()


def test_organiser_of_b_cannot_see_or_change_as_readings(
    client, organiser_b, session_a, handbook
):
    reading = SessionReadingFactory(session=session_a, text=handbook, pages="7")
    client.force_login(organiser_b)
    url = reverse("branches_session:edit", args=[session_a.pk])
    assert client.get(url).status_code == 404
    data = form_data(
        session_a.branch,
        existing=[reading],
        group=session_a.group_id,
        title="Hijacked",
    )
    data[f"{PREFIX}-0-pages"] = "666"
    assert client.post(url, data).status_code == 404
    reading.refresh_from_db()
    assert reading.pages == "7"
    # Nor can B's own session take A's reading by naming its id: the formset
    # only knows B's session's readings, so the row posted is a new one of B's.
    own = SessionFactory(branch=organiser_b.branch_roles.get().branch)
    data = form_data(own.branch, existing=[reading], group=own.group_id)
    data[f"{PREFIX}-0-pages"] = "8"
    client.post(reverse("branches_session:edit", args=[own.pk]), data)
    reading.refresh_from_db()
    assert (reading.session, reading.pages) == (session_a, "7")
    assert [r.pk for r in session_a.library_reading_list] == [reading.pk]
    assert reading.pk not in [r.pk for r in own.library_reading_list]


def test_the_public_programme_links_the_readings(client, branch_a, group_a, handbook, pamphlet):
    session = SessionFactory(
        branch=branch_a,
        group=group_a,
        title="Coming one",
        date=datetime.date.today() + datetime.timedelta(days=3),
        readings="Tressell, chapter 1",
    )
    section = section_of(handbook, "Chapter II: The Vote")
    SessionReadingFactory(session=session, text=handbook, section=section, pages="12-19")
    SessionReadingFactory(session=session, text=pamphlet)

    html = client.get(f"/branches/{branch_a.slug}/").content.decode()

    section_url = f"{handbook.url}{section.anchor}/"
    assert section_url == "/library/the-branch-handbook/chapter-ii-the-vote/"
    assert (
        f'<a href="{section_url}">The Branch Handbook, Chapter II: The Vote, pages 12-19</a>'
        in html
    )
    assert f'<a href="{pamphlet.url}">Why Unions</a>' in html
    assert "<li>Tressell, chapter 1</li>" in html
    assert "CHAPTER-TWO-TEXT" in client.get(section_url).content.decode()


def test_a_withdrawn_text_leaves_its_citation_unlinked(client, branch_a, group_a, handbook):
    session = SessionFactory(
        branch=branch_a, group=group_a, date=datetime.date.today() + datetime.timedelta(days=1)
    )
    reading = SessionReadingFactory(session=session, text=handbook, pages="12-19")
    handbook.unpublish()
    html = client.get(f"/branches/{branch_a.slug}/").content.decode()
    assert "<li>The Branch Handbook, pages 12-19</li>" in html

    handbook.delete()  # SET_NULL: the session keeps the reading and its pages
    reading.refresh_from_db()
    assert reading.text is None
    assert reading.citation == "A text no longer in the library, pages 12-19"
    html = client.get(f"/branches/{branch_a.slug}/").content.decode()
    assert "<li>A text no longer in the library, pages 12-19</li>" in html


def test_the_calendar_names_the_readings(client, branch_a, group_a, handbook):
    session = SessionFactory(
        branch=branch_a, group=group_a, date=datetime.date(2027, 3, 2), readings="Tressell, chapter 1"
    )
    SessionReadingFactory(
        session=session,
        text=handbook,
        section=section_of(handbook, "Chapter II: The Vote"),
        pages="12-19",
    )
    body = client.get(f"/branches/{branch_a.slug}/calendar.ics").content.decode()
    unfolded = body.replace("\r\n ", "")
    assert (
        "Readings: The Branch Handbook\\, Chapter II: The Vote\\, pages 12-19\\; "
        "Tressell\\, chapter 1"
    ) in unfolded


def test_the_public_programme_does_not_query_per_reading(
    client, django_assert_max_num_queries, branch_a, group_a, handbook, pamphlet
):
    """The branch's page and feed load every session's readings at once."""

    def add_session(day):
        session = SessionFactory(
            branch=branch_a, group=group_a, date=datetime.date.today() + datetime.timedelta(days=day)
        )
        SessionReadingFactory(
            session=session, text=handbook, section=section_of(handbook, "Chapter II: The Vote")
        )
        SessionReadingFactory(session=session, text=pamphlet, pages="3-5")

    add_session(1)
    client.get(f"/branches/{branch_a.slug}/")  # warm the site-root cache
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/branches/{branch_a.slug}/").status_code == 200
    for day in range(2, 12):
        add_session(day)
    with django_assert_max_num_queries(len(one)):
        html = client.get(f"/branches/{branch_a.slug}/").content.decode()
    assert html.count("Why Unions, pages 3-5") == 11
    with django_assert_max_num_queries(len(one)):
        body = client.get(f"/branches/{branch_a.slug}/calendar.ics").content.decode()
    assert body.replace("\r\n ", "").count("Why Unions\\, pages 3-5") == 11
