"""Health checks for the load balancer (django-health-check), beside the
library's own for the database, cache and storage; ``HEALTH_CHECKS`` in the
settings lists which run, so another part (or the search engine package) can
add its own check there without changing this module."""

import dataclasses
from datetime import timedelta

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class SearchIndex(HealthCheck):
    """A real query on the default search backend: an index that cannot be
    read (missing, corrupt, unreachable cluster) fails the check."""

    async def run(self) -> None:
        # In the request's own thread, with its database connection.
        await sync_to_async(self.check)()

    def check(self) -> None:
        from wagtail.models import Page
        from wagtail.search.backends import get_search_backend

        try:
            list(get_search_backend().search("health", Page)[:1])
        except Exception as error:  # noqa: BLE001 - any failure is "unavailable"
            raise ServiceUnavailable(
                f"The search index cannot be read ({type(error).__name__})."
            ) from error


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The task table can be read, and tasks are not waiting with no worker
    alive to run them (no heartbeat within ``TASKS_LEASE_SECONDS``)."""

    async def run(self) -> None:
        await sync_to_async(self.check)()

    def check(self) -> None:
        from django_tasks_db.models import DBTaskResult

        from core.models import WorkerHeartbeat

        lease = timedelta(seconds=settings.TASKS_LEASE_SECONDS)
        now = timezone.now()
        try:
            workers = WorkerHeartbeat.objects.filter(seen_at__gte=now - lease).count()
            oldest = (
                DBTaskResult.objects.ready()
                .order_by("enqueued_at")
                .values_list("enqueued_at", flat=True)
                .first()
            )
        except DatabaseError as error:
            raise ServiceUnavailable("The task queue cannot be read.") from error
        if not workers and oldest is not None and oldest < now - 2 * lease:
            raise ServiceUnavailable(
                "Tasks are waiting and no task worker is running "
                "(start one: manage.py db_worker)."
            )


def health_view(checks_setting: str):
    """The health page running the checks listed in ``checks_setting``."""
    return HealthCheckView.as_view(checks=getattr(settings, checks_setting))
