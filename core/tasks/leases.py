"""The heartbeat of a task worker and the recovery of tasks that lost theirs.

See the package docstring (``core.tasks``) for the rules and the settings.
"""

import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.dispatch import Signal
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus

logger = logging.getLogger(__name__)

# Sent inside the recovery transaction, once per task that lost its worker:
# task_path, task_id, args, kwargs, attempts, retried (bool) and reason.
task_lease_expired = Signal()


class WorkerLost(RuntimeError):
    """Recorded as a task's error when its workers kept stopping under it."""


def lease_seconds() -> float:
    return float(settings.TASKS_LEASE_SECONDS)


def heartbeat_seconds() -> float:
    return float(settings.TASKS_HEARTBEAT_SECONDS)


def heartbeat_beat(*, worker_id: str, started: bool = False) -> None:
    """Note that ``worker_id`` is alive now."""
    from core.models import WorkerHeartbeat

    now = timezone.now()
    defaults = {"seen_at": now, "hostname": socket.gethostname()[:255]}
    if started:
        defaults |= {"started_at": now, "pid": os.getpid()}
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults=defaults,
        create_defaults={**defaults, "started_at": now, "pid": os.getpid()},
    )


def heartbeat_forget(*, worker_id: str) -> None:
    """A worker that stops cleanly says so, so its row does not linger."""
    from core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


@dataclass
class RecoveryReport:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.requeued or self.failed)


def _lost(task, seen: dict, now, own_worker_id: str | None) -> bool:
    """Whether the worker that last claimed ``task`` is gone."""
    worker_id = task.worker_ids[-1] if task.worker_ids else ""
    if own_worker_id and worker_id == own_worker_id:
        # A worker starting under the id of one that died: whatever that one
        # was running is not running now.
        return True
    deadline = now - timedelta(seconds=lease_seconds())
    last_seen = seen.get(worker_id)
    if last_seen is None:
        # No heartbeat at all (a worker without leases): judge by its start.
        return task.started_at is None or task.started_at < deadline
    return last_seen < deadline


def tasks_recover(*, own_worker_id: str | None = None) -> RecoveryReport:
    """Queue again, or fail, the RUNNING tasks whose worker has gone."""
    from django_tasks_db.models import DBTaskResult

    from core.models import WorkerHeartbeat

    report = RecoveryReport()
    now = timezone.now()
    seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for task in running.only("id", "worker_ids", "started_at"):
        if _lost(task, seen, now, own_worker_id):
            _recover_one(task_id=task.pk, started_at=task.started_at, report=report)
    stale = now - timedelta(days=1)
    WorkerHeartbeat.objects.filter(seen_at__lt=stale).delete()
    return report


def _recover_one(*, task_id, started_at, report: RecoveryReport) -> None:
    from django_tasks_db.models import DBTaskResult

    max_attempts = int(settings.TASKS_MAX_ATTEMPTS)
    with transaction.atomic():
        # ``started_at`` changes with every claim: if another worker has
        # recovered (and perhaps claimed) the task meanwhile, leave it.
        task = (
            DBTaskResult.objects.select_for_update()
            .filter(pk=task_id, status=TaskResultStatus.RUNNING, started_at=started_at)
            .first()
        )
        if task is None:
            return
        attempts = len(task.worker_ids)
        retried = attempts < max_attempts
        silent = int(lease_seconds())
        if retried:
            reason = (
                f"The worker running this task stopped (no sign of it for {silent} s); "
                f"queued again (run {attempts} of at most {max_attempts})."
            )
            task.status = TaskResultStatus.READY
            task.save(update_fields=["status"])
            report.requeued.append(str(task.pk))
        else:
            reason = (
                f"The worker running this task stopped {attempts} times (no sign of "
                f"it for {silent} s each time), so it was not tried again."
            )
            task.status = TaskResultStatus.FAILED
            task.finished_at = timezone.now()
            task.exception_class_path = f"{WorkerLost.__module__}.WorkerLost"
            task.traceback = f"core.tasks.leases.WorkerLost: {reason}\n"
            task.save(
                update_fields=[
                    "status",
                    "finished_at",
                    "exception_class_path",
                    "traceback",
                ]
            )
            report.failed.append(str(task.pk))
        logger.warning(
            "Task %s (%s) lost its worker: %s", task.pk, task.task_path, reason
        )
        task_lease_expired.send(
            sender=type(task),
            task_path=task.task_path,
            task_id=str(task.pk),
            args=task.args_kwargs.get("args", []),
            kwargs=task.args_kwargs.get("kwargs", {}),
            attempts=attempts,
            retried=retried,
            reason=reason,
        )


class Heartbeat(threading.Thread):
    """Beats for a worker every ``TASKS_HEARTBEAT_SECONDS`` until stopped, and
    recovers other workers' lost tasks after each beat.

    A thread, so that neither a long task nor an idle wait stops the beat; it
    has its own database connection (Django's are per thread)."""

    def __init__(self, *, worker_id: str):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(heartbeat_seconds()):
                try:
                    close_old_connections()
                    heartbeat_beat(worker_id=self.worker_id)
                    report = tasks_recover()
                except Exception:  # noqa: BLE001 - a missed beat is retried next time
                    logger.exception("Worker %s could not beat", self.worker_id)
                    continue
                if report:
                    logger.warning(
                        "Worker %s recovered lost tasks: queued again %s, failed %s",
                        self.worker_id,
                        report.requeued,
                        report.failed,
                    )
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
