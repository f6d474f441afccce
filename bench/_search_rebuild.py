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
