"""Issue 5: printable packs. Render time and peak memory of a ~40-page
large-print module pack (three long readings), cold and warm; the time to
download a made pack through the site; a whole-course A5 booklet of 150+ pages.

Targets: render < 5 s and < 400 MB; cached download p50 < 50 ms.
Reading text comes from the shared Gutenberg corpus when it is there
(``/work/shared/corpus/gutenberg``, or ``BENCH_CORPUS``), else is generated.
"""

import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench._common import BASE_DIR, django_setup, machine, summary_ms

CORPUS = Path(os.environ.get("BENCH_CORPUS", "/work/shared/corpus/gutenberg"))
READING_WORDS = 2_700  # three of these make a ~40-page large-print pack
COURSE_MODULES = 4  # with READING_WORDS each: 150+ A5 pages
DOWNLOADS = 50
WARM_RUNS = 3


def _paragraphs() -> list[str]:
    """Plain paragraphs from the corpus, or generated ones."""
    found: list[str] = []
    for path in sorted(CORPUS.glob("*.txt"))[:4] if CORPUS.is_dir() else []:
        text = path.read_text(encoding="utf-8", errors="replace")
        start, end = text.find("*** START OF"), text.find("*** END OF")
        if start != -1:
            text = text[text.find("\n", start) + 1 : end if end != -1 else None]
        for block in text.split("\n\n"):
            words = " ".join(block.split())
            if len(words.split()) >= 40 and "gutenberg" not in words.lower():
                found.append(words)
    if len(found) >= 200:
        return found
    rng = random.Random(5)
    vocabulary = (
        "branch members meeting vote motion union wages work rent council party "
        "organise campaign leaflet neighbours history struggle rights democracy "
        "chair minutes agenda delegate conference solidarity strike reform"
    ).split()
    return [
        " ".join(
            rng.choice(vocabulary) for _ in range(rng.randint(60, 140))
        ).capitalize()
        + "."
        for _ in range(600)
    ]


def _extract(paragraphs: list[str], start: int, words: int) -> str:
    from django.utils.html import escape

    chosen, count, i = [], 0, start
    while count < words:
        paragraph = paragraphs[i % len(paragraphs)]
        chosen.append(f"<p>{escape(paragraph)}</p>")
        count += len(paragraph.split())
        i += 1
    return "".join(chosen)


def _module_body(paragraphs: list[str], offset: int) -> list:
    body = [
        (
            "text",
            "<p>Three readings on work, wages and the branch, with questions after each.</p>",
        )
    ]
    for n in range(3):
        body.append(
            (
                "reading",
                {
                    "title": f"Reading {n + 1}",
                    "author": "From the branch library",
                    "chapter": f"Chapter {n + 2}",
                    "pages": f"{12 + 20 * n}-{30 + 20 * n}",
                    "url": "",
                    "introduction": "<p>Read it before the session; mark the passages you want to talk about.</p>",
                    "minutes": 20,
                },
            )
        )
        body.append(("text", _extract(paragraphs, offset + 40 * n, READING_WORDS)))
        body.append(
            (
                "discussion",
                {
                    "heading": f"Talking about reading {n + 1}",
                    "questions": [
                        {
                            "question": "What is the writer arguing?",
                            "facilitator_prompt": "Ask for one sentence each.",
                            "minutes": 5,
                        },
                        {
                            "question": "Where does it match what we see in our area?",
                            "facilitator_prompt": "",
                            "minutes": 10,
                        },
                    ],
                },
            )
        )
    body.append(
        ("facilitator_note", {"note": "<p>Keep time: the readings are long.</p>"})
    )
    body.append(
        (
            "key_terms",
            {
                "terms": [
                    {"term": f"Term {t}", "definition": "What the readings mean by it."}
                    for t in range(6)
                ]
            },
        )
    )
    return body


def build():
    from core.models import HomePage
    from courses.models import CourseIndexPage, CoursePage, ModulePage

    paragraphs = _paragraphs()
    home = HomePage.objects.get()
    index = CourseIndexPage.objects.first() or home.add_child(
        instance=CourseIndexPage(title="Courses", slug="courses")
    )
    course = index.add_child(
        instance=CoursePage(
            title="Work and wages",
            slug="work-and-wages",
            summary="A long course for measuring packs.",
            audience="Benchmarks",
            number_of_sessions=COURSE_MODULES,
        )
    )
    modules = []
    for m in range(COURSE_MODULES):
        module = course.add_child(
            instance=ModulePage(
                title=f"Three long readings {m + 1}",
                slug=f"three-long-readings-{m + 1}",
                objective="Read three long extracts closely and talk about them.",
                body=_module_body(paragraphs, offset=37 * m),
            )
        )
        module.save_revision().publish()
        modules.append(module)
    return course, modules


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def cold(module_id: int) -> None:
    """In a new process: Django, WeasyPrint and the fonts loaded from nothing."""
    import resource

    started = time.perf_counter()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from courses.models import ModulePage
    from packs.options import PackOptions
    from packs.services import pack_render

    setup = time.perf_counter() - started
    render_started, cpu_started = time.perf_counter(), time.process_time()
    pdf = pack_render(
        page=ModulePage.objects.get(pk=module_id), options=PackOptions(size="large")
    )
    render = time.perf_counter() - render_started
    cpu = time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "setup": setup,
                "render": render,
                "cpu": cpu,
                "peak_mb": peak,
                "pages": _pages(pdf),
            }
        )
    )


def measure_cold(module) -> None:
    """Cold: a fresh worker process, from import to PDF."""
    out = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", f"import bench.packs as b; b.cold({module.pk})"],
        cwd=BASE_DIR,
        env={**os.environ},
        capture_output=True,
        text=True,
        check=True,
    )
    cold_figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"Module pack, large print, {cold_figures['pages']} pages (3 readings of ~{READING_WORDS:,} words):"
    )
    print(
        f"  cold (new process): render {cold_figures['render']:.2f} s "
        f"(CPU {cold_figures['cpu']:.2f} s) after {cold_figures['setup']:.2f} s start-up; "
        f"whole-process peak RSS {cold_figures['peak_mb']:.0f} MB"
    )


def measure_warm(module, large) -> None:
    """Warm: as the worker does it, HTML here, WeasyPrint in a forked child with limits."""
    from packs.services import pack_html, pack_render_isolated

    html_times, outcomes = [], []
    for _ in range(WARM_RUNS + 1):
        started = time.perf_counter()
        html = pack_html(source=module, options=large)
        html_times.append(time.perf_counter() - started)
        outcomes.append(pack_render_isolated(html=html, options=large))
    warm = outcomes[1:]
    print(
        f"  warm (worker, forked child, n={len(warm)}): HTML {statistics.median(html_times[1:]):.2f} s + "
        f"render {statistics.median(o.seconds for o in warm):.2f} s median "
        f"(CPU {statistics.median(o.cpu_seconds for o in warm):.2f} s); "
        f"child peak RSS {max(o.peak_rss_mb for o in warm):.0f} MB "
        f"(+{max(o.growth_mb for o in warm):.0f} MB over the worker's {warm[0].rss_before_mb:.0f} MB)"
    )
    print(f"  first render in this worker: {outcomes[0].seconds:.2f} s")


def measure_download(module, large) -> None:
    """The cached pack, downloaded through the site."""
    from django.test import Client

    from packs.services import pack_request

    pack = pack_request(source=module, options=large)
    pack.refresh_from_db()
    assert pack.status == "ready", pack.error
    client = Client()
    url = f"/packs/{module.pk}/?{large.as_query()}"
    times = []
    for _ in range(DOWNLOADS + 5):
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200 and body.startswith(b"%PDF")
    print(f"Cached pack download ({len(body) // 1024} KB): {summary_ms(times[5:])}")


def measure_booklet(course, modules) -> None:
    """A whole course as an A5 booklet."""
    from packs.options import PackOptions
    from packs.services import pack_html, pack_render_isolated

    booklet = PackOptions(booklet=True)
    started = time.perf_counter()
    html = pack_html(source=course, options=booklet)
    html_seconds = time.perf_counter() - started
    outcome = pack_render_isolated(html=html, options=booklet)
    sides = _pages(outcome.pdf)
    print(
        f"Whole course ({len(modules)} modules) A5 booklet: {sides * 2} A5 pages on {sides // 2} sheets; "
        f"HTML {html_seconds:.2f} s + render {outcome.seconds:.2f} s "
        f"(CPU {outcome.cpu_seconds:.2f} s); child peak RSS "
        f"{outcome.peak_rss_mb:.0f} MB (+{outcome.growth_mb:.0f} MB)"
    )


def main():
    db = django_setup("packs")
    # Imported once Django is set up (django_setup), as in every benchmark here.
    from wagtail.models import Site

    from packs.options import PackOptions

    Site.objects.update(hostname="testserver", port=80)
    print(f"Packs benchmark · {machine()} · {db.split(':')[0]}")
    course, modules = build()
    module = modules[0]
    large = PackOptions(size="large")
    measure_cold(module)
    measure_warm(module, large)
    measure_download(module, large)
    measure_booklet(course, modules)
    print(
        "Targets: module pack render < 5 s and < 400 MB; cached download p50 < 50 ms."
    )
    load = os.getloadavg()
    print(
        f"Load average while measuring: {load[0]:.1f} on {os.cpu_count()} cores "
        "(wall times above the CPU times mean the machine was shared)."
    )


if __name__ == "__main__":
    main()
