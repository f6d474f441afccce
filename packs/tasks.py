from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from core.tasks import task_lease_expired

from .models import PackFile
from .services import pack_build


@task()
def pack_build_task(pack_id: int) -> str:
    """Make one stored pack (``PackFile``); see ``services.pack_build``.

    Idempotent: the build claims its pack (waiting or failed, never one being
    made), and a new file replaces any earlier one."""
    return pack_build(pack_id=pack_id)


@receiver(task_lease_expired, dispatch_uid="packs_worker_lost")
def pack_worker_lost(sender, *, task_path, kwargs, retried, reason, **extra):
    """The worker making a pack died: wait for the next run, or say why not."""
    if task_path != pack_build_task.module_path or "pack_id" not in kwargs:
        return
    running = PackFile.objects.filter(
        pk=kwargs["pack_id"], status=PackFile.Status.RUNNING
    )
    if retried:
        running.update(
            status=PackFile.Status.PENDING, progress=0, updated_at=timezone.now()
        )
    else:
        running.update(
            status=PackFile.Status.FAILED,
            progress=0,
            error=f"The pack could not be made: {reason} Try again later.",
            updated_at=timezone.now(),
        )
