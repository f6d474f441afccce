"""Search indexing for a text's sections, one batch per text.

A book has hundreds of sections; indexing them one save at a time means one
index commit each (minutes on Whoosh). Sections are indexed together after
their text is saved instead (``TextPage.save``), only those whose content
changed since they were last indexed (``SectionIndexState``), and only
deletions go one by one (``library.signals``).
"""

import contextlib
import contextvars
import logging

from django_tasks import task

logger = logging.getLogger(__name__)

_deferred: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "library_deferred_section_index", default=None
)


@task()
def text_sections_index_task(page_id: int) -> int:
    """Index the text's sections that changed since they were last indexed."""
    from wagtail.search.backends import get_search_backends

    from .models import SectionIndexState, TextSection

    sections = list(TextSection.objects.filter(page_id=page_id))
    indexed = dict(
        SectionIndexState.objects.filter(section__page_id=page_id).values_list(
            "section_id", "digest"
        )
    )
    changed = [s for s in sections if indexed.get(s.pk) != s.search_digest]
    if not changed:
        return 0
    for backend in get_search_backends(with_auto_update=True):
        try:
            backend.add_bulk(TextSection, changed)
        except Exception:
            # The task fails (and is retried): its sections are not noted as
            # indexed, and the index's health check lists them as missing.
            logger.exception("Could not index the sections of text %s", page_id)
            raise
    _states_record(changed)
    return len(changed)


def _states_record(sections) -> None:
    from .models import SectionIndexState

    SectionIndexState.objects.bulk_create(
        [SectionIndexState(section=s, digest=s.search_digest) for s in sections],
        update_conflicts=True,
        unique_fields=["section"],
        update_fields=["digest"],
        batch_size=500,
    )


def sections_index_state_record() -> int:
    """Note every section as indexed as it is now (after a full rebuild)."""
    from .models import TextSection

    count = 0
    sections = TextSection.objects.only("pk", "page_id", "title", "body").order_by("pk")
    batch = []
    for section in sections.iterator(chunk_size=500):
        batch.append(section)
        if len(batch) == 500:
            _states_record(batch)
            count, batch = count + len(batch), []
    _states_record(batch)
    return count + len(batch)


def text_sections_index(*, page_id: int) -> None:
    """Index a text's sections now, or once at the end of ``sections_index_batched``."""
    pending = _deferred.get()
    if pending is not None:
        pending.add(page_id)
    else:
        text_sections_index_task.enqueue(page_id)


@contextlib.contextmanager
def sections_index_batched():
    """Saves inside index each text's sections once, when the block ends."""
    pending: set[int] = set()
    token = _deferred.set(pending)
    try:
        yield pending
    finally:
        _deferred.reset(token)
    for page_id in sorted(pending):
        text_sections_index_task.enqueue(page_id)


@task()
def import_job_run_task(job_id: int) -> str:
    """Run an import started in the admin (``library.import_jobs``)."""
    from .import_jobs import import_job_run

    return import_job_run(job_id=job_id)
