"""A task worker killed in the middle of a pack build: the pack is made by the
next worker, and the render's child process dies with the killed worker."""

import os
import signal

import pytest
from django_tasks_db.models import DBTaskResult

from packs.models import PackFile
from packs.options import PackOptions
from packs.services import pack_request
from tests.factories.courses import ModulePageFactory, module_body
from tests.operations.conftest import alive, children_of, site_env, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LEASE = 3  # seconds without a heartbeat before a task counts as lost


def worker_args(name: str) -> list[str]:
    return [
        "manage.py",
        "db_worker",
        "--no-startup-delay",
        "--interval=0.2",
        f"--worker-id={name}",
    ]


def test_pack_build_survives_a_killed_worker(
    course, shared_database, processes, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    module = ModulePageFactory(
        parent=course, title="What a branch is", body=module_body(blocks_count=20)
    )
    # Publishing queued the module's usual packs: keep just the one we watch.
    DBTaskResult.objects.all().delete()
    PackFile.objects.all().delete()
    pack = pack_request(source=module, options=PackOptions())
    env = site_env(shared_database.publish(), TASKS_LEASE_SECONDS=LEASE)

    first = processes.start("worker-a", worker_args("worker-a"), env)

    # Kill it while the render's child process is working.
    def rendering():
        if first.poll() is not None:
            pytest.fail(f"Worker A stopped: {processes.log(first)}")
        [(status, progress)] = shared_database.query(
            "SELECT status, progress FROM packs_packfile WHERE id = %s", (pack.pk,)
        )
        return (
            status == PackFile.Status.RUNNING
            and progress >= 25
            and children_of(first.pid)
        )

    render = wait_for(
        rendering, timeout=90, interval=0.02, what="worker A to start rendering"
    )[0]
    os.kill(first.pid, signal.SIGKILL)
    first.wait(10)
    wait_for(lambda: not alive(render), timeout=5, what="the render to die too")

    second = processes.start("worker-b", worker_args("worker-b"), env)
    wait_for(
        lambda: (
            shared_database.query(
                "SELECT status FROM packs_packfile WHERE id = %s", (pack.pk,)
            )
            == [(PackFile.Status.READY,)]
        ),
        timeout=120,
        interval=0.3,
        what="worker B to make the pack",
    )
    [(name,)] = shared_database.query(
        "SELECT file FROM packs_packfile WHERE id = %s", (pack.pk,)
    )
    # Packs are private files.
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes().startswith(b"%PDF")
    [(status, workers)] = shared_database.query(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
    )
    assert status == "SUCCESSFUL", processes.log(second)
    assert "worker-a" in str(workers) and "worker-b" in str(workers)
