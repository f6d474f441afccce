"""Browser journeys: Playwright driving Debian's headless Chromium against
pytest-django's live server.

Without /usr/bin/chromium the browser tests are skipped, each with a reason
saying how to install it, and the terminal summary lists them. CI sets
STUDYCIRCLE_REQUIRE_BROWSER=1, which turns a missing browser into a failure.
"""

import os
from pathlib import Path

import pytest

# Debian's Chromium; STUDYCIRCLE_CHROMIUM points elsewhere (or nowhere, to
# check what happens without it).
CHROMIUM = Path(os.environ.get("STUDYCIRCLE_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_BROWSER = (
    f"Chromium not found at {CHROMIUM}: install it with "
    "`sudo apt-get install chromium` to run the browser tests"
)
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


def _browser_required() -> bool:
    return os.environ.get("STUDYCIRCLE_REQUIRE_BROWSER", "").strip() == "1"


def _browser_missing() -> bool:
    return not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK))


def pytest_collection_modifyitems(config, items):
    """Skip the browser tests before their database is set up, unless CI
    requires them (then the browser fixture fails them)."""
    if not _browser_missing() or _browser_required():
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=MISSING_BROWSER))


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if _browser_missing():
        if _browser_required():
            pytest.fail(f"STUDYCIRCLE_REQUIRE_BROWSER=1 but {MISSING_BROWSER}")
        pytest.skip(MISSING_BROWSER)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which makes
    # Django refuse ORM calls from the test unless told it is safe here...
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # ...and makes Django look its database connections up afresh (they are
    # thread-critical asgiref locals, kept per context once a loop runs). The
    # new ones need the snapshot that serialized_rollback restores after each
    # browser test, or the home page and groups are flushed for good.
    snapshots = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            if snapshot is not None:
                connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # Close the connections opened under Playwright, so the test database
        # can be dropped at the end.
        connections.close_all()


@pytest.fixture(autouse=True)
def _no_background_work(settings):
    """Publishing the demo would index every page and render every module's
    print packs (tens of seconds); search and packs have their own tests."""
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**params, "AUTO_UPDATE": False}
        for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }


@pytest.fixture
def site(live_server):
    """The live server, with the demo course that `make run` shows."""
    from core.demo import demo_load

    demo_load()
    return live_server


@pytest.fixture
def phone(browser, site):
    """A phone-sized page (iPhone-like, 390×844) on the live site."""
    context = browser.new_context(base_url=site.url, **PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(browser, site):
    """Open pages with other viewports: ``new_page(viewport=..., ...)``."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=site.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if MISSING_BROWSER in str(report.longrepr)
    ]
    if not skipped:
        return
    terminalreporter.write_sep("=", "browser tests skipped", yellow=True, bold=True)
    terminalreporter.write_line(
        f"{len(skipped)} browser test(s) did not run. {MISSING_BROWSER}."
    )
    for report in skipped:
        terminalreporter.write_line(f"  skipped: {report.nodeid}")
