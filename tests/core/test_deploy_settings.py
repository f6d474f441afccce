"""What the deployment switches produce: the cache, files on S3, the search
index prefix and structured logs (config/settings/deploy.py, base.py)."""

import inspect
import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.deploy import caches_for, logging_for, storages_for
from tests.core.test_search_settings import fresh_base  # noqa: F401 - fixture

FILES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "x"},
}


def test_redis_url_makes_a_shared_redis_cache(fresh_base):  # noqa: F811
    settings = fresh_base(REDIS_URL="redis://127.0.0.1:6379/7", CACHE_KEY_PREFIX="sc")
    assert settings.CACHES["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/7",
        "KEY_PREFIX": "sc",
    }
    assert caches_for("", "sc")["default"]["BACKEND"].endswith("LocMemCache")


def test_database_connections_are_checked_before_reuse(fresh_base):  # noqa: F811
    settings = fresh_base(CONN_MAX_AGE="60")
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("name", ["elasticsearch", "opensearch"])
def test_the_index_prefix_is_the_key_modelsearch_reads(fresh_base, name):  # noqa: F811
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

    settings = fresh_base(
        SEARCH_BACKEND=name, SEARCH_URL="http://127.0.0.1:9200", SEARCH_INDEX_PREFIX="a"
    )
    params = settings.WAGTAILSEARCH_BACKENDS["default"]
    assert params["INDEX_PREFIX"] == "a_"
    assert "INDEX" not in params
    # The key the pinned modelsearch pops; it names indexes prefix + app_model.
    source = inspect.getsource(ElasticsearchBaseSearchBackend.__init__)
    assert 'params.pop("INDEX_PREFIX", "")' in source
    other = fresh_base(
        SEARCH_BACKEND=name,
        SEARCH_URL="http://127.0.0.1:9200",
        SEARCH_INDEX_PREFIX="b_",
    )
    assert other.WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] == "b_"


def test_s3_puts_public_and_private_files_on_the_store():
    environ = {"S3_BUCKET": "site", "S3_ENDPOINT_URL": "http://127.0.0.1:9000"}
    storages = storages_for("s3", FILES, environ)
    default, private = storages["default"], storages["private"]
    assert default["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["default_acl"] == "public-read"
    assert default["OPTIONS"]["querystring_auth"] is False
    assert private["OPTIONS"]["default_acl"] == "private"
    assert private["OPTIONS"]["location"] != default["OPTIONS"]["location"]
    assert storages["staticfiles"] == FILES["staticfiles"]
    assert storages_for("filesystem", FILES, environ) == FILES


def test_s3_without_a_bucket_or_an_unknown_backend_is_refused():
    with pytest.raises(ImproperlyConfigured, match="S3_BUCKET"):
        storages_for("s3", FILES, {})
    with pytest.raises(ImproperlyConfigured, match="filesystem or s3"):
        storages_for("ftp", FILES, {})


def test_production_logs_one_json_object_per_line():
    from pythonjsonlogger.json import JsonFormatter

    config = logging_for(level="INFO", log_format="json")
    options = dict(config["formatters"]["json"])
    assert options.pop("()") == "pythonjsonlogger.json.JsonFormatter"
    assert config["handlers"]["console"]["stream"] == "ext://sys.stdout"
    formatter = JsonFormatter(**options)
    record = logging.LogRecord(
        "packs.services", logging.WARNING, __file__, 1, "Pack %s failed", ("p1",), None
    )
    line = formatter.format(record)
    assert "\n" not in line
    assert json.loads(line) | {"time": "t"} == {
        "time": "t",
        "level": "WARNING",
        "name": "packs.services",
        "message": "Pack p1 failed",
    }
    with pytest.raises(ImproperlyConfigured):
        logging_for(level="INFO", log_format="xml")


def test_the_csp_lets_pages_show_images_from_the_s3_bucket(fresh_base):  # noqa: F811
    from config.settings.deploy import media_origins

    settings = fresh_base(
        STORAGE_BACKEND="s3",
        S3_BUCKET="site",
        S3_ENDPOINT_URL="http://127.0.0.1:9000/x",
    )
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "http://127.0.0.1:9000" in directives["img-src"]
    assert "http://127.0.0.1:9000" in directives["media-src"]
    assert "http://127.0.0.1:9000" not in directives["script-src"]
    assert media_origins("s3", {"S3_MEDIA_DOMAIN": "media.example.org"}) == [
        "https://media.example.org"
    ]
    assert media_origins("filesystem", {"S3_MEDIA_DOMAIN": "x.example.org"}) == []
    plain = fresh_base(STORAGE_BACKEND="filesystem").CONTENT_SECURITY_POLICY[
        "DIRECTIVES"
    ]
    assert plain["img-src"] == ["'self'", "data:", "blob:"]
