"""``django_tasks_db``'s worker with a heartbeat and lease recovery."""

import logging

from django_tasks_db.management.commands.db_worker import Worker

from .leases import Heartbeat, heartbeat_beat, heartbeat_forget, tasks_recover

logger = logging.getLogger(__name__)


class LeasedWorker(Worker):
    """The library's worker, beating while it lives (``Heartbeat``), and
    recovering the tasks of a worker that died under its own id on start."""

    def run(self) -> None:
        heartbeat_beat(worker_id=self.worker_id, started=True)
        report = tasks_recover(own_worker_id=self.worker_id)
        if report:
            logger.warning(
                "Worker %s started: queued again %s, failed %s",
                self.worker_id,
                report.requeued,
                report.failed,
            )
        heartbeat = Heartbeat(worker_id=self.worker_id)
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()
            heartbeat_forget(worker_id=self.worker_id)
