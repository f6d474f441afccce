"""``db_worker`` with leases: the library's command, run by ``LeasedWorker``.

``core`` comes first in ``INSTALLED_APPS``, so ``manage.py db_worker`` is this
command; its options are the library's (``--help``). ``handle`` follows the
library's (django-tasks-db 0.13), with our worker class; the test
``tests/operations/test_task_leases.py`` pins the library's version."""

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from core.tasks.worker import LeasedWorker


class Command(db_worker.Command):
    help = (
        "Run a database task worker that beats while it lives and queues again "
        "the tasks of workers that died (see core.tasks)."
    )

    def handle(
        self, *, verbosity, queue_name, exclude_queues, reload, batch, **options
    ):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LeasedWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
