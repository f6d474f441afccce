"""axe-core finds no serious or critical problems, and pages reflow at 200%
and 400% zoom without sideways scrolling."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import COURSE_URL, axe_run, log_in, sideways_overflow
from tests.factories.courses import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MODULE_URL = COURSE_URL + "branches-and-constituency-parties/"
PUBLIC_PAGES = {
    "home": "/",
    "courses": "/courses/",
    "course": COURSE_URL,
    "module": MODULE_URL,
    "log in": "/accounts/login/",
    "sign up": "/accounts/signup/",
    "text size and colours": "/reader/",
}
BLOCKING = {"serious", "critical"}


def _blocking_violations(page) -> list[str]:
    results = axe_run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"      at {' '.join(map(str, node['target']))}: {node['html'][:160]}\n"
                f"      {node.get('failureSummary', '').strip()}"
            )
    return found


# axe only says "needs review" when aria-describedby names a missing element,
# yet then the help text beside a field is never read out.
MISSING_REFERENCES = """
[...document.querySelectorAll('[aria-describedby], [aria-labelledby]')].flatMap(el =>
  ['aria-describedby', 'aria-labelledby'].flatMap(attr =>
    (el.getAttribute(attr) || '').split(/\\s+/).filter(id => id && !document.getElementById(id))
      .map(id => `${el.outerHTML.slice(0, 80)} ${attr}="${id}" names no element`)))
"""


def _audit(page, pages: dict[str, str]) -> list[str]:
    problems = []
    for name, url in pages.items():
        response = page.goto(url)
        assert response.ok, f"{name} ({url}) answered {response.status}"
        problems += [f"{name} {url}: {v}" for v in _blocking_violations(page)]
        problems += [f"{name} {url}: {v}" for v in page.evaluate(MISSING_REFERENCES)]
    return problems


def test_no_serious_violations_for_readers(new_page):
    desktop = new_page(viewport={"width": 1280, "height": 900})
    problems = _audit(desktop, PUBLIC_PAGES)
    # The reader's own settings must stay accessible too.
    desktop.context.add_cookies(
        [{"name": "reader", "value": "largest.high", "url": desktop.url}]
    )
    problems += _audit(desktop, {"module, largest high contrast": MODULE_URL})
    assert not problems, "axe found:\n" + "\n".join(problems)


def test_no_serious_violations_for_a_logged_in_learner(phone):
    UserFactory(email="ada@example.org", password="adas-long-password")
    phone.goto(MODULE_URL)
    log_in(phone, email="ada@example.org", password="adas-long-password")
    phone.get_by_role("button", name="Mark this module as done").click()
    expect(phone.get_by_text("You have marked this module as done.")).to_be_visible()
    problems = _audit(
        phone,
        {
            "module, done": MODULE_URL,
            "course": COURSE_URL,
            "my learning": "/my-learning/",
        },
    )
    assert not problems, "axe found:\n" + "\n".join(problems)


# (name, viewport width, reader cookie): a 1280-pixel screen at 200% zoom, at
# 400% (WCAG's reflow test), and at 200% with the largest text and high contrast.
ZOOMS = [
    ("200%", 640, ""),
    ("400%", 320, ""),
    ("200% with the largest text", 640, "largest.high"),
]


def test_pages_reflow_without_sideways_scrolling(new_page, site):
    overflowing = []
    for zoom, width, reader in ZOOMS:
        page = new_page(viewport={"width": width, "height": 800}, device_scale_factor=2)
        if reader:
            page.context.add_cookies(
                [{"name": "reader", "value": reader, "url": site.url}]
            )
        for name, url in {"module": MODULE_URL, **PUBLIC_PAGES}.items():
            page.goto(url)
            if reader:
                assert "text-largest" in page.locator("html").get_attribute("class")
            if sizes := sideways_overflow(page):
                overflowing.append(f"{name} at {zoom}: {sizes}")
    assert not overflowing, "these pages scroll sideways:\n" + "\n".join(overflowing)
