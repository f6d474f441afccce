"""Short addresses for printed pages: ``/go/<code>/``, stable per page.

A page's code is its id in base 31 and one check character, so a code typed
from paper with a slip answers "not found" rather than another page. Only
live, public pages are redirected to; anything else is a plain 404, so a code
tells nobody a draft or a private page exists. Printed links (packs) build on
``site_address``: the configured ``WAGTAILADMIN_BASE_URL``, never the address
a request or a ``Site`` row happens to carry."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET
from wagtail.models import Page

# No i, l, o (they read as 1 and 0), u or v; 31 characters, a prime, so the
# check character catches any one wrong character and any two swapped.
ALPHABET = "0123456789abcdefghjkmnpqrstwxyz"
BASE = len(ALPHABET)


def _check_char(digits: str) -> str:
    total = sum((n + 1) * ALPHABET.index(c) for n, c in enumerate(digits))
    return ALPHABET[total % BASE]


def short_code(*, page_id: int) -> str:
    """``page_id`` as a short code: base-31 digits and a check character."""
    if page_id < 1:
        raise ValueError("A page id is positive.")
    digits = ""
    while page_id:
        page_id, rest = divmod(page_id, BASE)
        digits = ALPHABET[rest] + digits
    return digits + _check_char(digits)


def page_id_from_code(code: str) -> int | None:
    """The page id a code names, or None for a code with a slip in it."""
    code = code.strip().lower()
    if len(code) < 2 or any(c not in ALPHABET for c in code):
        return None
    digits, check = code[:-1], code[-1]
    if _check_char(digits) != check or digits.startswith("0"):
        return None
    page_id = 0
    for char in digits:
        page_id = page_id * BASE + ALPHABET.index(char)
    return page_id


def site_address(*, path: str = "/") -> str:
    """``path`` on the site's real address (``WAGTAILADMIN_BASE_URL``)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def short_address(*, page_id: int) -> str:
    """The full short address of a page, for printing: ``https://…/go/2x7/``."""
    return site_address(path=f"/go/{short_code(page_id=page_id)}/")


@require_GET
def short_link_redirect(request, code: str):
    page_id = page_id_from_code(code)
    page = Page.objects.live().public().filter(pk=page_id).first() if page_id else None
    url = page.get_url(request) if page is not None else None
    if not url:
        raise Http404("No page has that short address.")
    return redirect(url)
