"""Demo content for a fresh site: ``manage.py load_demo`` (and ``make run``).

The content is data, in each app's ``demo_data/`` folder. ``demo_load`` makes
the demo accounts (``core/demo_data/accounts.yaml``), then runs the loaders the
apps register with the ``register_demo_loader`` hook, lowest ``order`` first:
the Courses section (courses, 10), the library (20), the starter course and the
home page's welcome (courses, 30), the demo branch (branches, 40). Each loader
is called as ``loader(demo=..., stdout=...)``: ``demo`` is a dict the loaders
share (``home``, ``users``, ``texts``, ``course``), each adding what it made.

Every loader creates only what is missing and never overwrites what someone
has since edited, so loading twice changes nothing. The accounts have known
passwords: ``load_demo`` refuses to run when DEBUG is off unless forced, so
they never appear on a real site by accident.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail import hooks

from .models import HomePage


@cache
def demo_data(*, app_label: str, name: str) -> dict:
    """An app's demo data file, ``<app>/demo_data/<name>``, read once. The
    loaders copy what they change."""
    path = Path(apps.get_app_config(app_label).path) / "demo_data" / name
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str
    first_name: str
    last_name: str
    group: str | None = None
    superuser: bool = False


DEMO_LOGINS = [
    DemoLogin(**account)
    for account in demo_data(app_label="core", name="accounts.yaml")["accounts"]
]


def demo_log(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def demo_stream(blocks: list[dict]) -> str:
    """StreamField data (``[{"type": ..., "value": ...}]``) as the JSON Wagtail
    stores, so missing optional fields get their defaults when read back."""
    return json.dumps([{"type": b["type"], "value": b["value"]} for b in blocks])


def demo_child(parent, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def demo_publish(parent, page, *, author=None, publisher=None):
    """Add ``page`` under ``parent`` and publish it through a revision, so its
    history starts as a tutor's first version published by the committee."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=author).publish(user=publisher)
    return page


def demo_users_load(*, stdout=None) -> dict[str, object]:
    """The demo accounts, by e-mail. Passwords are set only on creation,
    so someone who changed theirs keeps it."""
    user_model = get_user_model()
    users = {}
    for login in DEMO_LOGINS:
        user, created = user_model.objects.get_or_create(
            username=login.email,
            defaults={
                "email": login.email,
                "first_name": login.first_name,
                "last_name": login.last_name,
                "is_staff": login.superuser,
                "is_superuser": login.superuser,
            },
        )
        if created:
            user.set_password(login.password)
            user.save(update_fields=["password"])
            demo_log(stdout, f"Created the account {login.email}")
        if login.group and not user.groups.filter(name=login.group).exists():
            user.groups.add(Group.objects.get(name=login.group))
        users[login.email] = user
    return users


@transaction.atomic
def demo_load(*, stdout=None) -> None:
    """Load the demo content; running it again adds only what is missing."""
    demo = {"home": HomePage.objects.get()}
    demo["users"] = demo_users_load(stdout=stdout)
    for loader in hooks.get_hooks("register_demo_loader"):
        loader(demo=demo, stdout=stdout)
