"""Wagtail's own test settings, plus our Whoosh backend as the "whoosh" backend.

``wagtail.tests.test_page_search`` makes one test case per entry of
``WAGTAILSEARCH_BACKENDS``, so this adds ``TestWhooshBackend`` to it. Run with
``pytest -c tests/search/conformance/wagtail.ini`` (see that file).
"""

import tempfile
from pathlib import Path

from wagtail.test.settings import *  # noqa: F403

SEARCH_INDEX_DIR = Path(tempfile.mkdtemp(prefix="studycircle-wagtail-search-"))
WAGTAILSEARCH_BACKENDS["whoosh"] = {  # noqa: F405
    "BACKEND": "whoosh_modelsearch.backend",
    "PATH": str(SEARCH_INDEX_DIR),
    "AUTO_UPDATE": False,
}
STATIC_ROOT = str(SEARCH_INDEX_DIR / "static")
MEDIA_ROOT = str(SEARCH_INDEX_DIR / "media")
