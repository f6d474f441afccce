"""/health/ for the load balancer: 200 when the database, cache, storage,
search index and task queue work; 500 naming what does not."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from core.tasks import heartbeat_beat

pytestmark = pytest.mark.django_db


def health(client):
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    return response.status_code, response.json()


def test_all_well(client):
    status, checks = health(client)
    assert status == 200, checks
    names = " ".join(checks)
    for name in ("Database", "Cache", "Storage", "SearchIndex", "TaskQueue"):
        assert name in names
    assert set(checks.values()) == {"OK"}


def test_an_unreadable_search_index_fails_the_check(client, monkeypatch):
    from wagtail.search import backends

    def broken(*args, **kwargs):
        raise OSError("segment truncated")

    backend = backends.get_search_backend()
    monkeypatch.setattr(type(backend), "search", broken)
    status, checks = health(client)
    assert status == 500
    [message] = [v for k, v in checks.items() if k.startswith("SearchIndex")]
    assert "search index cannot be read (OSError)" in message


def waiting_task(age: int):
    task = DBTaskResult.objects.create(
        task_path="packs.tasks.pack_build_task",
        args_kwargs={"args": [], "kwargs": {"pack_id": 1}},
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - timedelta(seconds=age)
    )


def test_tasks_waiting_with_no_worker_fail_the_check(client, settings):
    settings.TASKS_LEASE_SECONDS = 60
    waiting_task(age=600)
    status, checks = health(client)
    assert status == 500
    [message] = [v for k, v in checks.items() if k.startswith("TaskQueue")]
    assert "no task worker is running" in message

    heartbeat_beat(worker_id="w1", started=True)
    assert health(client)[0] == 200


def test_the_probe_is_not_redirected_to_https(settings, monkeypatch):
    """Production redirects plain HTTP to HTTPS, except the probe."""
    import importlib

    from django.test import Client

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("EMAIL_HOST", "smtp.example.org")
    production = importlib.import_module("config.settings.production")
    settings.SECURE_SSL_REDIRECT = production.SECURE_SSL_REDIRECT
    settings.SECURE_REDIRECT_EXEMPT = production.SECURE_REDIRECT_EXEMPT
    assert Client().get("/health/").status_code == 200
    assert Client().get("/").status_code == 301
