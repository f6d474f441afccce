"""SEARCH_BACKEND=postgres: modelsearch's PostgreSQL backend with our "did you
mean", refused with a clear message on another database."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from wagtail.search.backends import get_search_backend

from config.settings.base import search_backends


def test_postgres_names_our_backend_with_english_stemming():
    assert search_backends("postgres") == {
        "default": {"BACKEND": "search.backends.postgres", "SEARCH_CONFIG": "english"}
    }


@pytest.mark.django_db
def test_on_another_database_it_says_what_it_needs(settings):
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the backend is made: nothing to refuse")
    settings.WAGTAILSEARCH_BACKENDS = search_backends("postgres")
    with pytest.raises(ImproperlyConfigured, match="needs a PostgreSQL DATABASE_URL"):
        get_search_backend()


@pytest.mark.django_db
def test_on_postgresql_it_is_modelsearchs_backend_with_suggest(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL=postgres://... (CI runs the suite on it too)")
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    settings.WAGTAILSEARCH_BACKENDS = search_backends("postgres")
    backend = get_search_backend()
    assert isinstance(backend, PostgresSearchBackend)
    assert backend.config == "english"
    assert backend.suggest("nothing indexed yet") is None
