"""The branch print page: the coming month's sessions of the organiser's
branches, how many of each print size, and "print everything" as one PDF."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.branches import (
    MemberFactory,
    ReadingGroupFactory,
    SessionFactory,
    organiser_of,
)

pytestmark = pytest.mark.django_db

PRINT_PAGE = "/admin/packs/print/"


def _in(days: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def group_a(branch_a):
    return ReadingGroupFactory(branch=branch_a, name="Tuesday group")


@pytest.fixture
def session_a(branch_a, group_a, module):
    for name, large in [("Ada Lovelace", True), ("Bessie Braddock", False)]:
        group_a.members.add(
            MemberFactory(branch=branch_a, name=name, large_print=large)
        )
    group_a.members.add(
        MemberFactory(branch=branch_a, name="Clement Attlee", large_print=True)
    )
    # In the branch but not the group: neither named nor counted.
    MemberFactory(branch=branch_a, name="Branch Only", large_print=True)
    return SessionFactory(
        branch=branch_a, group=group_a, title="Next Tuesday", date=_in(5), module=module
    )


def test_organiser_sees_their_coming_month_only(
    client, branch_a, branch_b, organiser_a
):
    SessionFactory(branch=branch_a, title="Tonight A", date=_in(0))
    SessionFactory(branch=branch_a, title="In a month A", date=_in(31))
    SessionFactory(branch=branch_a, title="Yesterday A", date=_in(-1))
    SessionFactory(branch=branch_a, title="Too far A", date=_in(32))
    SessionFactory(branch=branch_b, title="Soon B", date=_in(3))
    client.force_login(organiser_a)
    response = client.get(PRINT_PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tonight A" in html and "In a month A" in html
    assert "Yesterday A" not in html and "Too far A" not in html
    assert "Soon B" not in html
    assert "Print packs" in client.get("/admin/").content.decode()  # the menu
    # Another branch asked for by id: not confirmed to exist.
    assert client.get(PRINT_PAGE, {"branch": branch_b.pk}).status_code == 404


def test_branch_filter_for_an_organiser_of_two(client, branch_a, branch_b):
    SessionFactory(branch=branch_a, title="Soon A", date=_in(2))
    SessionFactory(branch=branch_b, title="Soon B", date=_in(3))
    client.force_login(organiser_of(branch_a, branch_b))
    html = client.get(PRINT_PAGE).content.decode()
    assert "Soon A" in html and "Soon B" in html
    html = client.get(PRINT_PAGE, {"branch": branch_b.pk}).content.decode()
    assert "Soon B" in html and "Soon A" not in html
    assert client.get(PRINT_PAGE, {"branch": "x"}).status_code == 404


def test_staff_see_every_branch_and_no_other(client, branch_a, branch_b, admin_user):
    SessionFactory(branch=branch_b, title="Soon B", date=_in(3))
    client.force_login(admin_user)
    assert "Soon B" in client.get(PRINT_PAGE).content.decode()
    assert client.get(PRINT_PAGE, {"branch": 999999}).status_code == 404


def test_user_without_a_branch_is_refused(client, learner):
    client.force_login(learner)  # not in the admin at all
    response = client.get(PRINT_PAGE)
    assert response.status_code == 302 and "/login/" in response["Location"]
    from django.contrib.auth.models import Group

    # In the admin but organiser of no branch: Wagtail turns the 403 into a
    # redirect to the dashboard with "Sorry, you do not have permission".
    learner.groups.add(Group.objects.get(name="Branch organisers"))
    response = client.get(PRINT_PAGE)  # the new role needs a second factor first
    assert response["Location"].startswith(reverse("two_factor_setup"))
    client.force_login(learner)  # logs in again, giving it
    response = client.get(PRINT_PAGE)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_counts_and_buttons(client, session_a, organiser_a):
    MemberFactory(branch__name="Elsewhere", name="Other", large_print=True)
    session_a.group.members.add(
        MemberFactory(
            branch=session_a.branch,
            name="Joins later",
            joined_on=_in(10),
            large_print=True,
        )
    )
    SessionFactory(
        branch=session_a.branch, group=session_a.group, title="Later", date=_in(12)
    )
    client.force_login(organiser_a)
    html = client.get(PRINT_PAGE).content.decode()
    rows = html.split("Later")
    assert "2 large print, 1 clear print" in rows[0]  # next Tuesday's register
    assert "3 large print, 1 clear print" in rows[1]  # the newcomer joined by then


def test_the_print_page_does_not_query_per_session(
    client, session_a, organiser_a, django_assert_num_queries
):
    client.force_login(organiser_a)
    client.get(PRINT_PAGE)  # the session and permissions, cached
    with CaptureQueriesContext(connection) as one_session:
        client.get(PRINT_PAGE)
    for days in range(6, 12):
        SessionFactory(branch=session_a.branch, title=f"Day {days}", date=_in(days))
    with django_assert_num_queries(len(one_session)):
        html = client.get(PRINT_PAGE).content.decode()
    assert html.count("large print, ") == 7
    url = reverse("packs:session", args=[session_a.pk])
    for query in [
        "edition=learner&amp;size=clear",
        "edition=learner&amp;size=large",
        "edition=learner&amp;size=clear&amp;booklet=1",
        "edition=facilitator&amp;size=clear",
        "edition=bundle&amp;size=clear",
    ]:
        assert f'href="{url}?{query}"' in html


def test_print_everything_is_one_pdf_of_all_three(
    client, session_a, organiser_a, read_pdf
):
    client.force_login(organiser_a)
    url = reverse("packs:session", args=[session_a.pk]) + "?edition=bundle"
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    pdf = read_pdf(b"".join(response.streaming_content))
    covers = [n for n, page in enumerate(pdf.pages) if "Next Tuesday" in page[:200]]
    assert "Facilitator's edition" in pdf.pages[0]
    learner_cover = next(
        n for n, page in enumerate(pdf.pages) if "Learner's pack" in page[:300]
    )
    assert learner_cover > 0 and learner_cover in covers
    facilitator, learner = pdf.pages[:learner_cover], pdf.pages[learner_cover:]
    assert "SECRET-FACILITATOR-NOTE" in "\n".join(facilitator)
    assert "SECRET-FACILITATOR-NOTE" not in "\n".join(learner)
    assert "OPENING-TEXT-MARKER" in "\n".join(learner)
    sheet = next(page for page in facilitator if page.startswith("Sign-in sheet"))
    names = re.findall(r"^\d+ (.+?)\s*$", sheet, re.M)
    assert names == ["Ada Lovelace", "Bessie Braddock", "Clement Attlee"]


def test_print_everything_is_refused_to_learners_and_other_branches(
    client, session_a, learner, organiser_b
):
    url = reverse("packs:session", args=[session_a.pk]) + "?edition=bundle"
    client.force_login(learner)
    assert client.get(url).status_code == 403
    client.force_login(organiser_b)
    assert client.get(url).status_code == 403


def test_a_regional_officer_is_offered_no_pack_that_names_people(
    client, session_a, branch_a
):
    from branches.models import RegionalOfficer

    officer = organiser_of(email="officer@example.org")
    RegionalOfficer.objects.create(user=officer, region=branch_a.region)
    client.force_login(officer)
    html = client.get(PRINT_PAGE).content.decode()
    assert "Next Tuesday" in html and "2 large print, 1 clear print" in html
    assert "edition=learner" in html
    assert "edition=facilitator" not in html and "edition=bundle" not in html
    assert reverse("branches_organise:sign_in_sheet", args=[session_a.pk]) not in html


def _made(session, slug: str, pages: int):
    from packs.models import PackFile

    edition, size, *booklet = slug.split("-")
    return PackFile.objects.create(
        key=f"session:{session.pk}:{slug}",
        source_kind="session",
        source_id=session.pk,
        revision="r1",
        options_slug=slug,
        edition=edition,
        size=size,
        booklet=bool(booklet),
        status=PackFile.Status.READY,
        page_count=pages,
    )


def test_the_organiser_is_warned_before_printing_a_long_booklet(
    client, session_a, organiser_a
):
    short = SessionFactory(
        branch=session_a.branch, group=session_a.group, title="Short one", date=_in(9)
    )
    # A booklet already made: its instructions sheet (2 sides), then 25 sheets
    # (50 sides of two A5 pages): three sections of at most 10 sheets.
    _made(session_a, "learner-clear-booklet", 2 + 50)
    _made(session_a, "learner-clear", 40)  # the booklet's own count wins
    # Only the A4 pack made: 6 A4 pages, about 12 A5 pages, 3 sheets.
    _made(short, "learner-clear", 6)
    client.force_login(organiser_a)
    html = client.get(PRINT_PAGE).content.decode()
    long_row, short_row = html.split("<h2>Short one", 1)
    assert (
        "<strong>Before you print the A5 booklet:</strong> it is 25 sheets of A4 "
        "after the instructions sheet, in 3 sections of at most 10 sheets"
    ) in long_row
    assert "Before you print" not in short_row
    assert (
        "The A5 booklet: about 3 sheets of A4 after the instructions sheet, "
        "folded and stapled as one."
    ) in short_row
