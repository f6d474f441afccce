"""Writes for the library: importing files as texts.

Used by ``manage.py import_texts`` and the admin's "Import texts" screen.
Each file is imported in its own transaction: a bad file is reported in one
line and never leaves half a text behind (nor its original file, see
``_original_file_attach``); the other files go on.
"""

import io
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from .importer import ImportError_, ParsedText, parse_document
from .importer.document import SIDECAR_SUFFIXES, TEXT_SUFFIXES
from .models import Author, LibraryIndexPage, TextPage, TextSection
from .tasks import sections_index_batched

logger = logging.getLogger(__name__)


@dataclass
class Source:
    name: str
    data: bytes
    sidecar: bytes | None = None
    sidecar_name: str = ""


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        unchanged = f" ({self.unchanged} unchanged)" if self.unchanged else ""
        return (
            f"{self.imported} imported, {self.updated + self.unchanged} updated{unchanged}, "
            f"{self.failed} failed."
        )


def sources_from_paths(*, paths) -> tuple[list[Source], list[str]]:
    """Files to import (folders are searched), each with its sidecar if present."""
    sources, problems = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES
            )
        elif path.is_file():
            if path.suffix.lower() in SIDECAR_SUFFIXES:
                continue  # read with its text
            files = [path]
        else:
            problems.append(f"Failed: {raw}: no such file or folder")
            continue
        for file in files:
            sidecar = next(
                (
                    file.with_suffix(s)
                    for s in SIDECAR_SUFFIXES
                    if file.with_suffix(s).is_file()
                ),
                None,
            )
            try:
                sources.append(
                    Source(
                        name=file.name,
                        data=file.read_bytes(),
                        sidecar=sidecar.read_bytes() if sidecar else None,
                        sidecar_name=sidecar.name if sidecar else "",
                    )
                )
            except OSError as error:
                problems.append(f"Failed: {file}: {error.strerror or error}")
    return sources, problems


def sources_from_uploads(*, files: dict[str, bytes]) -> list[Source]:
    """Uploaded files paired with uploaded sidecars of the same name."""
    stems = {}
    for name, data in files.items():
        if Path(name).suffix.lower() in SIDECAR_SUFFIXES:
            stems[Path(name).stem] = (name, data)
    sources = []
    for name, data in files.items():
        if Path(name).suffix.lower() in SIDECAR_SUFFIXES:
            continue
        sidecar_name, sidecar = stems.get(Path(name).stem, ("", None))
        sources.append(
            Source(name=name, data=data, sidecar=sidecar, sidecar_name=sidecar_name)
        )
    return sources


def _author_get_or_create(*, parsed) -> Author:
    author = Author.objects.filter(
        Q(name__iexact=parsed.name)
        | (Q(sort_name__iexact=parsed.sort_name) & ~Q(sort_name=""))
    ).first()
    if author is None:
        author = Author(name=parsed.name[:200], sort_name=parsed.sort_name[:200])
    changed = author.pk is None
    for attr in ("birth_year", "death_year", "bio"):
        value = getattr(parsed, attr)
        if value and not getattr(author, attr):
            setattr(author, attr, value)
            changed = True
    if changed:
        author.save()
    return author


def _unique_slug(*, library, title: str, page) -> str:
    base = slugify(title)[:200] or "text"
    slug, n = base, 2
    siblings = library.get_children()
    if page.pk:
        siblings = siblings.exclude(pk=page.pk)
    while siblings.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _fill(*, page: TextPage, parsed: ParsedText) -> None:
    page.title = parsed.title
    page.original_year = parsed.year or (
        parsed.date.year if parsed.date else page.original_year
    )
    page.original_date = parsed.date or page.original_date
    page.summary = parsed.summary or page.summary
    page.source = parsed.source or page.source
    page.source_url = parsed.source_url or page.source_url
    page.rights = parsed.rights or page.rights
    page.language = parsed.language or page.language or "en"
    if parsed.reading_level in TextPage.ReadingLevel.values:
        page.reading_level = parsed.reading_level
    page.import_key = parsed.key
    page.import_hash = parsed.content_hash
    page.authors = [_author_get_or_create(parsed=a) for a in parsed.authors]
    if parsed.tags:
        page.tags.set(parsed.tags)
    # Reuse the existing rows, so a re-import updates sections (and their
    # search documents) in place instead of deleting and adding them all.
    existing = list(page.sections.all()) if page.pk else []
    sections = []
    for n, parsed_section in enumerate(parsed.sections):
        section = existing[n] if n < len(existing) else TextSection()
        section.title = parsed_section.title
        section.anchor = ""
        section.body = parsed_section.body
        section.sort_order = n
        sections.append(section)
    page.sections = sections
    page._prepare_sections()


ORIGINALS_COLLECTION = "Library originals"
ORIGINAL_SUFFIX = " (original file)"


def _originals_collection() -> Collection:
    """The collection imported files are kept in, made on first use.

    A collection of their own, rather than the default one, marks the documents
    the importer owns: a re-import may replace the file of such a document,
    and never touches a document an editor uploaded or chose themselves. It also
    keeps the source files out of the way in the editors' documents list. It sits
    under the root collection, so the document permissions given there apply.
    """
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=ORIGINALS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=ORIGINALS_COLLECTION)
    return collection


def _original_file_attach(
    *, page: TextPage, source: Source, title: str, user, written: list
) -> None:
    """Make ``page.original_file`` a document holding ``source``'s bytes.

    The page's own imported document (one in the originals collection) is
    reused: kept as it is when the bytes are the same, otherwise given the new
    file, the old one being deleted once the transaction commits. Any other
    document the page pointed to is left alone and replaced on the page by a new
    one. Files written are added to ``written`` (storage, name) so that the
    caller can delete them if the transaction rolls back.
    """
    collection = _originals_collection()
    document = page.original_file if page.original_file_id else None
    if document is not None and document.collection_id != collection.pk:
        document = None
    doc_title = title[: 255 - len(ORIGINAL_SUFFIX)] + ORIGINAL_SUFFIX
    digest = hash_filelike(io.BytesIO(source.data))
    if document is not None and document.file_hash == digest:
        if document.title != doc_title:
            document.title = doc_title
            document.save(update_fields=["title"])
        return
    old_name = document.file.name if document is not None else ""
    if document is None:
        document = get_document_model()(collection=collection, uploaded_by_user=user)
    document.title = doc_title
    # A folder of its own with a random name: the file's address cannot be
    # guessed from the book's file name (library/wagtail_hooks.py guards the
    # download view for texts that are not live).
    document.file.save(
        f"{secrets.token_urlsafe(12)}/{Path(source.name).name or 'original'}",
        ContentFile(source.data),
        save=False,
    )
    storage = document.file.storage
    written.append((storage, document.file.name))
    document.file_size = len(source.data)
    document.file_hash = digest
    document.save()
    if old_name and old_name != document.file.name:
        transaction.on_commit(lambda: storage.delete(old_name))
    page.original_file = document


def _written_delete(*, written: list) -> None:
    """Remove files written by a transaction that rolled back."""
    for storage, name in written:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 - the import's own error is the one to report
            logger.exception("Could not delete %s after a failed import", name)


def text_save(
    *,
    parsed: ParsedText,
    library,
    publish: bool,
    user=None,
    source: Source | None = None,
    written: list | None = None,
) -> str:
    """Create or update the text for ``parsed``; returns imported/updated/unchanged.

    With ``source``, its file becomes the text's original file (a document).
    """
    written = [] if written is None else written
    existing = TextPage.objects.filter(import_key=parsed.key).first()
    if existing is not None and existing.import_hash == parsed.content_hash:
        if publish and not existing.live:
            existing.get_latest_revision().publish(user=user)
        return "unchanged"
    if existing is None:
        page = TextPage()
        _fill(page=page, parsed=parsed)
        if source is not None:
            _original_file_attach(
                page=page, source=source, title=parsed.title, user=user, written=written
            )
        page.slug = _unique_slug(library=library, title=parsed.title, page=page)
        page.live = False
        library.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
        return "imported"
    page = existing
    _fill(page=page, parsed=parsed)
    if source is not None:
        _original_file_attach(
            page=page, source=source, title=parsed.title, user=user, written=written
        )
    if not page.live:
        page.save()
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return "updated"


def texts_import(
    *,
    sources: list[Source],
    library: LibraryIndexPage,
    publish: bool = False,
    dry_run: bool = False,
    user=None,
    on_progress=None,
) -> ImportReport:
    """Import each source as a text under ``library``; one line per file in the report.

    ``on_progress(report)``, if given, is called after each file.
    """
    report = ImportReport()
    for source in sources:
        _source_import(
            source=source,
            library=library,
            publish=publish,
            dry_run=dry_run,
            user=user,
            report=report,
        )
        if on_progress is not None:
            on_progress(report)
    return report


def _source_import(*, source, library, publish, dry_run, user, report) -> None:
    try:
        parsed = parse_document(
            name=source.name,
            data=source.data,
            sidecar=source.sidecar,
            sidecar_name=source.sidecar_name,
        )
        if dry_run:
            exists = TextPage.objects.filter(import_key=parsed.key).exists()
            outcome = "updated" if exists else "imported"
        else:
            written: list = []
            try:
                with sections_index_batched(), transaction.atomic():
                    outcome = text_save(
                        parsed=parsed,
                        library=library,
                        publish=publish,
                        user=user,
                        source=source,
                        written=written,
                    )
            except BaseException:
                _written_delete(written=written)
                raise
    except ImportError_ as error:
        report.failed += 1
        report.lines.append(f"Failed: {source.name}: {error}")
        return
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the rest
        logger.exception("Import of %s failed", source.name)
        report.failed += 1
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        report.lines.append(f"Failed: {source.name}: {reason[:200]}")
        return
    setattr(report, outcome, getattr(report, outcome) + 1)
    verb = {"imported": "Imported", "updated": "Updated", "unchanged": "Unchanged"}[
        outcome
    ]
    if dry_run:
        verb = f"Would be {outcome}"
    report.lines.append(
        f"{verb}: {source.name} → “{parsed.title}”, {len(parsed.sections)} sections, "
        f"{parsed.words:,} words"
    )
