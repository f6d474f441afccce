"""The account pages on a phone: a learner turns on two-step verification
and every page on the way passes axe and fits the screen."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.conftest import code_for
from tests.e2e.helpers import header_menu, log_in, sideways_overflow
from tests.e2e.test_accessibility import _blocking_violations
from tests.factories.courses import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _check(page, name: str, problems: list[str]) -> None:
    problems += [f"{name}: {v}" for v in _blocking_violations(page)]
    if overflow := sideways_overflow(page):
        problems.append(f"{name}: wider than the phone {overflow}")


def test_account_pages_on_a_phone(phone):
    UserFactory(email="ada@example.org", password="adas-long-password")
    problems: list[str] = []
    for name, url in {
        "log in": "/accounts/login/",
        "reset": "/accounts/password_reset/",
        "reset sent": "/accounts/password_reset/done/",
    }.items():
        phone.goto(url)
        _check(phone, name, problems)

    phone.goto("/")
    log_in(phone, email="ada@example.org", password="adas-long-password")
    phone.goto("/accounts/two-factor/")
    _check(phone, "two-step, off", problems)
    phone.get_by_role("link", name="Set it up").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Set up two-step verification"
    )
    _check(phone, "set up", problems)
    device = TOTPDevice.objects.get(user__username="ada@example.org")
    phone.get_by_label("Code").fill("000000")
    phone.get_by_role("button", name="Turn on").click()
    expect(phone.get_by_text("That code did not match")).to_be_visible()
    _check(phone, "set up, wrong code", problems)
    device.refresh_from_db()
    device.throttle_reset()
    phone.get_by_label("Code").fill(code_for(device))
    phone.get_by_role("button", name="Turn on").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    _check(phone, "recovery codes", problems)
    phone.goto("/accounts/two-factor/")
    _check(phone, "two-step, on", problems)

    header_menu(phone).get_by_role("button", name="Log out").click()
    phone.goto("/accounts/login/")
    phone.get_by_label("E-mail address").fill("ada@example.org")
    phone.get_by_label("Password").fill("adas-long-password")
    phone.get_by_label("This is a shared computer").check()
    phone.get_by_role("button", name="Log in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Enter your code")
    _check(phone, "verify", problems)

    context = phone.context.browser.new_context(
        base_url=phone.url.split("/accounts")[0], viewport={"width": 390, "height": 844}
    )
    locked = context.new_page()
    for _ in range(10):
        locked.goto("/accounts/login/")
        locked.get_by_label("E-mail address").fill("ada@example.org")
        locked.get_by_label("Password").fill("wrong-password")
        locked.get_by_role("button", name="Log in").click()
    expect(locked.get_by_role("heading", level=1)).to_have_text(
        "Too many attempts to log in"
    )
    _check(locked, "locked out", problems)
    context.close()
    assert not problems, "\n".join(problems)
