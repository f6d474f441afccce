from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views
from core.forms import LoginForm
from core.health import health_view

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # For the load balancer: 200 when every check passes, else 500 (README).
    path("health/", health_view("HEALTH_CHECKS"), name="health"),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/signup/", core_views.signup, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("reader/", core_views.reader_settings, name="reader_settings"),
    path("packs/", include("packs.urls")),
    path("search/", include("library.urls")),
    path("branches/", include("branches.urls")),
    path("", include("courses.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
