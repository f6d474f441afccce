"""Issue 12, search on several hosts: the PostgreSQL backend's "did you mean"
and what keeping its words costs (``python -m bench pgsearch``).

Needs ``BENCH_DATABASE_URL=postgres://...``: a scratch database, **dropped and
created again** at the start (give it a name of its own). Corpus: the nine
Gutenberg books (``BENCH_CORPUS``, as for ``bench.search``) plus texts generated from their words (``bench.search``'s
corpus), to ``BENCH_PGSEARCH_WORDS`` words (default 2,000,000).

Figures, all from this run on the same data:
- rebuild (``update_index``) on our backend (the words triggers set aside in
  the rebuild's transaction, every word counted once at its end), beside the reference, modelsearch's PostgreSQL
  backend as it comes with the triggers off, and the ratio; then the time of
  a full recount of the words alone;
- "did you mean" for 15 misspellings: p50/p95 and how many give the right
  word, beside the reference, the fallback a backend without ``suggest()``
  gets (title, author and tag words, difflib), and the ratio;
- searches for sections through the library's code path (first 10 passages
  with snippets), p50/p95, for 85 queries (words, pairs, phrases).
"""

import os
import sys
import time
from urllib.parse import urlparse

from bench._common import machine, percentile, summary_ms

WORDS = int(os.environ.get("BENCH_PGSEARCH_WORDS", 2_000_000))
PASSES = 3
BACKENDS = {
    "default": {
        "BACKEND": "search.backends.postgres",
        "SEARCH_CONFIG": "english",
        "AUTO_UPDATE": False,
    }
}
#: The reference: modelsearch's PostgreSQL backend with no words kept.
PLAIN = {
    "default": {
        "BACKEND": "modelsearch.backends.database",
        "SEARCH_CONFIG": "english",
        "AUTO_UPDATE": False,
    }
}
MISSPELLINGS = {
    "comunist manifsto": "communist manifesto",
    "burgeoisie": "bourgeoisie",
    "proletariet": "proletariat",
    "socialsm": "socialism",
    "goverment": "government",
    "libertty": "liberty",
    "tyrany": "tyranny",
    "revolushun": "revolution",
    "independance": "independence",
    "oligarchie": "oligarchy",
    "philantropist": "philanthropist",
    "explotation": "exploitation",
    "individuallity": "individuality",
    "soceity": "society",
    "constitutoin": "constitution",
}


def _scratch_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _triggers(enabled: bool) -> None:
    from django.db import connection

    action = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE wagtailsearch_indexentry {action} TRIGGER USER")


def _rebuild() -> float:
    import io

    from django.core.management import call_command
    from wagtail.search.backends import get_search_backend

    get_search_backend().reset_indexes()
    start = time.perf_counter()
    call_command("update_index", stdout=io.StringIO())
    return time.perf_counter() - start


def measure_rebuilds() -> None:
    from django.conf import settings

    from search.models import SearchWord
    from search.vocabulary import vocabulary_recount

    with_words = _rebuild()
    kept = dict(SearchWord.objects.values_list("word", "documents"))
    _triggers(False)
    settings.WAGTAILSEARCH_BACKENDS = PLAIN
    try:
        without = _rebuild()
        start = time.perf_counter()
        vocabulary_recount(using="default")
        recount = time.perf_counter() - start
    finally:
        _triggers(True)
        settings.WAGTAILSEARCH_BACKENDS = BACKENDS
    same = kept == dict(SearchWord.objects.values_list("word", "documents"))
    print(f"rebuild, ours (words counted once at the end): {with_words:.1f} s")
    print(f"rebuild, modelsearch's backend as it comes (reference): {without:.1f} s")
    print(f"ratio: {with_words / without:.2f}×")
    print(
        f"of which a full recount of the words: {recount:.1f} s; {len(kept):,} "
        f"words; the counts kept {'equal' if same else 'DIFFER FROM'} a recount"
    )


def _suggestions(suggest) -> tuple[list[float], int, list[str]]:
    times, right, wrong = [], 0, []
    for n in range(PASSES):
        for query, expected in MISSPELLINGS.items():
            start = time.perf_counter()
            value = suggest(query)
            times.append(time.perf_counter() - start)
            if n == 0 and (value or "").lower() == expected:
                right += 1
            elif n == 0:
                wrong.append(f"{query} -> {value or '(none)'}")
    return times, right, wrong


def measure_suggest() -> None:
    from wagtail.search.backends import get_search_backend

    from search.selectors import titles_did_you_mean

    backend = get_search_backend()
    ours, ours_right, ours_wrong = _suggestions(backend.suggest)
    ref, ref_right, _ = _suggestions(lambda q: titles_did_you_mean(query=q))
    n = len(MISSPELLINGS)
    print(f"did you mean, index words (pg_trgm + edits): {summary_ms(ours)}")
    print(f"  right word for {ours_right} of {n} misspellings; not: {ours_wrong}")
    print(f"did you mean, titles + difflib (reference):  {summary_ms(ref)}")
    print(f"  right word for {ref_right} of {n} misspellings")
    ratio = percentile(ours, 95) / percentile(ref, 95)
    print(f"ratio of p95: {ratio:.2f}×")


def measure_searches() -> None:
    from bench._search_queries import QUERIES
    from library.selectors import passages_matching

    times = []
    for _ in range(PASSES):
        for query in QUERIES[:85]:
            start = time.perf_counter()
            passages_matching(query=query)[:10]
            times.append(time.perf_counter() - start)
    print(f"search for passages (85 queries × {PASSES}): {summary_ms(times)}")


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        # Skipped, not failed: `make bench` runs every benchmark, on SQLite too.
        print(
            "Skipped: bench.pgsearch needs BENCH_DATABASE_URL=postgres://... "
            "(a scratch database: it is dropped and created again)."
        )
        return
    # bench.search's corpus, at our size (its default: 3,000 texts for 10M words).
    os.environ["BENCH_SEARCH_WORDS"] = str(WORDS)
    os.environ.setdefault("BENCH_SEARCH_TEXTS", str(max(20, WORDS // 3300)))
    _scratch_database(url)

    from bench._common import django_setup

    django_setup("pgsearch")
    from django.conf import settings

    settings.WAGTAILSEARCH_BACKENDS = BACKENDS
    from bench._search_corpus import books as _books
    from bench._search_corpus import load
    from bench._search_corpus import pages as _pages

    print(machine())
    books, errors = _books()
    if not books:
        print(f"No books read (set BENCH_CORPUS to the Gutenberg folder): {errors}")
        sys.exit(2)
    start = time.perf_counter()
    texts = _pages(books)
    words = sum(n for _t, _y, sections in texts for _s, _b, n in sections)
    _library, sections = load(texts)
    print(
        f"corpus: {words:,} words, {sections:,} sections "
        f"(loaded in {time.perf_counter() - start:.0f} s)"
    )
    measure_rebuilds()
    measure_suggest()
    measure_searches()


if __name__ == "__main__":
    main()
