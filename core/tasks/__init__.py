"""Tasks that survive their worker.

``django_tasks_db`` marks a task RUNNING when a worker claims it and never
looks at it again: if the worker is killed, the task stays RUNNING for ever.
This package adds a lease on top, without changing the library:

* every ``db_worker`` (ours, ``core/management/commands/db_worker.py``, which
  subclasses the library's) writes a heartbeat row (``WorkerHeartbeat``) from a
  thread every ``TASKS_HEARTBEAT_SECONDS``;
* a RUNNING task whose worker has not been seen for ``TASKS_LEASE_SECONDS`` has
  lost its worker. ``tasks_recover`` (run by each worker when it starts and
  every heartbeat, and by ``manage.py tasks_recover``) queues it again, at most
  ``TASKS_MAX_ATTEMPTS`` runs in all, then marks it FAILED with ``WorkerLost``
  and a reason a person can read;
* the app that owns the task hears about it through ``task_lease_expired``
  (packs put their pack back to "waiting" or "failed" so the page says so).

Tasks must therefore be idempotent: a task may run again after a partial run.
``packs.tasks.pack_build_task`` claims its pack and replaces any earlier file;
``library.tasks.text_sections_index_task`` writes only the sections whose
digest changed and records them after the index write.
"""

from .leases import (
    WorkerLost,
    heartbeat_beat,
    task_lease_expired,
    tasks_recover,
)
from .process import child_die_with_parent

__all__ = [
    "WorkerLost",
    "child_die_with_parent",
    "heartbeat_beat",
    "task_lease_expired",
    "tasks_recover",
]
