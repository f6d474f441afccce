"""Issues 3 and 13, speed: our Whoosh backend beside SQLite FTS5 with snippets.

Corpus (``bench/_search_corpus.py``): the nine Gutenberg books in
``BENCH_CORPUS`` (default ``../shared/corpus/gutenberg`` beside the checkout;
a worktree elsewhere sets it) plus texts generated from a bigram model of
their words, to ``BENCH_SEARCH_WORDS`` words (default 10,000,000) in
``BENCH_SEARCH_TEXTS`` texts (default 3,000). Pages are created with search
updates off, sections in bulk; then ``update_index`` rebuilds our index in a
child process, which gives the rebuild's wall time and peak memory (the
summed proportional set size of its processes). For linearity, our index of
the first third of the sections alone, then of all of them, is rebuilt the
same way (``_search_rebuild._rebuild_sections``): seconds per million words
at both sizes and their ratio (``BENCH_SEARCH_LINEARITY=0`` skips it).

The reference (``bench/_search_fts5.py``): the same sections in an SQLite
FTS5 table, queried for the first 10 by rank with ``snippet()``, built and
measured in the same run. Each query runs on ours and on FTS5 one after the
other, ``PASSES`` times, so both see the same load on a shared machine.

Figures: p50/p95 of the 100 queries and of the 20 quoted phrases (ours:
``TextSection`` search as ``library/selectors.py`` does it, first 10 hits
with snippets), each beside FTS5's and the ratio; "did you mean"
(``suggest()``) on the 15 misspellings; rebuild time (and per million
words, to compare runs at 1M and 10M words); peak memory of the rebuild and
of this process; then the time from publishing an edit to finding it.
``BENCH_SEARCH_DATABASE=1`` adds modelsearch's database backend (SQLite FTS5
through Django: seconds a query here, within ``BENCH_SEARCH_DB_SECONDS``).

Targets (issue 13): all queries p95 within 2× of FTS5, phrases within 2.5×;
"did you mean" p95 < 10 ms; rebuild < 150 s at 10M words and linear in the
words; memory < 1 GB; an edit searchable within 2 s.
"""

import os
import resource
import shutil
import sys
import time

from bench import _search_corpus as corpus
from bench._common import (
    BASE_DIR,
    bench_dir,
    django_setup,
    machine,
    percentile,
    summary_ms,
)
from bench._search_fts5 import Reference, build
from bench._search_queries import MISSPELLINGS, PHRASES, QUERIES
from bench._search_rebuild import (
    BACKENDS,
    LABELS,
    WITH_DATABASE,
    index_size,
    rebuild,
    rebuild_share,
)

PASSES = 3
#: Seconds the database backend's queries may take in all (``BENCH_SEARCH_DB_SECONDS``):
#: modelsearch's SQLite FTS5 backend takes 10-45 s for a common word on this corpus.
DATABASE_BUDGET = float(os.environ.get("BENCH_SEARCH_DB_SECONDS", 600))
TARGETS = {"all": 2.0, "phrases": 2.5}
SUGGEST_MS, REBUILD_S, MEMORY_MB = 10, 150, 1024
TARGET_WORDS = 10_000_000  # the size the rebuild and memory targets are set for
#: The share of the words (first sections) rebuilt alone, then all, for the
#: linearity line (``BENCH_SEARCH_LINEARITY=0`` leaves it out).
LINEARITY_SHARE = 1 / 3
#: Most a rebuild may cost per million words at the full size over the share
#: ("linear in the words", with a little room for a bigger final merge).
LINEARITY_TARGET = 1.15


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


def _timed(action) -> tuple[float, list]:
    start = time.perf_counter()
    found = action()
    return time.perf_counter() - start, found


def measure_side_by_side(texts, reference: Reference) -> dict:
    """{"ours"|"fts5": {query: [seconds per pass]}}, and hits and snippets per
    pass, each query run on both one after the other (after a warm pass)."""
    for query in QUERIES:  # warm: open the index, fill the caches
        search_once("default", query, texts)
        reference.search(query)
    times = {"ours": {}, "fts5": {}}
    counts = {"ours": [0, 0], "fts5": [0, 0]}
    for _ in range(PASSES):
        for query in QUERIES:
            runs = {
                "ours": lambda q=query: search_once("default", q, texts),
                "fts5": lambda q=query: reference.search(q),
            }
            for who, action in runs.items():
                seconds, found = _timed(action)
                times[who].setdefault(query, []).append(seconds)
                counts[who][0] += len(found)
                counts[who][1] += sum(1 for _pk, s in found if s)
    return {
        "times": times,
        "counts": {k: [n // PASSES for n in v] for k, v in counts.items()},
    }


def measure_database(texts) -> dict[str, list[float]]:
    """The database backend, each query once, within its budget."""
    deadline = time.perf_counter() + DATABASE_BUDGET
    times = {}
    for query in QUERIES:
        if time.perf_counter() > deadline:
            break
        seconds, _found = _timed(lambda q=query: search_once("database", q, texts))
        times[query] = [seconds]
    return times


def _flat(times: dict[str, list[float]], queries=None) -> list[float]:
    return [t for query in (queries or times) for t in times[query]]


def measure_suggest() -> tuple[float, list[float]]:
    """The first call's seconds (it reads the words of the index once per
    searcher), then each misspelling ``PASSES`` times."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend("default")
    first, _ = _timed(lambda: backend.suggest(MISSPELLINGS[0]))
    times = []
    for _ in range(PASSES):
        for query in MISSPELLINGS:
            seconds, _ = _timed(lambda q=query: backend.suggest(q))
            times.append(seconds)
    return first, times


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


def _load() -> int:
    """The corpus as pages and sections; its words."""
    start = time.perf_counter()
    books, errors = corpus.books()
    texts = corpus.pages(books)
    words = sum(w for _t, _y, sections in texts for _s, _b, w in sections)
    print(
        f"Corpus: {len(books)} Gutenberg books + {len(texts) - len(books)} generated "
        f"(bigram model) = {len(texts):,} texts, {words:,} words "
        f"(made in {time.perf_counter() - start:.1f} s)"
        + ("; " + "; ".join(errors) if errors else "")
    )
    start = time.perf_counter()
    _library, sections = corpus.load(texts)
    print(
        f"Loaded {sections:,} sections in {time.perf_counter() - start:.1f} s "
        "(search updates off)"
    )
    return words


def _rebuilds(words: int) -> dict:
    figures = {}
    for name in BACKENDS:
        seconds, peak = rebuild(name)
        figures[name] = {"rebuild": seconds, "peak": peak}
        print(
            f"{LABELS[name]}: full rebuild {seconds:.1f} s "
            f"({seconds / words * 1e6:.1f} s per million words) · peak memory "
            f"{peak / 2**20:.0f} MB · index {index_size(name) / 2**20:.0f} MB",
            flush=True,
        )
    return figures


def _linearity() -> None:
    """Our rebuild of the first sections holding a third of the words, alone,
    then of all the sections, the same way: seconds per million words at each size, and their ratio."""
    if os.environ.get("BENCH_SEARCH_LINEARITY", "1") == "0":
        return
    runs = []
    for share in (LINEARITY_SHARE, 1.0):
        folder = bench_dir() / f"linearity-{share:.2f}"
        seconds, peak, words = rebuild_share(share, folder)
        shutil.rmtree(folder, ignore_errors=True)
        runs.append((seconds / words * 1e6, words, peak))
        print(
            f"  sections only, {words:,} words: {seconds:.1f} s "
            f"({runs[-1][0]:.1f} s per million words) · peak {peak / 2**20:.0f} MB",
            flush=True,
        )
    ratio = runs[1][0] / runs[0][0]
    print(
        f"Rebuild linearity: {runs[1][0]:.1f} s per million words at "
        f"{runs[1][1]:,} words / {runs[0][0]:.1f} at {runs[0][1]:,} = {ratio:.2f}× "
        f"(target ≤ {LINEARITY_TARGET}×: "
        f"{'met' if ratio <= LINEARITY_TARGET else 'NOT met'})",
        flush=True,
    )


def _reference(texts) -> Reference:
    from library.models import TextSection

    path = bench_dir() / "fts5-reference.sqlite3"
    rows = TextSection.objects.filter(page__in=texts).values_list("pk", "title", "body")
    seconds = build(path, rows.iterator(chunk_size=500))
    reference = Reference(path)
    print(
        f"SQLite FTS5 reference: built in {seconds:.1f} s · "
        f"{path.stat().st_size / 2**20:.0f} MB",
        flush=True,
    )
    return reference


def _ratio_line(label, ours, theirs, pct, target=None) -> str:
    mine, other = percentile(ours, pct), percentile(theirs, pct)
    line = (
        f"{label} p{pct}: Whoosh {mine * 1000:.1f} ms / FTS5 {other * 1000:.1f} ms "
        f"= {mine / other:.2f}×"
    )
    if target:
        verdict = "met" if mine / other <= target else "NOT met"
        line += f" (target ≤ {target}×: {verdict})"
    return line


def _report_queries(measured) -> None:
    ours, theirs = measured["times"]["ours"], measured["times"]["fts5"]
    for who, label in (
        ("ours", LABELS["default"]),
        ("fts5", "SQLite FTS5 + snippet()"),
    ):
        hits, snippets = measured["counts"][who]
        times = measured["times"][who]
        print(
            f"{label}: {len(QUERIES)} queries × {PASSES}, first 10 sections: "
            f"{summary_ms(_flat(times))} · {hits} hits/pass, {snippets} with a snippet"
        )
        print(f"  phrases: {summary_ms(_flat(times, PHRASES))}")
    slowest = sorted(ours, key=lambda query: -max(ours[query]))[:5]
    print(
        "  Whoosh's slowest: "
        + ", ".join(f"{query} {max(ours[query]) * 1000:.0f} ms" for query in slowest)
    )
    for pct in (50, 95):
        target = TARGETS["all"] if pct == 95 else None
        print(_ratio_line("All queries", _flat(ours), _flat(theirs), pct, target))
    for pct in (50, 95):
        target = TARGETS["phrases"] if pct == 95 else None
        print(
            _ratio_line(
                "Phrases", _flat(ours, PHRASES), _flat(theirs, PHRASES), pct, target
            )
        )


def _report_database(texts, ours) -> None:
    theirs = measure_database(texts)
    print(
        f"{LABELS['database']}: {len(theirs)} of the {len(QUERIES)} queries, once "
        f"each (a {DATABASE_BUDGET:.0f} s budget; no snippets): {summary_ms(_flat(theirs))}"
    )
    for pct in (50, 95):
        mine, other = (
            percentile(_flat(ours, theirs), pct),
            percentile(_flat(theirs), pct),
        )
        print(
            f"Whoosh/database backend p{pct} on the {len(theirs)} queries both ran: "
            f"{mine * 1000:.1f} ms / {other * 1000:.1f} ms = {mine / other:.3f}×"
        )


def main():
    db = django_setup("search")
    from django.conf import settings

    settings.WAGTAILSEARCH_BACKENDS = BACKENDS
    shutil.rmtree(settings.SEARCH_INDEX_DIR, ignore_errors=True)
    from library.models import TextPage

    print(f"Search benchmark · {machine()} · {db.split(':')[0]}")
    words = _load()
    figures = _rebuilds(words)
    _linearity()
    texts = TextPage.objects.live().public()
    reference = _reference(texts)
    measured = measure_side_by_side(texts, reference)
    _report_queries(measured)
    if WITH_DATABASE:
        _report_database(texts, measured["times"]["ours"])
    first, suggest = measure_suggest()
    p95 = percentile(suggest, 95) * 1000
    print(
        f"Whoosh suggest() on the {len(MISSPELLINGS)} misspellings × {PASSES}: "
        f"{summary_ms(suggest)} (target p95 < {SUGGEST_MS} ms: "
        f"{'met' if p95 < SUGGEST_MS else 'NOT met'}); first call {first * 1000:.0f} ms"
    )
    measure_edits(list(texts.values_list("pk", flat=True)))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    ours = figures["default"]
    # The target is for 10M words: a smaller run is judged on its rebuild
    # scaled linearly to 10M (the linearity line says whether that is fair).
    at_10m = ours["rebuild"] * TARGET_WORDS / words
    print(
        f"Rebuild {ours['rebuild']:.1f} s for {words:,} words, {at_10m:.0f} s at "
        f"10M words scaled linearly (target < {REBUILD_S} s at 10M words: "
        f"{'met' if at_10m < REBUILD_S else 'NOT met'}) · peak memory: "
        f"rebuild {ours['peak'] / 2**20:.0f} MB, this process (load + queries) "
        f"{own / 2**20:.0f} MB (target < {MEMORY_MB} MB: "
        f"{'met' if max(ours['peak'], own) < MEMORY_MB * 2**20 else 'NOT met'})"
    )
