"""The parts of the settings a deployment switches by environment: where files
go (a folder or an S3-compatible store), the cache (local memory or Redis),
and how logs are written (text or JSON lines). ``base.py`` calls these; each
is a function of the environment so that a test can check what it produces."""

import os

from django.core.exceptions import ImproperlyConfigured


def storages_for(backend: str, storages: dict, environ=os.environ) -> dict:
    """``STORAGES`` with "default" (public) and "private" on ``backend``.

    ``filesystem``: as given (``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT``, which
    several hosts share on one disk). ``s3``: both on an S3-compatible store
    (django-storages), "default" public-read at its own URLs, "private" with no
    public access: the site streams private files through its own views after
    checking permission, and never hands out a signed URL."""
    backend = backend.strip().lower()
    if backend in {"", "filesystem"}:
        return storages
    if backend != "s3":
        raise ImproperlyConfigured(
            f"Unknown STORAGE_BACKEND {backend!r}: use filesystem or s3."
        )
    bucket = environ.get("S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET.")
    common = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "region_name": environ.get("S3_REGION") or None,
        # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3.
        "file_overwrite": False,
    }
    backend_path = "storages.backends.s3.S3Storage"
    public = {
        **common,
        "location": environ.get("S3_MEDIA_PREFIX", "media"),
        "default_acl": environ.get("S3_MEDIA_ACL", "public-read") or None,
        "querystring_auth": False,
        "custom_domain": environ.get("S3_MEDIA_DOMAIN") or None,
    }
    private = {
        **common,
        "bucket_name": environ.get("S3_PRIVATE_BUCKET") or bucket,
        "location": environ.get("S3_PRIVATE_PREFIX", "private"),
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
    }
    return {
        **storages,
        "default": {"BACKEND": backend_path, "OPTIONS": public},
        "private": {"BACKEND": backend_path, "OPTIONS": private},
    }


def media_origins(backend: str, environ=os.environ) -> list[str]:
    """Where public uploads are served from, for the Content-Security-Policy's
    ``img-src`` and ``media-src``: nothing more than the site itself on a disk;
    with S3, the bucket's domain (``S3_MEDIA_DOMAIN``) or the endpoint's origin."""
    from urllib.parse import urlsplit

    if backend.strip().lower() != "s3":
        return []
    domain = environ.get("S3_MEDIA_DOMAIN", "").strip()
    if domain:
        return [domain if "://" in domain else f"https://{domain}"]
    endpoint = urlsplit(environ.get("S3_ENDPOINT_URL", "").strip())
    if endpoint.scheme and endpoint.netloc:
        return [f"{endpoint.scheme}://{endpoint.netloc}"]
    # AWS itself, when no endpoint is given.
    return [f"https://{environ.get('S3_BUCKET', '')}.s3.amazonaws.com"]


def caches_for(redis_url: str, key_prefix: str) -> dict:
    """Local memory (one process) unless ``REDIS_URL`` is set: Django's own
    ``RedisCache`` (``pip install .[redis]``), shared by every process."""
    if not redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "studycircle",
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": key_prefix,
        }
    }


def logging_for(*, level: str, log_format: str) -> dict:
    """Logs to stdout, for the supervisor to collect: one JSON object per line
    (``LOG_FORMAT=json``, the production default) or plain text."""
    log_format = log_format.strip().lower()
    if log_format not in {"json", "text"}:
        raise ImproperlyConfigured(
            f"Unknown LOG_FORMAT {log_format!r}: use json or text."
        )
    formatters = {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level"},
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # WeasyPrint narrates every stylesheet it parses (its own, on import).
            "weasyprint.progress": {"level": "WARNING"},
        },
    }
