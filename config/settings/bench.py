"""Benchmarks (``make bench``): production-like, no debug, scratch database."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(tempfile.gettempdir()) / "studycircle-bench-media"
PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / "studycircle-bench-private"
SEARCH_INDEX_DIR = Path(tempfile.gettempdir()) / "studycircle-bench-index"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
