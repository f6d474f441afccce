"""A learner on a phone: reads a module, logs in, marks it done, carries on."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import COURSE_URL, header_menu, log_in, sideways_overflow
from tests.factories.courses import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIRST = "Your branch and your constituency party"
SECOND = "How policy is made"


def test_learner_marks_a_module_done_and_continues(phone):
    UserFactory(
        email="sam@example.org", first_name="Sam", password="sams-long-password"
    )
    page = phone
    heading = page.get_by_role("heading", level=1)

    page.goto("/")
    expect(heading).to_have_text("Study Circle")
    page.get_by_role("link", name="How our party works").click()
    expect(heading).to_have_text("How our party works")
    page.get_by_role("link", name=f"Start: {FIRST}").click()

    expect(heading).to_have_text(FIRST)
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    reading = page.get_by_role("heading", name="Reading The party rule book")
    reading.scroll_into_view_if_needed()
    expect(reading).to_be_in_viewport()
    expect(page.get_by_text("Module 1 of 4")).to_be_visible()
    assert sideways_overflow(page) is None
    if folder := os.environ.get("STUDYCIRCLE_SCREENSHOTS"):
        # For a person to look at: does the module read well on a phone?
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / "module-phone.png", full_page=True)

    log_in(page, email="SAM@example.org", password="sams-long-password")
    expect(heading).to_have_text(FIRST)  # back where they were reading
    page.get_by_role("button", name="Mark this module as done").click()
    expect(page.get_by_text("You have marked this module as done.")).to_be_visible()

    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="How our party works"
    ).click()
    progress = page.get_by_role("region", name="Your progress")
    expect(progress).to_contain_text("1 of 4 modules done")

    header_menu(page).get_by_role("link", name="My learning").click()
    expect(heading).to_have_text("My learning")
    expect(
        page.get_by_role("listitem").filter(has_text="How our party works")
    ).to_contain_text("1 of 4 modules done")
    page.get_by_role("link", name=f"Continue: {SECOND}").click()
    expect(heading).to_have_text(SECOND)
    expect(page.get_by_text("Module 2 of 4")).to_be_visible()


def test_reader_settings_stay_on_every_page(phone):
    page = phone
    html = page.locator("html")
    page.goto(COURSE_URL)
    standard_size = page.evaluate(
        "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )

    header_menu(page).get_by_role("link", name="Text size and colours").click()
    page.get_by_label("Largest").check()
    page.get_by_label("High contrast").check()
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(re.escape(COURSE_URL) + "$"))
    expect(html).to_have_class(re.compile(r"\btext-largest\b.*\bcontrast-high\b"))
    larger = page.evaluate(
        "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )
    assert larger >= standard_size * 1.3

    page.get_by_role("link", name=f"Start: {FIRST}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FIRST)
    expect(html).to_have_class(re.compile(r"\btext-largest\b.*\bcontrast-high\b"))
    ink = page.evaluate("getComputedStyle(document.body).color")
    assert ink == "rgb(0, 0, 0)"

    page.goto("/")
    expect(html).to_have_class(re.compile(r"\btext-largest\b.*\bcontrast-high\b"))
    header_menu(page).get_by_role("link", name="Text size and colours").click()
    expect(page.get_by_label("Largest")).to_be_checked()
    expect(page.get_by_label("High contrast")).to_be_checked()
