"""Anonymous Wagtail pages served from the shared cache; any change to what
they show empties it at once.

Why our own: wagtail-cache (the package for this) pins ``wagtail<8``, and
``wagtail.contrib.frontend_cache`` purges a CDN we do not have. This is
Django's cache framework (the ``UpdateCacheMiddleware`` /
``FetchFromCacheMiddleware`` pair, as ``django.middleware.cache`` places
them) with stricter rules about what may be stored:

* only a ``GET`` of a Wagtail page (``before_serve_page`` marks it) that has
  no view restriction, from a request with no session cookie and no
  messages cookie (so never a logged-in user, an organiser or anyone with
  something waiting for them);
* only a 200 with no ``Set-Cookie`` (a CSRF token or a new session would
  set one), no ``Cache-Control: private/no-cache/no-store``, an untouched
  session and an anonymous user;
* keyed by scheme, host, path with query string and the reader's text-size
  cookie (the only cookie an anonymous page depends on).

Invalidation is by generation: every key holds a random token kept in the
cache; publishing, unpublishing, moving or deleting a page, or saving a
model that public pages show (``register_page_cache_models``), replaces the
token after the transaction commits, so every process sharing the cache
(Redis) stops serving the old pages at once, and readers that see the new
token also see the new data. A publish may change menus, listings and the
pages that cite a text, so the whole cache goes, not one page's entry.

On by default only with a shared cache (``REDIS_URL``): a per-process cache
could not be emptied by a publish in another process.
"""

import functools
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from wagtail import hooks

from .reader import preferences_from_request

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
HEADER = "X-Page-Cache"
MAX_QUERY_STRING = 200
REFUSING_CACHE_CONTROL = ("private", "no-cache", "no-store")
# Wagtail's own models whose changes show on public pages.
WAGTAIL_MODELS = {
    "wagtailcore.site",
    "wagtailimages.image",
    "wagtaildocs.document",
    "wagtailredirects.redirect",
    "taggit.tag",
}


def page_cache_enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE", False))


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def page_cache_generation() -> str:
    """The current token; a new one if the cache lost it (so no old entry can
    come back)."""
    cache = _cache()
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY)
    return token


def page_cache_clear() -> None:
    """Every cached page goes, in every process sharing the cache."""
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:  # noqa: BLE001 - a cache outage must not fail a publish
        logger.exception("Could not empty the page cache")


def page_cache_clear_on_commit() -> None:
    if page_cache_enabled():
        transaction.on_commit(page_cache_clear)


def request_cacheable(request) -> bool:
    """Could this request be answered from the cache (before the view runs)?"""
    cookies = request.COOKIES
    return (
        page_cache_enabled()
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
        and not request.path_info.startswith(
            tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", ()))
        )
    )


def response_cacheable(request, response) -> bool:
    """May this response be stored for everyone?"""
    if not getattr(request, "page_cache_page_id", None):
        return False  # not a Wagtail page, or one with a view restriction
    cache_control = response.get("Cache-Control", "").lower()
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and not any(word in cache_control for word in REFUSING_CACHE_CONTROL)
        and not (session is not None and (session.modified or not session.is_empty()))
        and not (user is not None and user.is_authenticated)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def cache_key(request, generation: str) -> str:
    reader = preferences_from_request(request).to_cookie()
    raw = "\n".join(
        [request.scheme, request.get_host(), request.get_full_path(), reader]
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page-cache:{generation}:{digest}"


def mark_page_cacheable(*, page, request) -> None:
    """Called by ``before_serve_page``: this response is a page anyone may see."""
    if not page_cache_enabled() or not getattr(request, "page_cache_key", None):
        return
    if page.get_view_restrictions().exists():
        return
    request.page_cache_page_id = page.pk


class UpdatePageCacheMiddleware:
    """Stores what ``response_cacheable`` allows. Placed before the session,
    CSRF and messages middleware, so it sees the cookies they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "page_cache_hit", False):
            response[HEADER] = "hit"
            return response
        key = getattr(request, "page_cache_key", None)
        if key is None:
            return response
        if not response_cacheable(request, response):
            response[HEADER] = "skip"
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        entry = (
            response.status_code,
            [(k, v) for k, v in response.items() if k.lower() != "set-cookie"],
            response.content,
        )
        try:
            _cache().set(key, entry, getattr(settings, "PAGE_CACHE_SECONDS", 3600))
        except Exception:  # noqa: BLE001 - serve the page even if Redis is down
            logger.exception("Could not store a page in the page cache")
        response[HEADER] = "miss"
        return response


class FetchPageCacheMiddleware:
    """Answers from the cache. Placed last, after authentication and the
    second-factor check, so a hit skips only the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_cacheable(request):
            return self.get_response(request)
        try:
            key = cache_key(request, page_cache_generation())
            entry = _cache().get(key)
        except Exception:  # noqa: BLE001 - a cache outage serves pages uncached
            logger.exception("Could not read the page cache")
            return self.get_response(request)
        if entry is None:
            request.page_cache_key = key
            return self.get_response(request)
        status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        request.page_cache_hit = True
        return response


@functools.cache
def page_cache_models() -> frozenset[str]:
    """Model labels (``app.model``) whose saves and deletes empty the cache:
    Wagtail's, and what each app registers with ``register_page_cache_models``."""
    labels = set(WAGTAIL_MODELS)
    for fn in hooks.get_hooks("register_page_cache_models"):
        labels.update(label.lower() for label in fn())
    return frozenset(labels)


def _on_change(sender, instance=None, **kwargs):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page

    if (
        isinstance(instance, Page | BaseSiteSetting | BaseGenericSetting)
        or sender._meta.label_lower in page_cache_models()
    ):
        page_cache_clear_on_commit()


def _on_publish(sender, **kwargs):
    page_cache_clear_on_commit()


def page_cache_connect() -> None:
    """Called from ``CoreConfig.ready``."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (post_save, post_delete):
        signal.connect(_on_change, dispatch_uid=f"page_cache_{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_publish, dispatch_uid=f"page_cache_{id(signal)}")
