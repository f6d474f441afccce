"""Anonymous pages from the page cache (core/page_cache.py): a publish shows at
once, and nobody logged in, nor anything personal, is ever stored or served."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from core.page_cache import page_cache_clear
from tests.factories.branches import SessionFactory, organiser_of
from tests.factories.courses import ModulePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True
    cache.clear()


@pytest.fixture
def module(course):
    return ModulePageFactory(parent=course, title="What a branch is")


def anonymous_get(url, **extra):
    return Client().get(url, **extra)


def test_second_anonymous_get_is_served_from_the_cache(
    module, django_assert_num_queries
):
    first = anonymous_get(module.url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = anonymous_get(module.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "What a branch is" in second.content.decode()
    assert "Set-Cookie" not in second and not second.cookies


def test_a_publish_shows_at_once(module, django_capture_on_commit_callbacks):
    assert "What a branch is" in anonymous_get(module.url).content.decode()
    assert anonymous_get(module.url)["X-Page-Cache"] == "hit"
    module.title = "What a branch does"
    with django_capture_on_commit_callbacks(execute=True):
        module.save_revision().publish()
    response = anonymous_get(module.url)
    assert response["X-Page-Cache"] == "miss"
    assert "What a branch does" in response.content.decode()
    # The course page lists the module: it goes too (the whole cache does).


def test_a_publish_empties_listings_too(
    course, module, django_capture_on_commit_callbacks
):
    assert "What a branch is" in anonymous_get(course.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ModulePageFactory(parent=course, title="Running a meeting")
    assert "Running a meeting" in anonymous_get(course.url).content.decode()


def test_unpublishing_removes_the_page_at_once(
    module, django_capture_on_commit_callbacks
):
    anonymous_get(module.url)
    assert anonymous_get(module.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        module.unpublish()
    assert anonymous_get(module.url).status_code == 404


def test_the_cache_is_emptied_only_once_the_publish_commits(
    module, django_capture_on_commit_callbacks
):
    anonymous_get(module.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        module.title = "What a branch does"
        module.save_revision().publish()
        # Not committed yet: readers may still get the page as it was.
        assert anonymous_get(module.url)["X-Page-Cache"] == "hit"
    for callback in callbacks:
        callback()
    assert "What a branch does" in anonymous_get(module.url).content.decode()


def test_a_logged_in_user_never_gets_or_fills_the_cache(client, module, learner):
    anonymous = anonymous_get(module.url)
    assert anonymous_get(module.url)["X-Page-Cache"] == "hit"
    client.force_login(learner)
    for _ in range(2):
        response = client.get(module.url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response  # not even looked up
        html = response.content.decode()
        assert "Mark this module as done" in html and "Log out" in html
    for html in (
        anonymous.content.decode(),
        anonymous_get(module.url).content.decode(),
    ):
        assert "Mark this module as done" not in html and "Log out" not in html


@pytest.fixture
def session_a(branch_a):
    return SessionFactory(
        branch=branch_a, title="Coming one", date=datetime.date.today()
    )


def test_an_organisers_pages_are_never_cached(client, module, branch_a, session_a):
    organiser = organiser_of(branch_a)
    client.force_login(organiser)
    register = reverse("branches_organise:register", args=[session_a.pk])
    for url in (module.url, f"/branches/{branch_a.slug}/", register):
        assert client.get(url).status_code == 200
        assert "X-Page-Cache" not in client.get(url)
    # Nothing the organiser saw was stored for anyone else.
    response = anonymous_get(module.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Log out" not in response.content.decode()
    assert organiser.email not in response.content.decode()


def test_pages_that_are_not_wagtail_pages_are_never_stored(branch_a, session_a):
    url = f"/branches/{branch_a.slug}/"
    for _ in range(2):
        response = anonymous_get(url)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "skip"


def test_a_response_that_sets_a_cookie_is_not_stored(module, monkeypatch):
    from core import wagtail_hooks

    original = wagtail_hooks.page_cache.mark_page_cacheable

    def and_use_csrf(*, page, request):
        from django.middleware.csrf import get_token

        get_token(request)  # as a page with a form would
        original(page=page, request=request)

    monkeypatch.setattr(wagtail_hooks.page_cache, "mark_page_cacheable", and_use_csrf)
    for _ in range(2):
        response = anonymous_get(module.url)
        assert response["X-Page-Cache"] == "skip"
        assert "csrftoken" in response.cookies


def test_a_request_with_a_session_cookie_is_not_served_from_the_cache(module):
    anonymous_get(module.url)
    browser = Client()
    browser.cookies["sessionid"] = "not-a-session"
    assert "X-Page-Cache" not in browser.get(module.url)


def test_a_page_with_a_view_restriction_is_not_stored(module):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=module, restriction_type=PageViewRestriction.LOGIN
    )
    for _ in range(2):
        response = anonymous_get(module.url)
        assert response.status_code == 302
        assert response["X-Page-Cache"] == "skip"


def test_reader_text_size_is_part_of_the_key(module):
    standard = anonymous_get(module.url)
    browser = Client()
    browser.cookies["reader"] = "largest.high"
    large = browser.get(module.url)
    assert large["X-Page-Cache"] == "miss"
    assert "text-largest" in large.content.decode()
    assert "text-largest" not in standard.content.decode()


def test_saving_a_library_author_empties_the_cache(
    handbook, django_capture_on_commit_callbacks
):
    from tests.factories.library import AuthorFactory

    anonymous_get(handbook.url)
    assert anonymous_get(handbook.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        AuthorFactory(name="Robert Tressell")
    assert anonymous_get(handbook.url)["X-Page-Cache"] == "miss"


def test_a_lost_generation_never_brings_old_pages_back(module):
    anonymous_get(module.url)
    page_cache_clear()
    assert anonymous_get(module.url)["X-Page-Cache"] == "miss"
    cache.delete("page-cache:generation")
    assert anonymous_get(module.url)["X-Page-Cache"] == "miss"


def test_off_by_default_in_settings_without_a_shared_cache(module, settings):
    settings.PAGE_CACHE = False
    anonymous_get(module.url)
    assert "X-Page-Cache" not in anonymous_get(module.url)
