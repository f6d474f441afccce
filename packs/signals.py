"""When a module is published, make its usual packs in the background."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from courses.models import ModulePage

from .options import DEFAULT_OPTIONS
from .services import pack_request


@receiver(page_published, dispatch_uid="packs_on_publish")
def make_packs_on_publish(sender, instance, **kwargs):
    if not isinstance(instance, ModulePage):
        return

    def enqueue():
        for options in DEFAULT_OPTIONS:
            pack_request(source=instance, options=options)

    # After the commit, so the worker sees the published revision.
    transaction.on_commit(enqueue)
