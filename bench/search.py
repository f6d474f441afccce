"""Issue 3, speed: our Whoosh backend beside modelsearch's database backend.

Corpus: the nine Gutenberg books in ``shared/corpus/gutenberg`` (parsed by the
library's importer) plus texts generated at run time from a bigram model of
their words, to ``BENCH_SEARCH_WORDS`` words (default 10,000,000) in
``BENCH_SEARCH_TEXTS`` texts (default 3,000). Pages are created with search
updates off (``AUTO_UPDATE: False``), sections in bulk; then each backend is
rebuilt by ``update_index`` in a child process, which gives the rebuild's wall
time and peak memory (the summed proportional set size of its processes).

Figures, per backend, on the same data and the same 100 queries: p50/p95 of a
search for sections through the library's code path (``TextSection`` search
as ``library/selectors.py`` does, first 10 hits, with Whoosh's snippets), full
rebuild time, peak memory of the rebuild, index size; then the time from
publishing an edit to finding it (immediate task backend: the index write
happens inside ``publish()``). The database backend takes seconds a query on
this corpus, so it runs each query once, within ``BENCH_SEARCH_DB_SECONDS``,
and the ratio compares the two on the queries it ran.
Targets: p95 < 50 ms with snippets, rebuild < 5 min, peak < 1 GB, within 2× of
the database backend, an edit searchable within 2 s.
"""

import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench._common import (
    BASE_DIR,
    bench_dir,
    django_setup,
    machine,
    percentile,
    summary_ms,
)

WORDS = int(os.environ.get("BENCH_SEARCH_WORDS", 10_000_000))
TEXTS = int(os.environ.get("BENCH_SEARCH_TEXTS", 3000))
CORPUS = Path(
    os.environ.get("BENCH_CORPUS")
    or BASE_DIR.parent / "shared" / "corpus" / "gutenberg"
)
SECTIONS_PER_TEXT = 4
PASSES = 3
#: Seconds the database backend's queries may take in all (``BENCH_SEARCH_DB_SECONDS``):
#: modelsearch's SQLite FTS5 backend takes 10-45 s for a common word on this corpus.
DATABASE_BUDGET = float(os.environ.get("BENCH_SEARCH_DB_SECONDS", 600))
SEED = 1848

#: Both backends side by side; "default" is ours. Search updates start off.
BACKENDS = {
    "default": {"BACKEND": "whoosh_modelsearch.backend", "AUTO_UPDATE": False},
    "database": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False},
}
LABELS = {
    "default": "Whoosh (whoosh_modelsearch)",
    "database": "Database (SQLite FTS5)",
}

QUERIES = [
    # single words (40)
    "bourgeoisie",
    "proletariat",
    "capital",
    "labour",
    "wages",
    "liberty",
    "government",
    "revolution",
    "socialism",
    "property",
    "freedom",
    "workers",
    "factory",
    "bread",
    "oligarchy",
    "individuality",
    "opinion",
    "society",
    "money",
    "king",
    "independence",
    "commune",
    "machinery",
    "exploitation",
    "landlord",
    "poverty",
    "union",
    "strike",
    "organising",
    "organised",
    "philanthropist",
    "painter",
    "stockyards",
    "packing",
    "anarchy",
    "harvest",
    "tyranny",
    "happiness",
    "nature",
    "england",
    # two or three words (25)
    "class struggle",
    "free trade",
    "working class",
    "private property",
    "public opinion",
    "natural rights",
    "iron heel",
    "means of production",
    "wage labour",
    "town country",
    "king parliament",
    "mutual aid",
    "human nature",
    "the state",
    "rent profit",
    "bread for all",
    "liberty of thought",
    "middle class",
    "modern industry",
    "common sense",
    "poor law",
    "free speech",
    "chicago packing",
    "art and work",
    "money power",
    # phrases (20)
    '"working men of all countries"',
    '"the history of all hitherto"',
    '"liberty of thought"',
    '"means of production"',
    '"common sense"',
    '"the iron heel"',
    '"public opinion"',
    '"private property"',
    '"the conquest of bread"',
    '"the working class"',
    '"the ruling class"',
    '"free trade"',
    '"the middle class"',
    '"state of nature"',
    '"the right to"',
    '"a great deal"',
    '"in the morning"',
    '"the rest of the"',
    '"of the people"',
    '"human nature"',
    # misspellings (15)
    "comunist manifsto",
    "burgeoisie",
    "proletariet",
    "socialsm",
    "goverment",
    "libertty",
    "tyrany",
    "revolushun",
    "independance",
    "oligarchie",
    "philantropist",
    "explotation",
    "individuallity",
    "capitol labor",
    "soceity",
]
assert len(QUERIES) == 100  # noqa: S101 - a fixed list, checked once


# Corpus ------------------------------------------------------------------------


def _books():
    from library.importer.document import parse_document
    from library.services import sources_from_paths

    sources, errors = sources_from_paths(paths=[CORPUS])
    books = []
    for source in sources:
        books.append(
            parse_document(
                name=source.name,
                data=source.data,
                sidecar=source.sidecar,
                sidecar_name=source.sidecar_name,
            )
        )
    return books, errors


def _bigrams(books) -> dict[str, list[str]]:
    """Each word of the books, with the words that follow it (repeats kept)."""
    follows: dict[str, list[str]] = {}
    for book in books:
        for section in book.sections:
            words = re.sub(r"<[^>]+>", " ", section.body).split()
            for a, b in zip(words, words[1:], strict=False):
                follows.setdefault(a, []).append(b)
    return follows


def _generate(follows, starts, rng, n: int) -> str:
    """``n`` words of paragraphs from the bigram model, as rich text HTML."""
    out, paragraph = [], []
    word = rng.choice(starts)
    choice = rng.choice
    for _ in range(n):
        paragraph.append(word)
        nexts = follows.get(word)
        word = choice(nexts) if nexts else choice(starts)
        if len(paragraph) >= 80 and paragraph[-1].endswith("."):
            out.append("<p>" + " ".join(paragraph) + "</p>")
            paragraph = []
    if paragraph:
        out.append("<p>" + " ".join(paragraph) + "</p>")
    return "".join(out).replace("&", "&amp;")


def _pages(books):
    """(title, year, [(section title, body, words)]) for every text of the corpus."""
    rng = random.Random(SEED)
    texts = [
        (b.title, b.year, [(s.title, s.body, s.words) for s in b.sections])
        for b in books
    ]
    real_words = sum(b.words for b in books)
    follows = _bigrams(books)
    starts = [w for w in follows if w[:1].isupper()]
    generated = max(TEXTS - len(texts), 0)
    remaining = max(WORDS - real_words, 0)
    for n in range(generated):
        words = remaining // (generated - n)
        words = (
            max(int(words * rng.uniform(0.5, 1.5)), 50) if n < generated - 1 else words
        )
        words = min(words, remaining) or 50
        remaining -= min(words, remaining)
        per = max(words // SECTIONS_PER_TEXT, 1)
        sections = [
            (f"Part {i + 1}", _generate(follows, starts, rng, per), per)
            for i in range(SECTIONS_PER_TEXT)
        ]
        texts.append((f"Generated text {n + 1}", 1850 + n % 150, sections))
    return texts


def load(texts):
    """Pages via the model API (search updates off), sections in bulk."""
    from django.db import transaction
    from django.utils.text import slugify

    from core.models import HomePage
    from library.models import LibraryIndexPage, TextPage, TextSection

    home = HomePage.objects.get()
    library = home.add_child(instance=LibraryIndexPage(title="Library", slug="library"))
    pages = []
    with transaction.atomic():
        for n, (title, year, sections) in enumerate(texts):
            page = library.add_child(
                instance=TextPage(
                    title=title[:255],
                    slug=f"{slugify(title)[:40]}-{n}",
                    original_year=year,
                    summary=f"{title}: a text of the benchmark corpus.",
                    live=True,
                )
            )
            pages.append((page, sections))
        rows, updated = [], []
        for page, sections in pages:
            total = 0
            for i, (title, body, words) in enumerate(sections):
                rows.append(
                    TextSection(
                        page_id=page.pk,
                        sort_order=i,
                        title=title[:255],
                        anchor=f"{slugify(title)[:60] or 'section'}-{i + 1}",
                        body=body,
                        word_count=words,
                    )
                )
                total += words
            page.word_count, page.reading_minutes = total, max(total // 230, 1)
            updated.append(page)
        TextSection.objects.bulk_create(rows, batch_size=500)
        TextPage.objects.bulk_update(
            updated, ["word_count", "reading_minutes"], batch_size=500
        )
    return library, len(rows)


# Rebuild in a child process ------------------------------------------------------


def rebuild_child():
    """Entry point of the child: ``update_index`` for one backend."""
    import io

    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.WAGTAILSEARCH_BACKENDS = BACKENDS
    call_command(
        "update_index",
        backend_name=os.environ["BENCH_SEARCH_BACKEND"],
        stdout=io.StringIO(),
    )


def _tree_memory(pid: int) -> int:
    """Memory (bytes) of ``pid`` and all its descendants, now: the sum of their
    proportional set sizes, so pages forked children share are counted once."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += next(
                int(line.split()[1]) * 1024
                for line in rollup.splitlines()
                if line.startswith("Pss:")
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def rebuild(name: str) -> tuple[float, int]:
    """Seconds and peak memory (bytes) of ``update_index --backend name``: the
    largest memory of the command's process and its children together (the
    Whoosh rebuild's writer processes), sampled twice a second (reading the
    processes' memory maps costs CPU the rebuild would otherwise have)."""
    env = dict(os.environ, BENCH_SEARCH_BACKEND=name)
    start = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", "import bench.search as b; b.rebuild_child()"],
        cwd=BASE_DIR,
        env=env,
    )
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_memory(child.pid))
        time.sleep(0.5)
    elapsed = time.perf_counter() - start
    if child.returncode:
        raise RuntimeError(f"update_index --backend {name} failed ({child.returncode})")
    return elapsed, peak


def index_size(name: str) -> int:
    from django.conf import settings
    from django.db import connection

    if name == "default":
        root = Path(settings.SEARCH_INDEX_DIR)
        current = (root / "CURRENT").read_text().strip()
        return sum(p.stat().st_size for p in (root / current).rglob("*") if p.is_file())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT SUM(pgsize) FROM dbstat WHERE name IN "
            "(SELECT name FROM sqlite_master WHERE name LIKE '%indexentry%')"
        )
        return cursor.fetchone()[0] or 0


# Queries ---------------------------------------------------------------------------


def search_once(name: str, query: str, texts) -> list:
    """What ``passages_matching`` asks the backend: the sections of ``texts``,
    first 10, snippets."""
    from wagtail.search.utils import parse_query_string

    from library.selectors import _sections_of, backend_snippet

    _filters, parsed = parse_query_string(query, operator="and")
    results = _sections_of(texts).search(parsed, operator="and", backend=name)
    hits = list(results[:10])
    return [(h.pk, backend_snippet(h)) for h in hits]


def measure_queries(
    name: str, texts, *, passes: int = PASSES, budget: float | None = None
) -> tuple[dict[str, list[float]], int, int]:
    """Seconds per query (each query's passes), hits and snippets per pass.

    With ``budget`` (seconds) there is no warm-up pass and the queries stop
    when it is spent: the database backend takes seconds per query here.
    """
    if budget is None:
        for query in QUERIES:  # warm: open the index, fill the caches
            search_once(name, query, texts)
    deadline = time.perf_counter() + budget if budget is not None else None
    times: dict[str, list[float]] = {}
    hits = snippets = 0
    for _ in range(passes):
        for query in QUERIES:
            if deadline is not None and time.perf_counter() > deadline:
                break
            start = time.perf_counter()
            found = search_once(name, query, texts)
            times.setdefault(query, []).append(time.perf_counter() - start)
            hits += len(found)
            snippets += sum(1 for _pk, s in found if s)
    return times, hits // passes, snippets // passes


def _flat(times: dict[str, list[float]], queries=None) -> list[float]:
    return [t for query in (queries or times) for t in times[query]]


def measure_suggest() -> list[float]:
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend("default")
    times = []
    for query in QUERIES[-15:]:
        start = time.perf_counter()
        backend.suggest(query)
        times.append(time.perf_counter() - start)
    return times


def edit_visible(page_id: int, word: str) -> dict[str, float]:
    """Seconds from saving and publishing an edit to finding it, per backend.

    As the page editor does: the edited section goes into the page's own
    child relation, then ``save_revision().publish()``.
    """
    from library.models import TextPage, TextSection

    page = TextPage.objects.get(pk=page_id)
    sections = list(page.sections.all())
    sections[0].body = f"<p>An edit that mentions {word} once.</p>" + sections[0].body
    start = time.perf_counter()
    page.sections = sections
    page.save_revision().publish()
    found: dict[str, float] = {}
    while len(found) < len(BACKENDS) and time.perf_counter() - start < 10:
        for name in BACKENDS:
            if name not in found and TextSection.objects.search(word, backend=name)[:1]:
                found[name] = time.perf_counter() - start
        time.sleep(0.01)
    return {name: found.get(name, float("inf")) for name in BACKENDS}


def measure_edits(page_ids) -> None:
    from django.conf import settings

    for cfg in settings.WAGTAILSEARCH_BACKENDS.values():
        cfg["AUTO_UPDATE"] = True
    edits = [
        edit_visible(page_ids[trial * 7 % len(page_ids)], f"quorvelin{trial}")
        for trial in range(5)
    ]
    for name in BACKENDS:
        seconds = [edit[name] for edit in edits]
        print(
            f"{LABELS[name]}: edit published → found in search: "
            f"max {max(seconds):.2f} s, median {sorted(seconds)[2]:.2f} s over "
            f"{len(seconds)} edits (immediate task backend: indexed inside publish())"
        )


def edits_main():
    """Only the edit figures, on the database and index a full run left behind."""
    import django

    sys.path.insert(0, str(BASE_DIR))
    if not os.environ.get("BENCH_DIR"):
        sys.exit("Set BENCH_DIR to the folder of a full run made with BENCH_DIR set.")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{bench_dir() / 'search.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    django.setup()
    from django.conf import settings

    from library.models import TextPage

    settings.WAGTAILSEARCH_BACKENDS = BACKENDS
    print(f"Search benchmark, edits only · {machine()}")
    measure_edits(list(TextPage.objects.live().values_list("pk", flat=True)))


def main():
    db = django_setup("search")
    from django.conf import settings

    settings.WAGTAILSEARCH_BACKENDS = BACKENDS
    shutil.rmtree(settings.SEARCH_INDEX_DIR, ignore_errors=True)
    from library.models import TextPage

    print(f"Search benchmark · {machine()} · {db.split(':')[0]}")
    start = time.perf_counter()
    books, errors = _books()
    texts = _pages(books)
    words = sum(w for _t, _y, sections in texts for _s, _b, w in sections)
    print(
        f"Corpus: {len(books)} Gutenberg books + {len(texts) - len(books)} generated "
        f"(bigram model) = {len(texts):,} texts, {words:,} words "
        f"(made in {time.perf_counter() - start:.1f} s){'; ' + '; '.join(errors) if errors else ''}"
    )
    start = time.perf_counter()
    _library, sections = load(texts)
    del texts
    print(
        f"Loaded {sections:,} sections in {time.perf_counter() - start:.1f} s (search updates off)"
    )

    figures = {}
    for name in BACKENDS:
        seconds, peak = rebuild(name)
        figures[name] = {"rebuild": seconds, "peak": peak, "size": index_size(name)}
        print(
            f"{LABELS[name]}: full rebuild {seconds:.1f} s · peak memory {peak / 2**20:.0f} MB "
            f"· index {figures[name]['size'] / 2**20:.0f} MB",
            flush=True,
        )

    texts = TextPage.objects.live().public()
    page_ids = list(texts.values_list("pk", flat=True))
    ours, hits, snippets = measure_queries("default", texts)
    print(
        f"{LABELS['default']}: {len(QUERIES)} queries × {PASSES}, first 10 sections: "
        f"{summary_ms(_flat(ours))} · {hits} hits/pass, {snippets} with a snippet",
        flush=True,
    )
    slowest = sorted(ours, key=lambda query: -max(ours[query]))[:5]
    print(
        "  slowest: "
        + ", ".join(f"{query} {max(ours[query]) * 1000:.0f} ms" for query in slowest),
        flush=True,
    )
    theirs, hits, _snippets = measure_queries(
        "database", texts, passes=1, budget=DATABASE_BUDGET
    )
    print(
        f"{LABELS['database']}: {len(theirs)} of the {len(QUERIES)} queries, once each "
        f"(a {DATABASE_BUDGET:.0f} s budget; no snippets), first 10 sections: "
        f"{summary_ms(_flat(theirs))} · {hits} hits",
        flush=True,
    )
    print(f"Whoosh suggest() on the 15 misspellings: {summary_ms(measure_suggest())}")
    for pct in (50, 95):
        mine = percentile(_flat(ours, theirs), pct)
        other = percentile(_flat(theirs), pct)
        print(
            f"Whoosh/database p{pct} on the {len(theirs)} queries both ran: "
            f"{mine * 1000:.1f} ms / {other * 1000:.1f} ms = {mine / other:.3f}×"
        )

    measure_edits(page_ids)
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak RSS of this process (load + queries): {peak_self:.0f} MB")
    print(
        "Targets: p95 < 50 ms with snippets, rebuild < 300 s, peak < 1024 MB, "
        "Whoosh within 2× of the database backend, edit visible < 2 s."
    )
