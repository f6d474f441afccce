"""The Content-Security-Policy holds and nothing the site needs breaks under it:
Chromium reports no violation on the public pages, the Wagtail admin, the
branch admin and the pack pages."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import COURSE_URL, second_factor_give
from tests.factories.courses import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


def _visit(page, console: list[str], pages: dict[str, str]) -> list[str]:
    problems = []
    for name, url in pages.items():
        console.clear()
        response = page.goto(url)
        assert response.ok, f"{name} ({url}) answered {response.status}"
        assert "content-security-policy" in response.headers, name
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__csp") + [
            m for m in console if "Content Security Policy" in m
        ]
        problems += [f"{name} {url}: {v}" for v in found]
    return problems


def _watched(new_page):
    page = new_page(viewport={"width": 1280, "height": 900})
    page.context.add_init_script(WATCH)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    return page, console


def test_public_pages_raise_no_csp_violation(new_page):
    from library.models import TextPage

    page, console = _watched(new_page)
    text = TextPage.objects.live().first()
    problems = _visit(
        page,
        console,
        {
            "home": "/",
            "course": COURSE_URL,
            "module": COURSE_URL + "branches-and-constituency-parties/",
            "library text": text.url,
            "search": "/search/?q=branch",
            "login": "/accounts/login/",
            "sign up": "/accounts/signup/",
        },
    )
    assert not problems, "CSP violations:\n" + "\n".join(problems)


def test_admin_pages_raise_no_csp_violation(new_page):
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from branches.models import Session
    from courses.models import ModulePage

    admin = UserFactory(
        email="root@example.org", password="roots-long-password", is_superuser=True
    )
    device = TOTPDevice.objects.create(user=admin, name="app")
    page, console = _watched(new_page)
    page.goto("/admin/")
    page.locator("#id_username").fill("root@example.org")
    page.locator("#id_password").fill("roots-long-password")
    page.get_by_role("button", name="Sign in").click()
    second_factor_give(page, device=device)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    session = Session.objects.order_by("pk").first()
    module = ModulePage.objects.live().first()
    problems = _visit(
        page,
        console,
        {
            "dashboard": "/admin/",
            "page edit": f"/admin/pages/{module.pk}/edit/",
            "branches": reverse("branches_branch:index"),
            "register": reverse("branches_organise:register", args=[session.pk]),
            "pack print page": "/admin/packs/print/",
            "two-step verification": "/accounts/two-factor/",
        },
    )
    assert not problems, "CSP violations:\n" + "\n".join(problems)
