"""The Content-Security-Policy, with one allowance for the Wagtail admin.

Wagtail's page editor runs inline scripts of its own (StreamField widgets
and their set-up), which no nonce of ours can reach; so under ``/admin/``
scripts may also be inline (``CSP_ADMIN_UPDATE``). Everything else, the site
and the pack pages included, keeps the strict policy in
``CONTENT_SECURITY_POLICY``: scripts from this origin only.
"""

from dataclasses import replace

from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or not request.path_info.startswith(settings.CSP_ADMIN_PREFIX):
            return parts
        update = dict(parts.update or {})
        for directive, sources in settings.CSP_ADMIN_UPDATE.items():
            update[directive] = [*update.get(directive, []), *sources]
        return replace(parts, update=update)
