from django.urls import include, path, reverse
from wagtail import hooks

from branches.access import is_branch_organiser

from . import urls


@hooks.register("register_admin_urls")
def register_scan_urls():
    return [path("scans/", include((urls.urlpatterns, "scans"), namespace="scans"))]


@hooks.register("register_session_register_links")
def scan_register_links(request, session):
    """On the register page, for those who may handle the sheet's names."""
    if not is_branch_organiser(request.user, session.branch_id):
        return []
    return [
        (
            "Print the scannable sign-in sheet (PDF)",
            reverse("scans:sheet_pdf", args=[session.pk]),
        ),
        ("Scan a filled sign-in sheet", reverse("scans:upload", args=[session.pk])),
    ]
