"""At the largest text size, 320 CSS pixels wide (a small phone, or a big
one at 400% zoom), no public page scrolls sideways, and the header folds
into a "Menu" button that opens and closes the navigation."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import COURSE_URL, sideways_overflow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SMALL_PHONE = {
    "viewport": {"width": 320, "height": 640},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
TEXT = "/library/the-branch-meeting/"


def _public_pages() -> dict[str, str]:
    """One page of every public type, as the demo makes them."""
    from branches.models import ReadingGroup
    from courses.models import ModulePage

    module = ModulePage.objects.live().filter(url_path__contains=COURSE_URL).first()
    group = ReadingGroup.objects.select_related("branch").first()
    return {
        "home": "/",
        "course index": "/courses/",
        "course": COURSE_URL,
        "module": module.url,
        "library": "/library/",
        "library text": TEXT,
        "library section": TEXT + "motions-and-amendments/",
        "search": "/search/?q=branch+meeting",
        "search, nothing found": "/search/?q=zzzzqqqq",
        "branches": "/branches/",
        "branch": f"/branches/{group.branch.slug}/",
        "reading group": f"/branches/{group.branch.slug}/groups/{group.pk}/",
        "log in": "/accounts/login/",
        "sign up": "/accounts/signup/",
        "password reset": "/accounts/password_reset/",
        "text size and colours": "/reader/",
        "not found": "/no-such-page/",
    }


def _too_wide(page) -> list[str]:
    """The first elements that reach past the window's right edge."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right
                      > document.documentElement.clientWidth + 1)
        .slice(0, 3).map(el => el.outerHTML.slice(0, 100))"""
    )


@pytest.fixture
def small_phone(new_page, site):
    page = new_page(**SMALL_PHONE)
    page.context.add_cookies(
        [{"name": "reader", "value": "largest.standard", "url": site.url}]
    )
    return page


def test_no_public_page_scrolls_sideways_at_the_largest_text(small_phone):
    page = small_phone
    overflowing = []
    for name, url in _public_pages().items():
        response = page.goto(url)
        assert response.status in (200, 404), (
            f"{name} ({url}) answered {response.status}"
        )
        assert "text-largest" in page.evaluate("document.documentElement.className")
        if sizes := sideways_overflow(page):
            overflowing.append(f"{name} {url}: {sizes} {_too_wide(page)}")
    assert not overflowing, "\n".join(overflowing)


def test_the_header_folds_into_a_menu(small_phone):
    page = small_phone
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    courses = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Courses"
    )
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(courses).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(courses).to_be_visible()
    assert sideways_overflow(page) is None, _too_wide(page)
    page.keyboard.press("Escape")
    expect(courses).to_be_hidden()
    expect(menu).to_be_focused()
    menu.click()
    courses.click()
    expect(page).to_have_url(f"{page.url.split('/courses/')[0]}/courses/")


def test_a_wide_screen_shows_the_whole_menu(new_page, site):
    page = new_page(viewport={"width": 1280, "height": 800})
    page.goto("/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Library")
    ).to_be_visible()
