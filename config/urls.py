from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views
from core.health import health_view
from core.short_links import short_link_redirect

urlpatterns = [
    # Staff reset their password like everyone else: one form, answered the
    # same for every address, mailed by the task worker (core/accounts/).
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="password_reset", query_string=True),
    ),
    # Wagtail's reports with CSV exports a spreadsheet cannot run (core/exports.py).
    path("admin/reports/", include("core.admin_reports")),
    path("admin/", include(wagtailadmin_urls)),
    # For the load balancer: 200 when every check passes, else 500 (README).
    path("health/", health_view("HEALTH_CHECKS"), name="health"),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/signup/", core_views.signup, name="signup"),
    path("accounts/", include("core.accounts.urls")),
    path("reader/", core_views.reader_settings, name="reader_settings"),
    # Printed packs carry these under a QR code (core/short_links.py).
    path("go/<str:code>/", short_link_redirect, name="short_link"),
    path("packs/", include("packs.urls")),
    path("search/", include("search.urls")),
    path("branches/", include("branches.urls")),
    path("assembly/", include("assembly.urls")),
    path("consultations/", include("consultations.urls")),
    path("", include("courses.urls")),
]

if settings.DEBUG:  # development only: the web server serves these in production
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
