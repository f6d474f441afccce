"""Issue 16's journey on a phone: photograph the filled sign-in sheet, decide
the unsure box, type the walk-in's name, confirm; the register shows the
marks and the audit log says they came from a scanned sheet."""

import datetime

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from branches.models import Attendance, BranchLogEntry, Member
from tests.e2e.helpers import second_factor_give, sideways_overflow
from tests.e2e.test_register import PHONE, _blocking_violations
from tests.factories.branches import (
    BranchFactory,
    MemberFactory,
    SessionFactory,
    organiser_of,
)
from tests.scans.conftest import sheet_photo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "olives-long-password"  # noqa: S105 (test account)


@pytest.fixture
def phone_page(browser, live_server, settings):
    # The photo is read by the task worker: here, at once, in the request.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _log_in(page, organiser, url):
    page.goto(url)  # the admin asks for a login first
    page.locator("#id_username").fill("olive@example.org")
    page.locator("#id_password").fill(PASSWORD)
    device = TOTPDevice.objects.create(user=organiser, name="app")
    page.get_by_role("button", name="Sign in").click()
    second_factor_give(page, device=device)


def _proposals_shown(page):
    """The page as read: one row to decide, each row with its picture."""
    expect(page.get_by_text("1 needs your decision")).to_be_visible()
    assert sideways_overflow(page) is None
    assert _blocking_violations(page) == []
    aisha = page.get_by_role("group", name="Row 1: Aisha Okafor")
    expect(aisha.get_by_label("Here", exact=True)).to_be_checked()
    expect(aisha.get_by_role("img")).to_be_visible()
    bernard = page.get_by_role("group", name="Row 2: Bernard Pritchard")
    expect(bernard.get_by_role("radio", checked=True)).to_have_count(0)
    walk_in = page.get_by_role("group", name="Row 4: a walk-in")
    expect(walk_in.get_by_role("img")).to_be_visible()


def test_organiser_confirms_a_photographed_sheet_on_a_phone(phone_page):
    page = phone_page
    branch = BranchFactory(name="Riverside test branch", slug="riverside-test")
    names = ["Aisha Okafor", "Bernard Pritchard", "Ceri Okafor"]
    members = [MemberFactory(branch=branch, name=name) for name in names]
    session = SessionFactory(branch=branch, date=datetime.date.today())
    session.group.members.add(*members)
    organiser = organiser_of(branch, email="olive@example.org")
    organiser.set_password(PASSWORD)
    organiser.save()
    # Aisha ticked, Bernard's box blacked out (unsure), a walk-in on row 4.
    photo = sheet_photo(
        session,
        marks={0: "tick", 1: "crossed_out", 3: "tick"},
        names=[3],
        faults={"rotate", "shadow", "jpeg40"},
    )

    _log_in(page, organiser, reverse("branches_organise:register", args=[session.pk]))
    page.get_by_role("link", name="Scan a filled sign-in sheet").click()
    page.get_by_label("Photos of the pages").set_input_files(
        files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": photo}]
    )
    page.get_by_role("button", name="Read the sheet").click()

    _proposals_shown(page)
    # Confirming before deciding is refused, and says which row.
    page.get_by_role("button", name="Confirm and save to the register").click()
    expect(page.get_by_role("alert").first).to_contain_text("Row 2")
    assert not Attendance.objects.filter(session=session).exists()

    page.get_by_role("group", name="Row 2: Bernard Pritchard").get_by_text(
        "Not here", exact=True
    ).click()
    walk_in = page.get_by_role("group", name="Row 4: a walk-in")
    walk_in.get_by_label("Name as written").fill("Rosa Luxemburg")
    walk_in.get_by_text("Add as here", exact=True).click()
    page.get_by_role("button", name="Confirm and save to the register").click()

    expect(page.get_by_text("Register saved from the sheet")).to_be_visible()
    _register_shows(page, session, members[0])


def _register_shows(page, session, aisha):
    """The register: Aisha and the walk-in present; the log names the sheet."""
    rosa = Member.objects.get(name="Rosa Luxemburg")
    for name in (aisha.name, rosa.name):
        row = page.get_by_role("group", name=name, exact=True)
        expect(row.get_by_label("Present")).to_be_checked()
    marks = Attendance.objects.filter(session=session)
    assert dict(marks.values_list("member_id", "status")) == {
        aisha.pk: "present",
        rosa.pk: "present",
    }
    entry = BranchLogEntry.objects.get(action="branches.register_saved_from_sheet")
    assert entry.data["source"] == "scanned sheet"
    page.goto(reverse("wagtailadmin_reports:site_history"))
    saved = page.get_by_text("Register saved from a scanned sign-in sheet")
    expect(saved.first).to_be_visible()
