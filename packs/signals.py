"""When a module is published, make its usual packs in the background; when
the people a session names change, replace the packs that named them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
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


def replace_packs_naming_people(sender, branch_id, session_ids=None, **kwargs):
    from .people import packs_naming_people_replace

    packs_naming_people_replace(branch_id=branch_id, session_ids=session_ids)


def replace_packs_naming_member(sender, instance, **kwargs):
    """A member renamed, erased or deleted: their branch's packs go."""
    if kwargs.get("raw") or kwargs.get("created") or not instance.branch_id:
        return  # a new member is on no sheet yet
    replace_packs_naming_people(sender, branch_id=instance.branch_id)


def connect_branches() -> None:
    """Called from ``PacksConfig.ready`` when branches is installed: packs is
    above branches, so it listens; branches never imports packs."""
    from branches.events import people_listed_changed

    people_listed_changed.connect(
        replace_packs_naming_people, dispatch_uid="packs_people_listed_changed"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            replace_packs_naming_member,
            sender="branches.Member",
            dispatch_uid=f"packs_member_{signal is post_save}",
        )
