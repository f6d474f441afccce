"""Leases on tasks (core.tasks): a task whose worker stopped beating is
queued again, at most TASKS_MAX_ATTEMPTS runs, then failed with a reason the
pack page shows."""

from datetime import timedelta
from importlib.metadata import version

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from core.models import WorkerHeartbeat
from core.tasks import heartbeat_beat, tasks_recover
from packs.models import PackFile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _short_lease(settings):
    settings.TASKS_LEASE_SECONDS = 30
    settings.TASKS_MAX_ATTEMPTS = 3


def running_task(*, workers: list[str], pack: PackFile | None = None, age: int = 0):
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        task_path="packs.tasks.pack_build_task",
        args_kwargs={"args": [], "kwargs": {"pack_id": pack.pk if pack else 0}},
        backend_name="default",
        run_after=get_date_max(),
        worker_ids=workers,
        started_at=timezone.now() - timedelta(seconds=age),
    )


def beat(worker_id: str, *, ago: int) -> None:
    heartbeat_beat(worker_id=worker_id, started=True)
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        seen_at=timezone.now() - timedelta(seconds=ago)
    )


@pytest.fixture
def pack(db):
    return PackFile.objects.create(
        key="page:1:r1:a4",
        source_kind="page",
        source_id=1,
        revision="1",
        options_slug="a4",
        edition="learner",
        size="a4",
        status=PackFile.Status.RUNNING,
        progress=25,
    )


def test_a_live_worker_keeps_its_task():
    beat("alive", ago=5)
    task = running_task(workers=["alive"], age=600)
    assert not tasks_recover()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_silent_worker_loses_its_task_which_is_queued_again(pack):
    beat("dead", ago=31)
    task = running_task(workers=["dead"], pack=pack)
    report = tasks_recover()
    assert report.requeued == [str(task.pk)]
    task.refresh_from_db()
    pack.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    assert pack.status == PackFile.Status.PENDING  # the next run may claim it


def test_a_task_of_a_worker_that_never_beat_is_judged_by_its_start():
    young = running_task(workers=["old-style"], age=10)
    old = running_task(workers=["old-style"], age=60)
    assert tasks_recover().requeued == [str(old.pk)]
    young.refresh_from_db()
    assert young.status == TaskResultStatus.RUNNING


def test_a_worker_restarting_under_the_same_id_recovers_its_own_task():
    beat("host-1", ago=1)
    task = running_task(workers=["host-1"])
    assert tasks_recover(own_worker_id="host-1").requeued == [str(task.pk)]


def test_after_the_last_attempt_the_task_fails_and_the_pack_says_why(pack, client):
    beat("dead", ago=120)
    task = running_task(workers=["a", "b", "dead"], pack=pack)
    assert tasks_recover().failed == [str(task.pk)]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "core.tasks.leases.WorkerLost"
    assert "stopped 3 times" in task.traceback
    pack.refresh_from_db()
    assert pack.status == PackFile.Status.FAILED
    assert "stopped 3 times" in pack.error
    data = client.get(f"/packs/status/{pack.pk}/").json()
    assert data["status"] == "failed" and "stopped 3 times" in data["error"]


def test_the_command_reports_what_it_did(capsys):
    beat("dead", ago=120)
    running_task(workers=["dead"])
    call_command("tasks_recover")
    assert "Queued again: 1; failed: 0." in capsys.readouterr().out


def test_the_worker_command_is_ours_and_the_library_is_the_version_it_follows():
    from django.core.management import get_commands

    assert get_commands()["db_worker"] == "core"
    # core/management/commands/db_worker.py copies the library's handle().
    assert version("django-tasks-db").startswith("0.13.")
