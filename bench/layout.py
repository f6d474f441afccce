"""Issue 14, packs laid out for the room: the demo session's facilitator
edition (the Riverside group's session on running a democratic meeting, whose
module and session both cite "The branch meeting: motions and amendments"),
its pages with every citation printed in full and with each library section
printed once, and its render time against raw WeasyPrint on the same HTML in
the same run (the cover check, QR codes and tagged PDF/UA are ours).

Run: ``python -m bench layout`` (``BENCH_DATABASE_URL`` for PostgreSQL).
"""

import io
import statistics
import time

from bench._common import django_setup, machine

RUNS = 3


def _demo_session():
    from branches.models import Session
    from core.demo import demo_load

    demo_load()
    session = (
        Session.objects.filter(library_readings__isnull=False, module__isnull=False)
        .distinct()
        .order_by("date")
        .first()
    )
    if session is None:
        raise SystemExit("The demo has no session with a module and a library reading.")
    return session


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _raw_weasyprint(html: str, options, variant=None) -> bytes:
    """WeasyPrint alone: the same HTML and stylesheets, nothing of ours
    (``variant="pdf/ua-1"``: tagged, as ours is)."""
    from weasyprint import HTML

    from packs.services import PRINT_DIR, pack_stylesheets

    return HTML(string=html, base_url=PRINT_DIR.as_uri() + "/").write_pdf(
        stylesheets=pack_stylesheets(options=options), pdf_variant=variant
    )


def _median_seconds(make) -> tuple[float, bytes]:
    times, result = [], b""
    for _ in range(RUNS):
        started = time.perf_counter()
        result = make()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main():
    db = django_setup("layout")
    from packs.documents import pack_source
    from packs.options import PackOptions
    from packs.services import pack_html, pdf_from_html

    print(f"Layout benchmark · {machine()} · {db.split(':')[0]}")
    session = _demo_session()
    options = PackOptions(edition="facilitator")
    source = pack_source(session)
    print(f"Demo session: {source.title}, {session.date} (session:{session.pk})")

    every = pack_html(source=source, options=options, dedupe=False)
    once = pack_html(source=source, options=options)
    pages_every = _pages(pdf_from_html(html=every, options=options))
    ours, pdf_once = _median_seconds(lambda: pdf_from_html(html=once, options=options))
    raw, raw_pdf = _median_seconds(lambda: _raw_weasyprint(once, options))
    tagged, _ = _median_seconds(lambda: _raw_weasyprint(once, options, "pdf/ua-1"))
    pages_once = _pages(pdf_once)
    module_only = _pages(
        pdf_from_html(
            html=pack_html(source=session.module, options=options), options=options
        )
    )
    print(
        "Facilitator edition, clear print: "
        f"{pages_every} pages with every citation printed in full, "
        f"{pages_once} pages with each library section printed once "
        f"({pages_every - pages_once} fewer); the module's own facilitator "
        f"edition is {module_only} pages"
    )
    in_full = (
        every.count('class="pack-reading__text"'),
        once.count('class="pack-reading__text"'),
    )
    print(f"Library sections printed in full: {in_full[0]} before, {in_full[1]} after")
    print(
        f"Render (median of {RUNS}): ours {ours:.2f} s · raw WeasyPrint on the same "
        f"HTML {raw:.2f} s ({_pages(raw_pdf)} pages), ratio {ours / raw:.2f} · "
        f"raw WeasyPrint tagged (PDF/UA-1, as ours) {tagged:.2f} s, "
        f"ratio {ours / tagged:.2f}"
    )


if __name__ == "__main__":
    main()
