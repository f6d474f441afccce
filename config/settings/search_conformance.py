"""modelsearch's own backend test suite, run against our Whoosh backend.

Based on ``modelsearch.test.settings`` (its test app and fixtures), with our
backend as the only one, an in-memory SQLite database unless DATABASE_URL says
otherwise, and modelsearch's ``search.json`` fixture (it is not shipped in the
modelsearch wheel) from ``MODELSEARCH_FIXTURE_DIR``: by default
``../shared/modelsearch/`` beside the repository.
Run by ``tests/search/conformance/pytest.ini``.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from modelsearch.test.settings import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DATABASES = {"default": dj_database_url.config(default="sqlite://:memory:")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    if "django.contrib.postgres" not in INSTALLED_APPS:
        INSTALLED_APPS.append("django.contrib.postgres")

FIXTURE_DIR = Path(
    os.environ.get("MODELSEARCH_FIXTURE_DIR", BASE_DIR.parent / "shared" / "modelsearch")
).resolve()
if not (FIXTURE_DIR / "search.json").is_file():
    raise ImproperlyConfigured(
        f"modelsearch's search.json fixture is not in {FIXTURE_DIR}: set "
        "MODELSEARCH_FIXTURE_DIR to the folder that holds it."
    )
FIXTURE_DIRS = [FIXTURE_DIR]

SEARCH_INDEX_DIR = Path(tempfile.mkdtemp(prefix="studycircle-conformance-"))
MODELSEARCH_BACKENDS = {
    "default": {"BACKEND": "whoosh_modelsearch.backend", "PATH": str(SEARCH_INDEX_DIR)}
}

STATIC_ROOT = SEARCH_INDEX_DIR / "static"
MEDIA_ROOT = SEARCH_INDEX_DIR / "media"
LOGGING = {"version": 1, "disable_existing_loggers": False}
