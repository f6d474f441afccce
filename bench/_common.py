"""Shared set-up for benchmarks: Django on a scratch database, and timing helpers."""

import atexit
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def bench_dir() -> Path:
    """This run's scratch folder (SQLite database, media, search index).

    A new one per run, so benchmarks run side by side share no file, removed
    when the run ends. ``BENCH_DIR`` names a folder to use and keep instead
    (to look at a run's data, or rerun part of it: ``bench.search.edits_main``).
    ``config.settings.bench`` reads it, in this process and in its children.
    """
    given = os.environ.get("BENCH_DIR")
    if given:
        path = Path(given)
        path.mkdir(parents=True, exist_ok=True)
        return path
    path = Path(tempfile.mkdtemp(prefix="studycircle-bench-"))
    os.environ["BENCH_DIR"] = str(path)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def django_setup(name: str) -> str:
    """Configure Django on a scratch database and migrate it.

    ``BENCH_DATABASE_URL`` chooses the database (PostgreSQL for real figures);
    the default is a fresh SQLite file in this run's ``bench_dir()``, so
    benchmarks never touch dev data, nor each other's.
    """
    scratch = bench_dir()
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        path = scratch / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


def machine() -> str:
    return (
        f"{platform.node()} · {platform.machine()} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()}"
    )


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary_ms(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"p50 {percentile(ms, 50):.1f} ms · p95 {percentile(ms, 95):.1f} ms · "
        f"mean {statistics.fmean(ms):.1f} ms · n={len(ms)}"
    )
