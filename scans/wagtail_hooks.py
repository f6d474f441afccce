from django.urls import include, path, reverse
from wagtail import hooks

from branches.access import is_branch_organiser

from . import urls, views


@hooks.register("register_admin_urls")
def register_scan_urls():
    return [path("scans/", include((urls.urlpatterns, "scans"), namespace="scans"))]


@hooks.register("register_session_register_links")
def scan_register_links(request, session):
    """On the register page, for those who may handle the sheet's names."""
    if not is_branch_organiser(request.user, session.branch_id):
        return []
    return [("Scan a filled sign-in sheet", reverse("scans:upload", args=[session.pk]))]


@hooks.register("register_session_sign_in_sheet")
def scan_sign_in_sheet(request, session):
    """The register's "Print the sign-in sheet": the sheet scans can read back
    (branches has checked that the user may see the session's people)."""
    return views.sheet_pdf_response(session)
