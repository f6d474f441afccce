"""Imports started in the admin, run by the task worker.

The request only stores the uploads and queues the job, so no upload can hold
a web worker however long its import takes. The uploads wait in the private
storage (never under MEDIA_ROOT, which is public) until the task has read
them, and are deleted then, whatever the outcome.
"""

import logging
import uuid
from pathlib import PurePath

from django.core.files.storage import storages
from django.utils import timezone

from .importer.limits import LimitError, size_check
from .models import ImportJob
from .services import ImportReport, sources_from_uploads, texts_import
from .tasks import import_job_run_task

logger = logging.getLogger(__name__)

UPLOADS_FOLDER = "library-imports"


def _private_storage():
    return storages["private"]


def import_job_start(*, files, library, publish: bool, user) -> ImportJob:
    """Keep the uploaded files privately and queue their import."""
    storage = _private_storage()
    folder = f"{UPLOADS_FOLDER}/{uuid.uuid4().hex}"
    stored = []
    for upload in files:
        name = PurePath(upload.name).name or "upload"
        stored.append({"name": name, "path": storage.save(f"{folder}/{name}", upload)})
    job = ImportJob.objects.create(
        created_by=user,
        library=library,
        publish=publish,
        files=stored,
        total=len(sources_from_uploads(files={f["name"]: b"" for f in stored})),
    )
    import_job_run_task.enqueue(job.pk)
    return job


def import_job_run(*, job_id: int) -> str:
    """Import a queued job's files, recording progress after each file."""
    job = ImportJob.objects.select_related("library", "created_by").get(pk=job_id)
    if job.finished:
        return job.status
    storage = _private_storage()
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])

    refused = []  # files too large to read into memory at all

    def progress(report: ImportReport) -> None:
        job.done = len(refused) + report.imported + report.updated
        job.done += report.unchanged + report.failed
        job.lines = refused + report.lines
        job.save(update_fields=["done", "lines"])

    try:
        uploads = {}
        for item in job.files:
            try:
                size_check(size=storage.size(item["path"]))
            except LimitError as error:
                refused.append(f"Failed: {item['name']}: {error}")
                continue
            with storage.open(item["path"], "rb") as handle:
                uploads[item["name"]] = handle.read()
        report = texts_import(
            sources=sources_from_uploads(files=uploads),
            library=job.library.specific,
            publish=job.publish,
            user=job.created_by,
            on_progress=progress,
        )
        report.failed += len(refused)
        job.lines, job.summary = refused + report.lines, report.summary
        job.status = ImportJob.Status.DONE
    except Exception:  # noqa: BLE001 - the admin sees that it failed; the log says why
        logger.exception("Import job %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.summary = "The import stopped with an error; nothing more was imported."
    finally:
        for item in job.files:
            try:
                storage.delete(item["path"])
            except OSError:
                logger.exception("Could not delete the upload %s", item["path"])
    job.finished_at = timezone.now()
    job.save(update_fields=["lines", "summary", "status", "finished_at"])
    return job.status


def import_job_status(*, job: ImportJob) -> dict:
    """What the admin's status page shows, also served as JSON."""
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.finished,
        "done": job.done,
        "total": job.total,
        "lines": job.lines,
        "summary": job.summary,
    }
