"""The site search suite runs once per search backend: our Whoosh engine,
and modelsearch's PostgreSQL backend (``SEARCH_BACKEND=postgres``), which
runs only when the tests' database is PostgreSQL (CI runs the whole suite on
SQLite and again on PostgreSQL)."""

import pytest
from django.db import connection

from config.settings.base import search_backends

BACKENDS = ["whoosh", "postgres"]


@pytest.fixture(params=BACKENDS, autouse=True)
def search_backend(request, settings, db) -> str:
    """Every test here, on each backend; pages index themselves on the one chosen."""
    if request.param == "postgres" and connection.vendor != "postgresql":
        pytest.skip(
            "the PostgreSQL search backend needs a PostgreSQL database: "
            "set DATABASE_URL=postgres://... to run this leg"
        )
    settings.WAGTAILSEARCH_BACKENDS = search_backends(request.param)
    return request.param
