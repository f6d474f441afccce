"""The Redis cache (REDIS_URL, the `redis` extra) against the Redis on this
machine: database 7 and a key prefix of the tests' own."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

from config.settings.deploy import caches_for

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


@pytest.fixture
def redis_cache():
    redis = pytest.importorskip("redis", reason="the `redis` extra is not installed")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI runs Redis on {REDIS_URL}, but: {error}")
        pytest.skip(f"no Redis at {REDIS_URL} ({error})")
    params = caches_for(REDIS_URL, f"sc_test_{uuid.uuid4().hex[:8]}")["default"]
    cache = RedisCache(params["LOCATION"], params)
    yield cache
    cache.clear()


def test_two_processes_share_one_cache(redis_cache):
    other = RedisCache(REDIS_URL, {"KEY_PREFIX": redis_cache.key_prefix})
    redis_cache.set("page:1", {"html": "<p>hello</p>"}, 30)
    assert other.get("page:1") == {"html": "<p>hello</p>"}
    other.delete("page:1")
    assert redis_cache.get("page:1") is None


def test_prefixes_keep_sites_apart(redis_cache):
    stranger = RedisCache(REDIS_URL, {"KEY_PREFIX": "sc_test_other"})
    redis_cache.set("k", "ours", 30)
    assert stranger.get("k") is None


def test_the_health_check_passes_on_redis(redis_cache, client, settings, db):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": redis_cache.key_prefix,
        }
    }
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.json()
