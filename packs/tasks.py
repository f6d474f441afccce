from django_tasks import task

from .services import pack_build


@task()
def pack_build_task(pack_id: int) -> str:
    """Make one stored pack (``PackFile``); see ``services.pack_build``."""
    return pack_build(pack_id=pack_id)
