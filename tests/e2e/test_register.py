"""An organiser takes a register of thirty on a phone, by keyboard and by touch,
then axe-core checks the register, the sign-in sheet and the branch report."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from branches.models import Attendance, Member
from tests.e2e.helpers import axe_run, second_factor_give
from tests.factories.branches import (
    BranchFactory,
    MemberFactory,
    SessionFactory,
    organiser_of,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
BLOCKING = {"serious", "critical"}
FIRST = [
    "Aisha",
    "Bernard",
    "Ceri",
    "Deepak",
    "Eileen",
    "Fergus",
    "Gwen",
    "Hamza",
    "Imogen",
    "Jasbir",
    "Kieran",
    "Lorna",
    "Mohammed",
    "Niamh",
    "Owain",
]
LAST = ["Okafor", "Pritchard"]
# Thirty distinct names, in the order the register lists them (by name).
NAMES = sorted(f"{first} {last}" for last in LAST for first in FIRST)
STATUSES = ["present", "late", "apologies", "absent"]
# Marked with Tab, Space and the arrow keys; the rest by tapping a label.
BY_KEYBOARD = 8
PASSWORD = "olives-long-password"  # noqa: S105 (test account)


@pytest.fixture
def organiser_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _blocking_violations(page) -> list[str]:
    results = axe_run(page)
    assert results.response["passes"], "axe checked nothing"
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"      at {' '.join(map(str, node['target']))}: {node['html'][:160]}\n"
        f"      {node.get('failureSummary', '').strip()}"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]


def test_organiser_takes_a_register_of_thirty_on_a_phone(organiser_page):
    page = organiser_page
    branch = BranchFactory(name="Riverside test branch", slug="riverside-test")
    # Made in reverse, so the list's order (by name) is not the order of ids.
    made = [MemberFactory(branch=branch, name=name) for name in reversed(NAMES)]
    members = sorted(made, key=lambda member: member.name)
    session = SessionFactory(branch=branch, date=datetime.date.today())
    session.group.members.add(*made)  # the sign-in sheet names the group's members
    organiser = organiser_of(branch, email="olive@example.org")
    organiser.set_password(PASSWORD)
    organiser.save()
    wanted = {m.pk: STATUSES[i % 4] for i, m in enumerate(members)}
    register_url = reverse("branches_organise:register", args=[session.pk])

    page.goto(register_url)  # the admin asks for a login first
    page.locator("#id_username").fill("olive@example.org")
    page.locator("#id_password").fill(PASSWORD)
    device = TOTPDevice.objects.create(user=organiser, name="app")
    page.get_by_role("button", name="Sign in").click()
    second_factor_give(page, device=device)  # organisers need a second factor
    expect(page.get_by_role("heading", level=1)).to_contain_text("Register")

    # Keyboard: in a group with nothing checked, Tab stops on the first radio;
    # Space checks it, an arrow key moves on and checks the next one.
    page.get_by_role("group", name=NAMES[0], exact=True).get_by_label("Present").focus()
    for i in range(BY_KEYBOARD):
        page.keyboard.press("Space")
        for _ in range(STATUSES.index(wanted[members[i].pk])):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
    for member in members[:BY_KEYBOARD]:
        group = page.get_by_role("group", name=member.name, exact=True)
        expect(group.get_by_role("radio", checked=True)).to_have_accessible_name(
            wanted[member.pk].capitalize()
        )
    for member in members[BY_KEYBOARD:]:
        group = page.get_by_role("group", name=member.name, exact=True)
        group.get_by_text(wanted[member.pk].capitalize(), exact=True).click()
    page.get_by_label("Walk-in 1: name").fill("Rosa Walk-In")
    page.get_by_role("button", name="Save register").click()

    expect(page.get_by_text("Register saved: 31 marked.")).to_be_visible()
    walk_in = Member.objects.get(branch=branch, name="Rosa Walk-In")
    saved = dict(
        Attendance.objects.filter(session=session).values_list("member_id", "status")
    )
    assert saved == {**wanted, walk_in.pk: "present"}
    on_register = page.locator("fieldset.sc-mark legend").all_inner_texts()
    assert on_register == sorted([*NAMES, "Rosa Walk-In"])

    # Marks are copied from the printed sheet: it lists them in the same order
    # (the group's members and the walk-in who came), without their marks.
    sheet_url = reverse("branches_organise:sign_in_sheet", args=[session.pk])
    link = page.get_by_role("link", name="Print the sign-in sheet")
    assert link.get_attribute("href") == sheet_url
    sheet = page.request.get(sheet_url)
    assert sheet.headers["content-type"] == "application/pdf"
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(sheet.body())).pages
    )
    names = list(re.findall(r"^\d+ (.+?)\s*$", text, re.M))
    assert names == on_register

    problems = []
    for name, url in {
        "register": register_url,
        "branch report": reverse("branches_organise:branch_report", args=[branch.pk]),
    }.items():
        response = page.goto(url)
        assert response.ok, f"{name} ({url}) answered {response.status}"
        problems += [f"{name} {url}: {v}" for v in _blocking_violations(page)]
    assert not problems, "axe found:\n" + "\n".join(problems)
