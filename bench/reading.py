"""Issue 14: reading a library text. Two figures, each with its reference
measured in the same run:

1. A screen of a 10,000-word chapter through the site, p50 under 20 ms with a
   fixed query count. Reference: one hand-written SQL statement fetching the
   same paragraphs.
2. A 150-page large-print reading pack made as the worker makes it (HTML, then
   WeasyPrint in a forked child with the worker's limits), under 15 s and
   400 MB. Reference: raw WeasyPrint on the same HTML in this process.

Text comes from the shared Gutenberg corpus when it is there (``BENCH_CORPUS``,
default ``/work/shared/corpus/gutenberg``), else is generated.
"""

import os
import random
import resource
import time
from pathlib import Path

from bench._common import django_setup, machine, percentile, summary_ms

CORPUS = Path(os.environ.get("BENCH_CORPUS", "/work/shared/corpus/gutenberg"))
CHAPTER_WORDS = 10_000
PACK_PAGES_WANTED = 150
REQUESTS = 200


def _paragraphs() -> list[str]:
    found: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []:
        text = path.read_text(encoding="utf-8", errors="replace")
        start, end = text.find("*** START OF"), text.find("*** END OF")
        if start != -1:
            text = text[text.find("\n", start) + 1 : end if end != -1 else None]
        for block in text.split("\n\n"):
            words = " ".join(block.split())
            if len(words.split()) >= 30 and "gutenberg" not in words.lower():
                found.append(words)
    if len(found) >= 400:
        return found
    rng = random.Random(14)
    vocabulary = (
        "branch members meeting vote motion union wages work rent council party "
        "organise campaign leaflet neighbours history struggle rights democracy"
    ).split()
    return [
        " ".join(rng.choice(vocabulary) for _ in range(rng.randint(60, 140))) + "."
        for _ in range(1200)
    ]


def _chapter(paragraphs: list[str], start: int, words: int, first_page: int) -> str:
    """Body HTML of about ``words`` words, an original page every 350 words."""
    from django.utils.html import escape

    parts, count, page, i = [], 0, first_page, start
    since_turn = 0
    while count < words:
        text = paragraphs[i % len(paragraphs)]
        mark = ""
        if since_turn >= 350:
            page, since_turn = page + 1, 0
            mark = f'<span data-page="{page}"></span>'
        parts.append(f"<p>{mark}{escape(text)}</p>")
        n = len(text.split())
        count, since_turn, i = count + n, since_turn + n, i + 1
    return "".join(parts)


def build(*, chapters: int, words: int):
    from core.models import HomePage
    from library.models import LibraryIndexPage, TextPage, TextSection

    paragraphs = _paragraphs()
    home = HomePage.objects.get()
    library = LibraryIndexPage.objects.first() or home.add_child(
        instance=LibraryIndexPage(title="Library", slug="library")
    )
    text = TextPage(title=f"A book of {chapters} chapters", slug=f"book-{chapters}")
    text.sections = [
        TextSection(
            title=f"Chapter {n + 1}",
            body=_chapter(paragraphs, 97 * n, words, first_page=1 + 30 * n),
            sort_order=n,
        )
        for n in range(chapters)
    ]
    library.add_child(instance=text)
    text.save_revision().publish()
    return TextPage.objects.get(pk=text.pk)


def _query_counts(client, url: str, screens: int) -> dict[str, list[int]]:
    """Queries of screens not yet shown: the first time, then from the cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {"first": [], "again": []}
    for screen in (1, 2, screens):
        for visit in ("first", "again"):
            with CaptureQueriesContext(connection) as ctx:
                client.get(url + f"?page={screen}")
            counts[visit].append(len(ctx.captured_queries))
    return counts


def measure_chapter() -> None:
    from django.db import connection
    from django.test import Client

    from library.models import TextParagraph

    text = build(chapters=1, words=CHAPTER_WORDS)
    section = text.sections.get()
    screens = (
        TextParagraph.objects.filter(section=section)
        .values("screen")
        .distinct()
        .count()
    )
    url = text.section_url(section) + "?page=3"
    client = Client()
    for _ in range(10):
        assert client.get(url).status_code == 200
    times, cpu = [], []
    for _ in range(REQUESTS):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    assert response.status_code == 200
    counts = _query_counts(client, text.section_url(section), screens)
    sql = (
        "SELECT number, html, page FROM library_textparagraph "
        "WHERE section_id = %s AND screen = %s ORDER BY position"
    )
    reference = []
    with connection.cursor() as cursor:
        for _ in range(REQUESTS):
            started = time.perf_counter()
            cursor.execute(sql, [section.pk, 3])
            rows = cursor.fetchall()
            reference.append(time.perf_counter() - started)
    page_ms = percentile([t * 1000 for t in times], 50)
    ref_ms = percentile([t * 1000 for t in reference], 50)
    print(
        f"Chapter of {section.word_count:,} words in {screens} screens, screen 3 "
        f"({len(rows)} paragraphs): {summary_ms(times)}"
    )
    print(f"  CPU time of this process per request: {summary_ms(cpu)} (wall time above")
    print(f"  includes waiting for the CPU: load average {os.getloadavg()[0]:.1f})")
    print(
        f"  queries per screen (1, 2, last): {counts['again']} "
        f"({counts['first']} the first time a screen is shown, before its "
        "paragraphs are in the cache)"
    )
    print(
        f"  reference, one SQL statement for the same paragraphs: {summary_ms(reference)}"
    )
    print(
        f"  ratio page/reference at p50: {page_ms / ref_ms:.0f}× · target p50 < 20 ms: "
        f"{'met' if page_ms < 20 else 'NOT met'}"
    )


def measure_pack() -> None:
    from weasyprint import HTML

    from packs.options import PackOptions
    from packs.readings import reading_source
    from packs.services import pack_html, pack_render_isolated, pdf_from_html

    large = PackOptions(size="large")
    # About 210 words to a large-print A4 page: 150 pages is ~32,000 words.
    text = build(chapters=2, words=16_000)
    source = reading_source(text=text)
    started = time.perf_counter()
    html = pack_html(source=source, options=large)
    html_seconds = time.perf_counter() - started
    outcome = pack_render_isolated(html=html, options=large)
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(outcome.pdf)).pages)
    total = html_seconds + outcome.seconds
    print(
        f"Large-print reading pack, {text.word_count:,} words, {pages} pages: "
        f"HTML {html_seconds:.2f} s + render {outcome.seconds:.2f} s = {total:.2f} s "
        f"(CPU {outcome.cpu_seconds:.2f} s); child peak RSS {outcome.peak_rss_mb:.0f} MB "
        f"(+{outcome.growth_mb:.0f} MB over the worker's {outcome.rss_before_mb:.0f} MB)"
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    raw = HTML(string=html).write_pdf()
    raw_seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    raw_pages = len(PdfReader(io.BytesIO(raw)).pages)
    started = time.perf_counter()
    pdf_from_html(html=html, options=large)
    styled_seconds = time.perf_counter() - started
    print(
        f"  reference, raw WeasyPrint on the same HTML (no stylesheets, this process): "
        f"{raw_seconds:.2f} s, {raw_pages} pages, peak RSS {after:.0f} MB (was {before:.0f})"
    )
    print(f"  our stylesheets in this process: {styled_seconds:.2f} s")
    print(
        f"  ratio pack/raw: {total / raw_seconds:.1f}× · target < 15 s and < 400 MB: "
        f"{'met' if total < 15 and outcome.peak_rss_mb < 400 else 'NOT met'}"
        f"{'' if pages >= PACK_PAGES_WANTED else f' (only {pages} pages, wanted {PACK_PAGES_WANTED})'}"
    )


def main():
    db = django_setup("reading")
    from wagtail.models import Site

    Site.objects.update(hostname="testserver", port=80)
    print(f"Reading benchmark · {machine()} · {db.split(':')[0]}")
    print(
        f"Data: {'the Gutenberg corpus' if CORPUS.is_dir() else 'generated paragraphs'}"
    )
    measure_chapter()
    measure_pack()
