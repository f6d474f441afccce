"""Benchmarks (``make bench``): production-like, no debug, scratch database.

Files go to the run's own folder, ``BENCH_DIR`` (``bench._common.bench_dir``
makes a new one per run), never to fixed names in the shared temporary folder,
so two benchmarks can run side by side."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
BENCH_DIR = Path(
    os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="studycircle-bench-")
)
MEDIA_ROOT = BENCH_DIR / "media"
SEARCH_INDEX_DIR = BENCH_DIR / "search-index"
PRIVATE_MEDIA_ROOT = BENCH_DIR / "private"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
