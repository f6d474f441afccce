from django_tasks import task

from .services import scan_read


@task()
def scan_read_task(scan_id: int) -> str:
    """Read an upload's pages (``services.scan_read``), with progress."""
    return scan_read(scan_id=scan_id)
