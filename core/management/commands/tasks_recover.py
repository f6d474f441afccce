"""Queue again (or fail) the tasks whose worker has died; workers do this
themselves every few seconds, so this is for a site with no worker running."""

from django.core.management.base import BaseCommand

from core.tasks import tasks_recover


class Command(BaseCommand):
    help = "Queue again, or fail after TASKS_MAX_ATTEMPTS, tasks whose worker died."

    def handle(self, **options):
        report = tasks_recover()
        self.stdout.write(
            f"Queued again: {len(report.requeued)}; failed: {len(report.failed)}."
        )
