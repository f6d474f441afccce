from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views.pages.search import SearchView as PageSearchView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from .forms import ReaderPreferencesForm, SignupForm
from .reader import (
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    ReaderPreferences,
    preferences_from_request,
)
from .selectors import pages_visible_to


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_http_methods(["GET", "POST"])
def reader_settings(request):
    """Larger text and high contrast, kept in a cookie for a couple of years."""
    current = preferences_from_request(request)
    if request.method == "POST":
        form = ReaderPreferencesForm(request.POST)
        if form.is_valid():
            prefs = ReaderPreferences(**form.cleaned_data)
            response = redirect(_safe_next(request))
            # Secure wherever the session cookie is (production): one rule
            # for every cookie the site sets.
            response.set_cookie(
                COOKIE_NAME,
                prefs.to_cookie(),
                max_age=COOKIE_MAX_AGE,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
            )
            return response
        status = 400
    else:
        form = ReaderPreferencesForm(
            initial={"text_size": current.text_size, "contrast": current.contrast}
        )
        status = 200
    return render(
        request,
        "core/reader_settings.html",
        {"form": form, "next": _safe_next(request, "")},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("courses:my_learning")
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_safe_next(request, "/"))
    else:
        form = SignupForm()
    return render(
        request,
        "registration/signup.html",
        {"form": form, "next": _safe_next(request, "")},
        status=400 if request.method == "POST" else 200,
    )


class DraftlessPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    """The admin pages API (explorer menu, choosers) without the drafts the user
    may not edit: neither their titles nor a search's ``total_count``."""

    def get_base_queryset(self):
        return pages_visible_to(
            user=self.request.user, queryset=super().get_base_queryset()
        )

    def filter_queryset(self, queryset):
        # A user who may see no page at all (an organiser without page
        # permissions) has a ``none()`` queryset; the site's search backend
        # counts a search over ``none()`` as if it were unfiltered, so the
        # search is not run at all.
        if "search" in self.request.GET and not queryset.exists():
            return queryset
        return super().filter_queryset(queryset)


class DraftlessPageSearchView(PageSearchView):
    """The admin's page search without the drafts the user may not edit: neither
    in its results nor in its counts by page type."""

    def annotate_queryset(self, pages):
        # Called with the pages to search once ``all_pages`` (the facet counts'
        # base) is set: both lose the drafts here, before the search runs.
        self.all_pages = pages_visible_to(
            user=self.request.user, queryset=self.all_pages
        )
        pages = pages_visible_to(user=self.request.user, queryset=pages)
        return super().annotate_queryset(pages)


class DraftlessPageViewSet(PageViewSet):
    """Wagtail's viewset for the base ``Page`` model, with the search above."""

    model = Page
    search_view_class = DraftlessPageSearchView
