"""Draft titles are for those who may edit the page.

A live page with unpublished changes keeps two titles: ``title`` (what is
published) and ``draft_title`` (what an editor is working on). Wagtail's admin
shows ``draft_title`` everywhere it lists a page (choosers, the explorer, the
admin search, the admin pages API's ``admin_display_title``), so an organiser
who may only *choose* a module would read a tutor's unpublished rewording.

Never-published drafts are kept out of those listings by
``core.selectors.pages_visible_to``. This module owns the other half: while an
admin page is read (GET or HEAD) by a user who may not edit everything, every
page loaded for that request shows its published title unless the user may
edit that page. It does so where pages are made, Django's ``post_init``
signal, so that every channel Wagtail adds later is covered too, instead of
overriding each listing's title column.

Only reads are covered, on purpose: a request that may save a page never has
its instances changed, so a redacted title can never be written back.
"""

from __future__ import annotations

import contextvars

from django.db.models.signals import post_init
from wagtail.models import Page

_viewer: contextvars.ContextVar = contextvars.ContextVar("draft_title_viewer")

_FIELDS = {"title", "draft_title", "path", "owner", "live"}


def _may_edit(user, page) -> bool:
    # Wagtail caches the user's page permissions on the user object, so this
    # costs one query per request, not one per page.
    return page.permissions_for_user(user).can_edit()


def show_published_title(sender, instance, **kwargs):
    """``post_init`` receiver: a draft title the viewer may not edit is hidden."""
    user = _viewer.get(None)
    if user is None:
        return
    # A deferred field would be loaded by reading it, making another instance
    # (and calling this again); such partial pages are never listed by title.
    if instance.get_deferred_fields() & _FIELDS:
        return
    if not instance.live or instance.draft_title == instance.title:
        return
    if not _may_edit(user, instance):
        instance.draft_title = instance.title


class DraftTitleMiddleware:
    """Sets the viewer for admin reads by users who are not superusers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.method not in {"GET", "HEAD"}
            or user is None
            or not user.is_authenticated
            or user.is_superuser
        ):
            return self.get_response(request)
        token = _viewer.set(user)
        try:
            return self.get_response(request)
        finally:
            _viewer.reset(token)


def connect() -> None:
    """Called once from ``CoreConfig.ready``: every page model, and no other
    (a receiver for all models would slow down every instance Django makes)."""
    from django.apps import apps

    for model in apps.get_models():
        if issubclass(model, Page):
            post_init.connect(
                show_published_title,
                sender=model,
                dispatch_uid=f"core.drafts.published_title.{model._meta.label}",
            )
