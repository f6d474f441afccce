"""Wagtail's own admin reports, with their CSV exports made safe.

Wagtail's report views (site history, aging pages, locked pages, workflows,
page types) export CSV through ``SpreadsheetExportMixin``, which writes cells as
they are: a page titled ``=HYPERLINK(...)`` would be a formula in the sheet. These
subclasses add ``core.exports.SafeSpreadsheetExportMixin`` and are routed in
``config/urls.py`` in front of Wagtail's, at the same addresses, so the URL
names (``wagtailadmin_reports:*``) keep working.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView

from .exports import SafeSpreadsheetExportMixin


def _safe(view):
    return type(f"Safe{view.__name__}", (SafeSpreadsheetExportMixin, view), {})


REPORTS = {
    "locked/": LockedPagesView,
    "workflow/": WorkflowView,
    "workflow_tasks/": WorkflowTasksView,
    "site-history/": LogEntriesView,
    "aging-pages/": AgingPagesView,
    "page-types-usage/": PageTypesUsageReportView,
}

# Only the full views export; their "results/" partners render the table alone.
# Wrapped as Wagtail wraps its own admin URLs: admin access required, never cached.
urlpatterns = [
    path(route, never_cache(require_admin_access(_safe(view).as_view())))
    for route, view in REPORTS.items()
]
