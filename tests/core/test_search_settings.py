"""SEARCH_BACKEND picks the search backend; Whoosh unless told otherwise."""

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import base


@pytest.fixture
def fresh_base(monkeypatch):
    """Re-run config/settings/base.py with the environment a test sets."""

    def load(**environ):
        for name in (
            "SEARCH_BACKEND",
            "SEARCH_URL",
            "SEARCH_INDEX_DIR",
            "SEARCH_INDEX_PREFIX",
        ):
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(base)

    yield load
    monkeypatch.undo()
    importlib.reload(base)


def test_whoosh_is_the_default(fresh_base):
    settings = fresh_base()

    assert settings.SEARCH_BACKEND == "whoosh"
    assert settings.WAGTAILSEARCH_BACKENDS == {
        "default": {"BACKEND": "whoosh_modelsearch.backend"}
    }
    assert settings.SEARCH_INDEX_DIR == settings.BASE_DIR / "var" / "search-index"
    assert settings.MEDIA_ROOT not in settings.SEARCH_INDEX_DIR.parents


def test_the_index_folder_comes_from_the_environment(fresh_base, tmp_path):
    settings = fresh_base(
        SEARCH_INDEX_DIR=str(tmp_path / "idx"), SEARCH_BACKEND=" Whoosh "
    )

    assert settings.SEARCH_INDEX_DIR == tmp_path / "idx"
    assert (
        settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
        == "whoosh_modelsearch.backend"
    )


def test_the_whoosh_backend_reads_the_index_folder_from_settings(settings, tmp_path):
    from wagtail.search.backends import get_search_backend

    settings.SEARCH_INDEX_DIR = tmp_path / "elsewhere"

    assert get_search_backend().store.root == tmp_path / "elsewhere"


def test_database_stays_available(fresh_base):
    settings = fresh_base(SEARCH_BACKEND="database")

    assert settings.WAGTAILSEARCH_BACKENDS == {
        "default": {"BACKEND": "wagtail.search.backends.database"}
    }


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("elasticsearch", "wagtail.search.backends.elasticsearch8"),
        ("opensearch", "wagtail.search.backends.opensearch2"),
    ],
)
def test_elasticsearch_and_opensearch_scale_out(fresh_base, name, module):
    settings = fresh_base(
        SEARCH_BACKEND=name,
        SEARCH_URL="https://search.example.org:9200",
        SEARCH_INDEX_PREFIX="sc",
    )

    assert settings.WAGTAILSEARCH_BACKENDS == {
        "default": {
            "BACKEND": module,
            "URLS": ["https://search.example.org:9200"],
            "INDEX_PREFIX": "sc_",
            "TIMEOUT": 10,
        }
    }


@pytest.mark.parametrize("name", ["elasticsearch", "opensearch"])
def test_elasticsearch_without_a_url_is_refused(fresh_base, name):
    with pytest.raises(ImproperlyConfigured, match="SEARCH_URL"):
        fresh_base(SEARCH_BACKEND=name)


def test_an_unknown_backend_is_refused(fresh_base):
    with pytest.raises(ImproperlyConfigured, match="whoosh, database"):
        fresh_base(SEARCH_BACKEND="solr")
