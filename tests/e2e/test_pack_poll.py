"""The "preparing your pack" page never waits in silence: it retries a failed
status request with a growing wait and offers "Try again", calls a pack whose
progress has stopped stalled, and shows a failed pack's reason. The status
answers are made up in the browser (page.route) and time is the browser's
clock (page.clock), so nothing here waits 90 real seconds."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.factories.courses import ModulePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def answer(status: int, body: dict | None = None):
    def handle(route):
        route.fulfill(
            status=status,
            content_type="application/json",
            body=json.dumps(body or {"error": "boom"}),
        )

    return handle


def advance(page, ms: int) -> None:
    """Move the page's clock on ``ms``, a second at a time, letting each
    status request (answered outside the page's clock) land before the next."""
    for _ in range(ms // 1000):
        page.clock.run_for(1000)
        page.wait_for_timeout(40)


@pytest.fixture
def preparing(browser, live_server, course):
    module = ModulePageFactory(parent=course, title="What a branch is")
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.clock.install()
    page.goto(f"/packs/{module.pk}/")
    expect(page.get_by_text("Preparing your pack…")).to_be_visible()
    yield page
    context.close()


def test_failed_requests_are_retried_then_offer_try_again(preparing):
    page = preparing
    page.route("**/packs/status/**", answer(502))
    advance(page, 3_000)
    notice = page.locator(".pack-status__notice")
    expect(notice).to_contain_text("asking again in 4 seconds")
    expect(notice.get_by_role("link", name="Try again")).to_have_count(0)
    advance(page, 5_000)
    expect(notice).to_contain_text("asking again in 8 seconds")
    advance(page, 9_000)
    expect(notice).to_contain_text("asking again in 16 seconds")
    expect(notice.get_by_role("link", name="Try again")).to_be_visible()
    expect(page.get_by_role("link", name="Refresh")).to_be_visible()

    # The site answers again: the poll goes on by itself.
    page.unroute("**/packs/status/**")
    page.route(
        "**/packs/status/**",
        answer(200, {"status": "running", "progress": 60, "ready": False}),
    )
    advance(page, 17_000)
    expect(notice).to_be_hidden()
    expect(page.locator(".pack-status__progress")).to_have_text("60%")


def test_a_pack_that_stops_moving_is_called_stalled(preparing):
    page = preparing
    page.route(
        "**/packs/status/**",
        answer(200, {"status": "running", "progress": 25, "ready": False}),
    )
    advance(page, 60_000)
    notice = page.locator(".pack-status__notice")
    expect(notice).to_be_hidden()
    advance(page, 35_000)
    expect(notice).to_contain_text("taking longer than it should")
    expect(notice.get_by_role("link", name="Try again")).to_have_attribute(
        "href", re.compile(r"retry=1")
    )


def test_a_failed_pack_says_why_and_offers_try_again(preparing):
    page = preparing
    reason = "The worker running this task stopped 3 times."
    page.route(
        "**/packs/status/**",
        answer(
            200, {"status": "failed", "progress": 0, "ready": False, "error": reason}
        ),
    )
    advance(page, 3_000)
    expect(page.get_by_text("The pack could not be made.")).to_be_visible()
    expect(page.get_by_text(reason)).to_be_visible()
    expect(page.get_by_role("link", name="Try again")).to_have_attribute(
        "href", re.compile(r"retry=1")
    )
