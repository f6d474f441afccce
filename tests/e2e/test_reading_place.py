"""reading.js on a phone: a reader without an account has their place kept on
the device and offered as "carry on reading"; a paragraph's address without
its screen (``…/chapter-2-long/#p143``) opens the screen that holds it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import axe_run
from tests.factories.library import TextPageFactory, sections

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING = {"serious", "critical"}


def _chapter(paragraphs: int, words: int = 250) -> str:
    return "".join(
        "<p>" + " ".join(f"word{n}x{i}" for i in range(words)) + "</p>"
        for n in range(1, paragraphs + 1)
    )


@pytest.fixture
def book(library):
    # Chapter 1 holds paragraphs 1 and 2; chapter 2 paragraphs 3 to 152, six
    # of 250 words to a screen: paragraph 143 is on screen 24 (141 to 146).
    return TextPageFactory(
        parent=library,
        title="The Long Book",
        sections=sections(
            ("Chapter 1: Short", "<p>A short opening.</p><p>And another.</p>"),
            ("Chapter 2: Long", _chapter(150)),
        ),
    )


@pytest.fixture
def reader(browser, live_server):
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def _blocking(page) -> list[str]:
    results = axe_run(page)
    assert results.response["passes"], "axe checked nothing"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]


def test_the_place_is_kept_on_the_device_and_offered(
    reader, book, library, browser, live_server
):
    chapter = f"{book.url}chapter-2-long/"
    reader.goto(f"{chapter}?page=3")
    expect(reader.locator("#p15")).to_be_attached()
    carry_on = reader.get_by_role(
        "link", name="Carry on reading: The Long Book, Chapter 2: Long"
    )
    for where in (library.url, book.url):
        reader.goto(where)
        expect(carry_on).to_be_visible()
        assert carry_on.get_attribute("href") == f"{chapter}?page=3"
        assert _blocking(reader) == []
    carry_on.click()
    expect(reader).to_have_url(re.compile(re.escape(f"{chapter}?page=3") + "$"))
    # Nothing is kept by the server for a reader without an account: a fresh
    # device is offered nothing.
    fresh = browser.new_context(base_url=live_server.url, **PHONE)
    other = fresh.new_page()
    other.goto(library.url)
    expect(other.locator("[data-carry-on]")).to_be_hidden()
    expect(
        other.get_by_role("link", name=re.compile("Carry on reading"))
    ).to_have_count(0)
    fresh.close()


def test_a_paragraph_address_opens_the_screen_that_holds_it(reader, book):
    chapter = f"{book.url}chapter-2-long/"
    reader.goto(f"{chapter}#p143")
    expect(reader).to_have_url(re.compile(re.escape(f"{chapter}?page=24#p143") + "$"))
    paragraph = reader.locator("#p143")
    expect(paragraph).to_be_in_viewport()
    expect(paragraph.get_by_role("link", name="paragraph 143")).to_be_visible()
    expect(reader.locator("h1")).to_contain_text("(page 24 of 25)")
    assert _blocking(reader) == []
