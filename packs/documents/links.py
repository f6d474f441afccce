"""Printed links: every online page a pack names is printed with its address
on the site's real address (``core.short_links.site_address``), its short
address (``/go/<code>/``) and a QR code of that short address.

The QR codes are PNG images made by segno. The print templates leave a
placeholder (``qr_placeholder``) that ``qr_codes_insert`` swaps for the image
after the document is sanitised: the sanitiser rightly drops ``data:`` images
from what tutors write, and a placeholder carries only a short code, from
which the image is made here, so nothing a tutor writes reaches the image."""

import re

import segno
from django.utils.html import format_html
from wagtail.models import Page

from core.short_links import page_id_from_code, short_address, short_code, site_address

QR_PLACEHOLDER = re.compile(r'<span class="qr-code qr-for-([0-9a-z]{2,12})"></span>')


def page_address(*, page: Page, subpath: str = "") -> str:
    """A page's address on the site's real address, for print."""
    parts = page.get_url_parts()
    path = parts[2] if parts else page.url_path
    return site_address(path=path + subpath.lstrip("/"))


def online(*, page: Page | None, label: str = "") -> dict | None:
    """What a pack prints for a page that is online (None for a page that is
    not live and public, which a member could not open)."""
    if page is None or not page.live:
        return None
    if not Page.objects.filter(pk=page.pk).public().exists():
        return None
    code = short_code(page_id=page.pk)
    return {
        "label": label or page.title,
        "url": page_address(page=page),
        "short": short_address(page_id=page.pk),
        "code": code,
    }


def qr_placeholder(code: str) -> str:
    return format_html('<span class="qr-code qr-for-{}"></span>', code)


def qr_codes_insert(html: str) -> str:
    """The sanitised ``html`` with each placeholder made a QR code image."""

    def image(match):
        page_id = page_id_from_code(match.group(1))
        if page_id is None:
            return ""
        address = short_address(page_id=page_id)
        data = segno.make(address, error="m", micro=False).png_data_uri(
            scale=8, border=4
        )
        return format_html(
            '<img class="qr-code" src="{}" alt="QR code for {}">', data, address
        )

    return QR_PLACEHOLDER.sub(image, html)
