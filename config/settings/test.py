"""The test suite: fast hashing, local memory cache, tasks run immediately."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off: a cached page would outlive the rolled-back data of a test (tests/core/
# test_page_cache.py turns it on).
PAGE_CACHE = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# tests/conftest.py moves these into a per-session temporary folder.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "studycircle-test-media"
PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / "studycircle-test-private"
SEARCH_INDEX_DIR = Path(tempfile.gettempdir()) / "studycircle-test-index"
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
