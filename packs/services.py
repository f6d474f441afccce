"""Making packs: HTML from the print templates, the PDF from WeasyPrint (in a
child process with memory and time limits when the worker does it), A5
booklet imposition, and the stored ``PackFile`` life cycle."""

import io
import logging
import multiprocessing
import resource
import time
import traceback
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    NameObject,
    TextStringObject,
)

from core.tasks import child_die_with_parent

from .booklet import (  # noqa: F401 - booklet_impose and booklet_order lived here
    booklet_impose,
    booklet_order,
    booklet_print,
)
from .documents import PackSource, pack_context, pack_source, pack_source_from_ref
from .documents.links import qr_codes_insert
from .models import PackFile
from .options import PackOptions
from .readings import reading_html, reading_source_from_id
from .safety import SafeURLFetcher, sanitise_html
from .sessions import is_sheet_page, sign_in_sheet_insert

logger = logging.getLogger(__name__)

PRINT_DIR = Path(settings.BASE_DIR) / "site" / "print"
A4_LANDSCAPE = (841.89, 595.28)
MB = 1024 * 1024


class PackRenderError(RuntimeError):
    """A pack could not be made; the message is shown to the reader as it is,
    so it never holds a path or an exception's text (those go to the log)."""


# What a reader sees when a pack fails for a reason that is ours, not theirs.
PACK_FAILED_MESSAGE = (
    "Something went wrong on our side. Try again later; if it keeps happening, "
    "tell the site's administrators."
)


def _as_source(obj) -> PackSource:
    return obj if isinstance(obj, PackSource) else pack_source(obj)


def pack_html(*, source, options: PackOptions, dedupe: bool = True) -> str:
    """The pack as one sanitised HTML document (no stylesheets: see
    ``pack_stylesheets``), with its QR codes (made after sanitising)."""
    source = _as_source(source)
    if source.kind == "reading":
        return reading_html(source=source, options=options)
    context = pack_context(source=source, options=options, dedupe=dedupe)
    html = qr_codes_insert(sanitise_html(render_to_string("packs/pack.html", context)))
    if context["sign_in"]:
        html = sign_in_sheet_insert(html=html, sign_in=context["sign_in"])
    return html


def pack_stylesheets(*, options: PackOptions) -> list[str]:
    names = ["pack.css", "large-print.css" if options.large else "clear-print.css"]
    if options.booklet:
        names.append("booklet.css")
    names.append("sign-in-sheet.css")  # its own A4 pages (``@page scan-sheet``)
    return [str(PRINT_DIR / name) for name in names]


def pdf_from_html(*, html: str, options: PackOptions) -> bytes:
    """WeasyPrint, reading only what ``SafeURLFetcher`` allows; tagged PDF/UA-1."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = SafeURLFetcher()
    fonts = FontConfiguration()
    stylesheets = [
        CSS(filename=name, url_fetcher=fetcher, font_config=fonts)
        for name in pack_stylesheets(options=options)
    ]

    def render(html):
        return HTML(
            string=html, base_url=PRINT_DIR.as_uri() + "/", url_fetcher=fetcher
        ).render(stylesheets=stylesheets, font_config=fonts, pdf_variant="pdf/ua-1")

    document = render(html)
    if not cover_fits(document):
        # A long title or summary would spill the cover onto a second page.
        document = render(
            html.replace('class="pack ', 'class="pack--compact-cover pack ', 1)
        )
    if not options.booklet:
        return document.write_pdf(pdf_variant="pdf/ua-1")
    # The sign-in sheet goes round the room on its own A4 pages, after the
    # booklet's sheets: it is not folded into it.
    sheet = [page for page in document.pages if is_sheet_page(page)]
    booklet = document.copy([p for p in document.pages if not is_sheet_page(p)])
    title = document.metadata.title or "Study Circle booklet"
    pdf = booklet_print(
        pdf=booklet.write_pdf(pdf_variant="pdf/ua-1"),
        title=title,
        render_html=_instructions_pdf,
    )
    if sheet:
        pdf = pdf_merge(pdfs=[pdf, document.copy(sheet).write_pdf()])
    return pdf


INSTRUCTIONS_CSS = """
@page { size: A4 landscape; margin: 20mm 25mm; }
html { font-family: "DejaVu Sans", sans-serif; font-size: 14pt; line-height: 1.45; }
h1 { font-size: 22pt; } li { margin-bottom: 0.5em; }
.blank { break-before: page; padding-top: 80mm; text-align: center; }
"""


def _instructions_pdf(body: str) -> bytes:
    """The booklet's first sheet: its instructions, and a blank back (saying
    so, so nobody thinks a page is missing)."""
    from weasyprint import CSS, HTML

    html = (
        f'<html lang="en-GB"><body>{body}'
        '<p class="blank">This side is left blank.</p></body></html>'
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=INSTRUCTIONS_CSS)])


def cover_fits(document) -> bool:
    """Whether the cover ends on the first page (its ``cover-end`` marker is
    there); a document without a cover fits."""
    if not document.pages:
        return True
    if "cover-end" in document.pages[0].anchors:
        return True
    return not any("cover-end" in page.anchors for page in document.pages)


def pdf_merge(*, pdfs: list[bytes]) -> bytes:
    """The PDFs one after another, with their bookmarks, and the first one's
    title and language. Like the booklet, it is for the printer: the parts'
    tags are not kept."""
    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(pdf)) for pdf in pdfs]
    for reader in readers:
        writer.append(reader)
    metadata = readers[0].metadata or {}
    writer.add_metadata({key: str(value) for key, value in metadata.items()})
    lang = readers[0].trailer["/Root"].get("/Lang")
    if lang:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pack_render(*, page, options: PackOptions) -> bytes:
    """The pack PDF for a module or course page, or a branches Session, in this
    process; a "print everything" bundle is its parts rendered and merged."""
    source = _as_source(page)
    pdfs = [
        pdf_from_html(html=pack_html(source=source, options=part), options=part)
        for part in options.bundle_parts()
    ]
    return pdfs[0] if len(pdfs) == 1 else pdf_merge(pdfs=pdfs)


# --- Rendering in a child process, with limits ---------------------------


@dataclass
class RenderOutcome:
    pdf: bytes
    seconds: float
    rss_before_mb: float
    peak_rss_mb: float
    cpu_seconds: float = 0.0

    @property
    def growth_mb(self) -> float:
        return self.peak_rss_mb - self.rss_before_mb


def _proc_status_kb(field: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _render_child(conn, html: str, options: PackOptions, memory_mb: int) -> None:
    child_die_with_parent()  # a killed worker takes its render with it
    try:
        rss_before = _proc_status_kb("VmRSS") / 1024
        if memory_mb:
            # The child starts with the worker's address space; the budget is on top.
            limit = _proc_status_kb("VmSize") * 1024 + memory_mb * MB
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        started, cpu_started = time.perf_counter(), time.process_time()
        pdf = pdf_from_html(html=html, options=options)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        peak = max(
            _proc_status_kb("VmHWM"), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        )
        conn.send(
            ("ok", RenderOutcome(pdf, seconds, rss_before, peak / 1024, cpu_seconds))
        )
    except MemoryError:
        conn.send(
            (
                "error",
                f"The pack needed more than {memory_mb} MB of memory and was stopped. "
                "It may be too long to print as one document: try a single module.",
            )
        )
    except Exception:  # noqa: BLE001 - reported to the parent, which logs it
        conn.send(("error", PACK_FAILED_MESSAGE, traceback.format_exc()))
    finally:
        conn.close()


def pack_render_isolated(
    *,
    html: str,
    options: PackOptions,
    timeout: float | None = None,
    memory_mb: int | None = None,
) -> RenderOutcome:
    """WeasyPrint in a forked child under ``RLIMIT_AS`` and a timeout, so a
    runaway document fails with a clear ``PackRenderError`` instead of taking the
    worker (or the site) down."""
    timeout = settings.PACKS_RENDER_TIMEOUT if timeout is None else timeout
    memory_mb = settings.PACKS_RENDER_MEMORY_MB if memory_mb is None else memory_mb
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_render_child, args=(sender, html, options, memory_mb), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            process.kill()
            raise PackRenderError(
                f"The pack took longer than {timeout:g} seconds to make and was stopped. "
                "It may be too long to print as one document: try a single module."
            )
        try:
            kind, payload, *detail = receiver.recv()
        except EOFError:
            process.join(5)
            raise PackRenderError(
                "The pack could not be made: the render stopped without finishing "
                f"(exit code {process.exitcode}), most likely for lack of memory."
            ) from None
    finally:
        receiver.close()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
    if kind != "ok":
        if detail:
            logger.error("Pack render failed in the child process:\n%s", detail[0])
        raise PackRenderError(payload)
    return payload


# --- Stored packs ---------------------------------------------------------


def pack_request(*, source, options: PackOptions) -> PackFile:
    """The stored pack for the source's current content and these options,
    queued for the worker if it has not been made (or has lost its file)."""
    source = _as_source(source)
    revision = source.revision(options)
    key = PackFile.make_key(
        source_ref=source.ref, revision=revision, options_slug=options.slug
    )
    pack, created = PackFile.objects.get_or_create(
        key=key,
        defaults={
            "source_kind": source.kind,
            "source_id": source.pk,
            "revision": revision,
            "options_slug": options.slug,
            "edition": options.edition,
            "size": options.size,
            "booklet": options.booklet,
            "title": source.title[:255],
        },
    )
    if created:
        pack_enqueue(pack=pack)
    elif pack.status == PackFile.Status.READY and not pack.file.storage.exists(
        pack.file.name
    ):
        pack_retry(pack=pack)
    elif pack.status == PackFile.Status.RUNNING and _stalled(pack):
        # The worker died mid-render (a restart, a kill): start again.
        pack_retry(pack=pack)
    return pack


def _stalled(pack: PackFile) -> bool:
    limit = timedelta(seconds=settings.PACKS_RENDER_TIMEOUT + 60)
    return pack.updated_at < timezone.now() - limit


def pack_enqueue(*, pack: PackFile) -> None:
    from .tasks import pack_build_task

    pack_build_task.enqueue(pack_id=pack.pk)


def pack_retry(*, pack: PackFile) -> None:
    PackFile.objects.filter(pk=pack.pk).update(
        status=PackFile.Status.PENDING, progress=0, error="", updated_at=timezone.now()
    )
    pack_enqueue(pack=pack)


def pack_options_of(pack: PackFile) -> PackOptions:
    return PackOptions(edition=pack.edition, size=pack.size, booklet=pack.booklet)


def pack_build(*, pack_id: int) -> str:
    """The worker's job: make one pack, store it, remove the packs it supersedes."""
    claimed = PackFile.objects.filter(
        pk=pack_id, status__in=[PackFile.Status.PENDING, PackFile.Status.FAILED]
    ).update(
        status=PackFile.Status.RUNNING, progress=5, error="", updated_at=timezone.now()
    )
    if not claimed:
        return "skipped"  # made already, being made, or superseded and deleted
    pack = PackFile.objects.get(pk=pack_id)
    options = pack_options_of(pack)
    try:
        if pack.source_kind == "reading":
            source = reading_source_from_id(pack.source_id)
        else:
            source = pack_source_from_ref(
                f"{pack.source_kind}:{pack.source_id}"
                if pack.source_kind == "session"
                else str(pack.source_id)
            )
        parts = options.bundle_parts()
        pdfs, seconds = [], 0.0
        for number, part in enumerate(parts):
            html = pack_html(source=source, options=part)
            PackFile.objects.filter(pk=pack.pk).update(
                progress=25 + 70 * number // len(parts), updated_at=timezone.now()
            )
            outcome = pack_render_isolated(html=html, options=part)
            pdfs.append(outcome.pdf)
            seconds += outcome.seconds
        pdf = pdfs[0] if len(pdfs) == 1 else pdf_merge(pdfs=pdfs)
        if pack.file:  # made again (lost or stalled): replace the old file
            pack.file.delete(save=False)
        pack.file.save("pack.pdf", ContentFile(pdf), save=False)
        pack.status = PackFile.Status.READY
        pack.progress = 100
        pack.page_count = len(PdfReader(io.BytesIO(pdf)).pages)
        pack.render_seconds = round(seconds, 3)
        pack.save()
    except PackRenderError as error:
        _fail(pack, str(error))
        return "failed"
    except Exception:
        logger.exception("Pack %s failed", pack.key)
        _fail(pack, PACK_FAILED_MESSAGE)
        return "failed"
    pack_cleanup_superseded(pack=pack)
    return "ready"


def _fail(pack: PackFile, message: str) -> None:
    PackFile.objects.filter(pk=pack.pk).update(
        status=PackFile.Status.FAILED,
        error=message[:2000],
        progress=0,
        updated_at=timezone.now(),
    )


def pack_cleanup_superseded(*, pack: PackFile) -> int:
    """Delete the older packs (and their files) of the same source and options."""
    older = PackFile.objects.filter(
        source_kind=pack.source_kind,
        source_id=pack.source_id,
        options_slug=pack.options_slug,
    ).exclude(pk=pack.pk)
    removed = 0
    for old in older:
        if old.file:
            old.file.delete(save=False)
        old.delete()
        removed += 1
    return removed
