"""modelsearch's own backend test suite, run against our Whoosh backend.

Based on ``modelsearch.test.settings`` (its test app and fixtures), with our
backend as the only one, an in-memory SQLite database unless DATABASE_URL says
otherwise, and the ``search.json`` fixture from the shared folder beside the
repository (it is not shipped in the modelsearch wheel).
Run by ``tests/search/conformance/pytest.ini``.
"""

import tempfile
from pathlib import Path

import dj_database_url
from modelsearch.test.settings import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DATABASES = {"default": dj_database_url.config(default="sqlite://:memory:")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    if "django.contrib.postgres" not in INSTALLED_APPS:
        INSTALLED_APPS.append("django.contrib.postgres")

FIXTURE_DIRS = [BASE_DIR.parent / "shared" / "modelsearch"]

SEARCH_INDEX_DIR = Path(tempfile.mkdtemp(prefix="studycircle-conformance-"))
MODELSEARCH_BACKENDS = {
    "default": {"BACKEND": "whoosh_modelsearch.backend", "PATH": str(SEARCH_INDEX_DIR)}
}

STATIC_ROOT = SEARCH_INDEX_DIR / "static"
MEDIA_ROOT = SEARCH_INDEX_DIR / "media"
LOGGING = {"version": 1, "disable_existing_loggers": False}
