"""The search benchmark's rebuilds: ``update_index`` in a child process, its
time and the peak memory of its processes; the backends it builds."""

import os
import subprocess
import sys
import time
from pathlib import Path

from bench._common import BASE_DIR

WITH_DATABASE = os.environ.get("BENCH_SEARCH_DATABASE", "") not in ("", "0")

#: The backends; "default" is ours. Search updates start off.
BACKENDS = {
    "default": {"BACKEND": "whoosh_modelsearch.backend", "AUTO_UPDATE": False},
}
if WITH_DATABASE:
    BACKENDS["database"] = {
        "BACKEND": "wagtail.search.backends.database",
        "AUTO_UPDATE": False,
    }
LABELS = {
    "default": "Whoosh (whoosh_modelsearch)",
    "database": "Database backend (modelsearch on SQLite FTS5)",
}

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
    share = os.environ.get("BENCH_SEARCH_SHARE")
    if share:
        _rebuild_sections(float(share))
        return
    call_command(
        "update_index",
        backend_name=os.environ["BENCH_SEARCH_BACKEND"],
        stdout=io.StringIO(),
    )


def _rebuild_sections(share: float) -> None:
    """Our index of the first sections holding ``share`` of the words, alone,
    in a folder of its own (``BENCH_SEARCH_PATH``), through the rebuild
    ``update_index`` uses; the words indexed go to ``BENCH_SEARCH_WORDS_OUT``."""
    from django.db.models import Sum
    from wagtail.search.backends import get_search_backend

    from library.models import TextSection

    backend = get_search_backend("default", PATH=os.environ["BENCH_SEARCH_PATH"])
    rows = TextSection.objects.order_by("pk").values_list("pk", "word_count")
    total, last, wanted = 0, None, sum(w for _pk, w in rows) * share
    for pk, words in rows:  # the first sections holding ``share`` of the words
        if total >= wanted:
            break
        total, last = total + words, pk
    chosen = TextSection.objects.filter(pk__lte=last)
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(TextSection))
    index = rebuilder.start()
    batch = []
    for section in chosen.order_by("pk").iterator(chunk_size=500):
        batch.append(section)
        if len(batch) == 500:
            index.add_items(TextSection, batch)
            batch = []
    index.add_items(TextSection, batch)
    rebuilder.finish()
    words = chosen.aggregate(words=Sum("word_count"))["words"] or 0
    Path(os.environ["BENCH_SEARCH_WORDS_OUT"]).write_text(str(words))


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


def rebuild_share(share: float, folder: Path) -> tuple[float, int, int]:
    """Seconds, peak memory and words of our rebuild of the first ``share``
    of the sections alone (``_rebuild_sections``), in ``folder``."""
    out = folder / "words"
    env = {
        "BENCH_SEARCH_SHARE": str(share),
        "BENCH_SEARCH_PATH": str(folder / "index"),
        "BENCH_SEARCH_WORDS_OUT": str(out),
    }
    seconds, peak = rebuild("default", env)
    return seconds, peak, int(out.read_text())


def rebuild(name: str, extra_env: dict | None = None) -> tuple[float, int]:
    """Seconds and peak memory (bytes) of ``update_index --backend name``: the
    largest memory of the command's process and its children together (the
    Whoosh rebuild's writer processes), sampled twice a second (reading the
    processes' memory maps costs CPU the rebuild would otherwise have)."""
    env = dict(os.environ, BENCH_SEARCH_BACKEND=name, **(extra_env or {}))
    start = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", "import bench._search_rebuild as b; b.rebuild_child()"],
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
