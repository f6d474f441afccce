"""Packs for a branch's session: the cover says where and when, and the
facilitator's edition has a sign-in sheet of the branch's expected members."""

import datetime
import re

import pytest
from django.urls import reverse

from packs.options import PackOptions
from packs.services import pack_render

pytestmark = pytest.mark.django_db

branches = pytest.importorskip("branches.models", reason="branches has no models yet")


@pytest.fixture
def branch(db):
    return branches.Branch.objects.create(name="Riverside branch", slug="riverside")


@pytest.fixture
def session(branch, module):
    venue = branches.Venue.objects.create(
        branch=branch, name="Miners' Welfare Hall", address="12 Pit Lane\nRiverside"
    )
    group = branches.ReadingGroup.objects.create(branch=branch, name="Tuesday group")
    for name, preferred, large in [
        ("Zoe Adams", "Abi", False),
        ("Bill Brown", "", True),
        ("Aisha Khan", "", False),
    ]:
        member = branches.Member.objects.create(
            branch=branch,
            name=name,
            preferred_name=preferred,
            large_print=large,
            joined_on=datetime.date(2024, 1, 1),
        )
        group.members.add(member)
    other = branches.Branch.objects.create(name="Hilltop branch", slug="hilltop")
    branches.Member.objects.create(branch=other, name="Other Branch Member")
    branches.Member.objects.create(  # in the branch, not in the group
        branch=branch, name="Branch Only", joined_on=datetime.date(2024, 1, 1)
    )
    group.members.add(  # joins after the session: not expected
        branches.Member.objects.create(
            branch=branch, name="Late Joiner", joined_on=datetime.date(2031, 1, 1)
        )
    )
    return branches.Session.objects.create(
        branch=branch,
        group=group,
        date=datetime.date(2030, 3, 12),
        start_time=datetime.time(19, 0),
        end_time=datetime.time(21, 0),
        venue=venue,
        module=module,
        facilitator="Tess",
    )


def test_session_cover_has_branch_date_time_and_venue(session, read_pdf):
    pdf = read_pdf(pack_render(page=session, options=PackOptions(size="large")))
    cover = pdf.pages[0].replace("\n", " ")
    assert "What a branch is" in cover
    assert "Riverside branch" in cover
    assert "Tuesday 12 March 2030" in cover
    assert "19:00 to 21:00" in cover
    assert "Miners' Welfare Hall, 12 Pit Lane Riverside" in cover
    assert "Sign-in sheet" not in pdf.text  # learners get no register
    assert "What would make you come back to a meeting?" in pdf.text


def test_facilitator_sign_in_sheet_lists_exactly_the_expected_members(
    session, read_pdf
):
    pdf = read_pdf(
        pack_render(page=session, options=PackOptions(edition="facilitator"))
    )
    sheet = next(page for page in pdf.pages if page.startswith("Sign-in sheet"))
    names = re.findall(r"^\d+ (.+?)\s*$", sheet, re.M)
    # The group's members, by the name shown, nobody from outside the group
    assert names == ["Abi", "Aisha Khan", "Bill Brown"]
    assert "Zoe Adams" not in pdf.text  # the name shown, not the legal one
    for outsider in ["Other Branch Member", "Late Joiner", "Branch Only"]:
        assert outsider not in pdf.text
    assert "1 large print, 2 clear print" in pdf.pages[0]
    assert "SECRET-FACILITATOR-NOTE" in pdf.text


def test_new_member_makes_a_new_facilitator_pack(client, session, django_user_model):
    from packs.models import PackFile

    admin = django_user_model.objects.create_superuser(
        "boss@example.org", "boss@example.org", "pw"
    )
    client.force_login(admin)
    url = reverse("packs:session", args=[session.pk]) + "?edition=facilitator"
    assert client.get(url)["Content-Type"] == "application/pdf"
    first = PackFile.objects.get()
    session.group.members.add(
        branches.Member.objects.create(
            branch=session.branch,
            name="Newcomer Nell",
            joined_on=datetime.date(2025, 1, 1),
        )
    )
    response = client.get(url)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert PackFile.objects.get().key != first.key


def test_organisers_of_the_branch_only_get_the_facilitator_edition(
    client, session, learner, other_learner
):
    url = reverse("packs:session", args=[session.pk]) + "?edition=facilitator"
    client.force_login(learner)
    assert client.get(url).status_code == 403
    branches.BranchRole.objects.create(user=learner, branch=session.branch)
    # An organiser needs a second factor first; logging in again gives it.
    assert client.get(url)["Location"].startswith(reverse("two_factor_setup"))
    client.force_login(learner)
    assert client.get(url).status_code == 200
    other = branches.Branch.objects.create(name="Elsewhere", slug="elsewhere")
    branches.BranchRole.objects.create(user=other_learner, branch=other)
    client.force_login(other_learner)
    assert client.get(url).status_code == 403
    # Everyone may have the learner's pack.
    assert client.get(url.replace("facilitator", "learner")).status_code == 200


def test_make_pack_for_a_session(session, tmp_path, read_pdf):
    from django.core.management import call_command

    out = tmp_path / "session.pdf"
    call_command(
        "make_pack",
        f"session:{session.pk}",
        "--edition",
        "facilitator",
        "--out",
        str(out),
    )
    assert "Sign-in sheet" in read_pdf(out.read_bytes()).text


def test_a_long_sign_in_sheet_has_the_session_and_date_on_every_page(session, read_pdf):
    """A big group's sheet runs to several pages: each says which session it
    is for, none shows a register status, and it says why names are kept."""
    from branches.services import RegisterInput, register_save

    group = session.group
    for number in range(70):
        group.members.add(
            branches.Member.objects.create(
                branch=session.branch,
                name=f"Member Number{number:02d}",
                joined_on=datetime.date(2024, 1, 1),
            )
        )
    aisha = branches.Member.objects.get(name="Aisha Khan")
    register_save(
        session=session,
        entry=RegisterInput(statuses={aisha.pk: "apologies"}),
        user=None,
    )
    pdf = read_pdf(
        pack_render(page=session, options=PackOptions(edition="facilitator"))
    )
    first = next(n for n, page in enumerate(pdf.pages) if page.startswith("Sign-in"))
    sheet = pdf.pages[first:]
    assert len(sheet) >= 2
    for page in sheet:
        assert (
            f"{session.display_title}\nRiverside branch · Tuesday 12 March 2030" in page
        )
        assert "apolog" not in page.lower()
    assert "collected for the branch register" in sheet[0]
    names = re.findall(r"^\d+ (.+?)\s*$", "\n".join(sheet), re.M)
    assert len(names) == 73 and names == sorted(names, key=str.casefold)


def test_the_facilitator_packs_sign_in_sheet_is_read_back(session, read_pdf):
    """The sheet in the pack is the scannable one: its pages, printed and
    ticked, are read back for this session and its expected members."""
    import random

    from bench.sheet_images import draw_mark, pdf_pages
    from branches.sign_in import sign_in_list
    from scans import sheet
    from scans.reader import page_read

    pdf = pack_render(page=session, options=PackOptions(edition="facilitator"))
    text = read_pdf(pdf)
    first = next(n for n, page in enumerate(text.pages) if page.startswith("Sign-in"))
    assert first == len(text.pages) - 1  # three names: one page, the last
    image = pdf_pages(pdf, 150)[first].copy()
    draw_mark(image, 1, "tick", random.Random(2), dpi=150)
    reading = page_read(image)
    page = sheet.qr_parse(reading.payload)
    assert (page.session_id, page.branch_id) == (session.pk, session.branch_id)
    assert page.member_ids == tuple(m.pk for m in sign_in_list(session=session))
    assert [box.mark.value for box in reading.boxes][:4] == [
        "empty",
        "ticked",
        "empty",
        "empty",
    ]


def test_the_facilitator_booklet_keeps_the_sheet_on_its_own_a4_pages(session, read_pdf):
    """Folded into an A5 booklet the sheet could not be read back: it comes
    after the booklet's sheets, on A4 portrait pages."""
    pdf = read_pdf(
        pack_render(
            page=session, options=PackOptions(edition="facilitator", booklet=True)
        )
    )
    last = pdf.reader.pages[-1]
    assert pdf.pages[-1].startswith("Sign-in sheet")
    assert (round(float(last.mediabox.width)), round(float(last.mediabox.height))) == (
        595,
        842,
    )
    assert pdf.text.count("Tick the box by your name") == 1  # not in the booklet


def test_the_large_print_packs_sign_in_sheet_is_large_and_read_back(session, read_pdf):
    """Large print: the names at 16 pt or more, fewer and taller rows, and the
    reader reads its bigger boxes back from a photo."""
    import random

    from bench.sheet_images import decode, degrade, draw_mark, pdf_pages
    from scans import sheet
    from scans.reader import page_read

    data = pack_render(
        page=session, options=PackOptions(edition="facilitator", size="large")
    )
    pdf = read_pdf(data)
    first = next(n for n, page in enumerate(pdf.pages) if page.startswith("Sign-in"))
    runs = pdf.runs(page_numbers=[first + 1])
    names = [
        r for r in runs if r["text"].strip() in {"Abi", "Aisha Khan", "Bill Brown"}
    ]
    assert len(names) == 3 and min(r["size"] for r in names) >= 16
    numbers = re.findall(r"^(\d{1,2})\b", pdf.pages[first], re.M)  # not the year
    assert numbers == [str(n) for n in range(1, sheet.LARGE.rows_per_page + 1)]
    rng = random.Random(5)
    image = pdf_pages(data, 150)[first].copy()
    marks = {0: "tick", 2: "cross", 4: "scribble", 5: "crossed_out"}
    for position, kind in marks.items():
        draw_mark(image, position, kind, rng, dpi=150, layout=sheet.LARGE)
    photo = decode(degrade(image, {"rotate", "shadow", "jpeg40"}, rng))
    reading = page_read(photo)
    assert reading.layout == sheet.LARGE
    assert sheet.qr_parse(reading.payload).session_id == session.pk
    read = [box.mark.value for box in reading.boxes]
    assert read[:6] == ["ticked", "empty", "ticked", "empty", "ticked", "unsure"]
