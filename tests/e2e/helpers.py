"""Steps shared by the browser journeys."""

COURSE_URL = "/courses/how-our-party-works/"


def header_menu(page):
    """The main navigation, opened first where the header folds it behind its
    "Menu" button (a phone, or the largest text: ``site/static/js/menu.js``)."""
    page.wait_for_load_state()
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()
    return page.get_by_role("navigation", name="Main")


def log_in(page, *, email: str, password: str) -> None:
    header_menu(page).get_by_role("link", name="Log in", exact=True).click()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def sideways_overflow(page) -> dict | None:
    """The page's and the window's widths, if the page is wider than the window."""
    sizes = page.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    return sizes if sizes["scroll"] > sizes["client"] else None


def second_factor_give(page, *, device) -> None:
    """On the verify page after a password login, enter the app's code."""
    from tests.accounts.conftest import code_for

    page.get_by_label("Code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()


def axe_run(page):
    """axe-core's results for ``page`` once its animations have finished: a
    message still fading in (Wagtail's admin messages do) would be measured
    half-transparent, and fail colour contrast only when the machine is slow."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate("document.getAnimations().forEach((a) => a.finish())")
    return Axe().run(page)
