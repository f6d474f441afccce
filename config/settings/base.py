"""Settings shared by every environment.

Everything a deployment changes comes from the environment; the defaults are
safe for development (SQLite, the Whoosh index under ``var/``, the database
task queue), so ``make run`` needs nothing else installed.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .deploy import caches_for, logging_for, media_origins, storages_for

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "courses",
    "library",
    "search",
    "branches",
    "assembly",
    "packs",
    "consultations",
    "scans",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "health_check",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Sees the cookies that the session, CSRF and messages middleware set.
    "core.page_cache.UpdatePageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.accounts.middleware.SessionIdleMiddleware",
    "core.accounts.middleware.SecondFactorMiddleware",
    "core.drafts.DraftTitleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.csp.SiteCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Last: a hit skips only the view (core/page_cache.py).
    "core.page_cache.FetchPageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.reader_preferences",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A kept connection the server dropped is noticed before a request uses it.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account or address before
    # the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "courses:my_learning"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Packs with facilitator material or members' names (core/storage.py).
    "private": {"BACKEND": "core.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Several hosts share files on one disk (the folders above), or on an
# S3-compatible store with STORAGE_BACKEND=s3 (config/settings/deploy.py).
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "filesystem")
STORAGES = storages_for(STORAGE_BACKEND, STORAGES)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Where generated, non-uploaded state lives (search index, packs cache).
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
# The "private" storage's folder: never inside MEDIA_ROOT, never served as it is.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))

WAGTAIL_SITE_NAME = "Study Circle"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "epub",
    "html",
    "md",
    "odt",
    "pdf",
    "rtf",
    "txt",
    "xlsx",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No avatars from an outside service: a hashed staff e-mail address would leave
# the site with every admin page (and the admin would break offline).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Search: our Whoosh backend by default; modelsearch's
# PostgreSQL, Elasticsearch and OpenSearch backends by settings alone (see
# README, "Search on several hosts").
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "whoosh").strip().lower()
SEARCH_URL = os.environ.get("SEARCH_URL", "")
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "search-index"))


def search_index_prefix() -> str:
    """The Elasticsearch/OpenSearch index prefix, so that two sites can share
    a cluster: "studycircle_" makes "studycircle_wagtailcore_page"."""
    prefix = os.environ.get("SEARCH_INDEX_PREFIX", "studycircle").strip()
    return prefix if prefix.endswith("_") else f"{prefix}_"


def search_backends(backend: str) -> dict:
    """The ``WAGTAILSEARCH_BACKENDS`` for a ``SEARCH_BACKEND`` name."""
    if backend == "whoosh":
        # The index folder is read from SEARCH_INDEX_DIR when the backend is
        # made, so the test settings can move it (whoosh_modelsearch/store.py).
        return {"default": {"BACKEND": "whoosh_modelsearch.backend"}}
    if backend == "database":
        return {"default": {"BACKEND": "wagtail.search.backends.database"}}
    if backend == "postgres":
        # modelsearch's PostgreSQL backend with the words "did you mean" picks
        # from (search/backends/postgres.py); English stemming, as on Whoosh.
        return {
            "default": {
                "BACKEND": "search.backends.postgres",
                "SEARCH_CONFIG": "english",
            }
        }
    if backend in {"elasticsearch", "opensearch"}:
        if not SEARCH_URL:
            raise ImproperlyConfigured(f"SEARCH_BACKEND={backend} needs SEARCH_URL.")
        module = {
            "elasticsearch": "wagtail.search.backends.elasticsearch8",
            "opensearch": "wagtail.search.backends.opensearch2",
        }[backend]
        return {
            "default": {
                "BACKEND": module,
                "URLS": [SEARCH_URL],
                # modelsearch names each index INDEX_PREFIX + app_model.
                "INDEX_PREFIX": search_index_prefix(),
                "TIMEOUT": 10,
            }
        }
    raise ImproperlyConfigured(
        f"Unknown SEARCH_BACKEND {backend!r}: use whoosh, database, postgres, elasticsearch or opensearch."
    )


WAGTAILSEARCH_BACKENDS = search_backends(SEARCH_BACKEND)

# Background work: the database queue, run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Leases (core/tasks): a running task whose worker has not been heard from for
# TASKS_LEASE_SECONDS is queued again, up to TASKS_MAX_ATTEMPTS runs in all.
TASKS_LEASE_SECONDS = int(os.environ.get("TASKS_LEASE_SECONDS", "60"))
TASKS_HEARTBEAT_SECONDS = max(1, TASKS_LEASE_SECONDS // 4)
TASKS_MAX_ATTEMPTS = int(os.environ.get("TASKS_MAX_ATTEMPTS", "3"))

# Library imports (library/importer/limits.py): checked before the expensive
# work, so no small file can hold a worker. Each refusal names the limit.
LIBRARY_IMPORT_LIMITS = {
    "MAX_BYTES": 30 * 1024 * 1024,  # one text file, or an EPUB's unpacked text
    "MAX_SIDECAR_BYTES": 256 * 1024,
    "MAX_YAML_NODES": 10_000,  # values in a sidecar, aliases expanded
    "MAX_ARCHIVE_FILES": 2_000,
    "MAX_UNPACKED_BYTES": 100 * 1024 * 1024,  # all an EPUB's files, images too
    "MAX_COMPRESSION_RATIO": 40,
    "MAX_SECTIONS": 3_000,
    "MAX_SECTION_CHARS": 5_000_000,
}

# Printable packs (packs/): where WeasyPrint may read files from, and the
# limits on one render in the worker. The memory figure is how much more a
# render may take than the worker process already holds.
PACKS_ALLOWED_ROOTS = [BASE_DIR / "site" / "static", BASE_DIR / "site" / "print"]
PACKS_RENDER_TIMEOUT = int(os.environ.get("PACKS_RENDER_TIMEOUT", "180"))
PACKS_RENDER_MEMORY_MB = int(os.environ.get("PACKS_RENDER_MEMORY_MB", "1024"))

# Branches: members with no attendance for this many years are anonymised by
# `manage.py anonymise_inactive_members`.
MEMBER_RETENTION_YEARS = int(os.environ.get("MEMBER_RETENTION_YEARS", "3"))

# Scanned sign-in sheets (scans/): the pictures show who came, so they are
# deleted on confirming, or after this many days (`manage.py
# scans_delete_expired`, run daily). Uploads are refused past these limits
# before anything is decoded.
SCAN_RETENTION_DAYS = int(os.environ.get("SCAN_RETENTION_DAYS", "14"))
SCAN_LIMITS = {
    "MAX_BYTES": 20 * 1024 * 1024,  # one photo or PDF
    # One upload, all its files: refused from its Content-Length, unread
    # (scans.uploads; nginx's client_max_body_size is a little above it).
    # 45 MB: a dozen phone photos; more pages go up in a second upload.
    "MAX_UPLOAD_BYTES": 45 * 1024 * 1024,
    "MAX_FILES": 12,  # photos in one upload
    "MAX_PIXELS": 50_000_000,  # one photo, from its header (a 48 MP phone fits)
    "MAX_PDF_PAGES": 20,
    "PDF_DPI": 200,  # a scanner's PDF page is read at this resolution
}

CACHES = caches_for(
    os.environ.get("REDIS_URL", ""), os.environ.get("CACHE_KEY_PREFIX", "studycircle")
)

# Anonymous Wagtail pages from the cache, emptied by any publish (core/page_cache.py).
# On by default only with a shared cache: a per-process one cannot be emptied by
# a publish in another process.
PAGE_CACHE = env_bool("PAGE_CACHE", bool(os.environ.get("REDIS_URL")))
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/accounts/", "/health/", "/packs/"]

# /health/ for the load balancer: what it checks (core/health.py).
HEALTH_CHECKS = [
    "health_check.checks.Database",
    "health_check.checks.Cache",
    ("health_check.checks.Storage", {"alias": "default"}),
    *[("health_check.checks.Storage", {"alias": "private"})] * ("private" in STORAGES),
    "core.health.SearchIndex",
    "core.health.TaskQueue",
]

# Accounts (core/accounts/, README "Accounts"). Failed logins are counted by
# django-axes per account and, separately, per address: either one reaching
# the limit locks that account or address out for the cool-off time.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "core.accounts.throttle.username_from_request"
AXES_CLIENT_IP_CALLABLE = "core.accounts.throttle.client_ip"
# How many reverse proxies (each appending to X-Forwarded-For) stand in front
# of the site; 0 trusts only the connecting address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Who must use a second factor besides staff and anyone who may enter the
# Wagtail admin: users with rows in these relations (branch and regional roles).
ACCOUNTS_SECOND_FACTOR_RELATIONS = ["branch_roles", "regional_roles"]
# Staff, and anyone who ticks "this is a shared computer", are logged out
# after this long idle and when the browser closes; other learners keep the
# session for SESSION_COOKIE_AGE.
ACCOUNTS_SHORT_SESSION_IDLE = (
    int(os.environ.get("STAFF_SESSION_IDLE_MINUTES", "240")) * 60
)
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_DAYS", "14")) * 24 * 60 * 60
OTP_TOTP_ISSUER = "Study Circle"

# Content-Security-Policy (django-csp): the site, the Wagtail admin and the
# pack pages load scripts, styles, fonts and images from this origin only.
# Wagtail's admin sets inline style attributes (widths of progress bars, the
# userbar), so styles also allow 'unsafe-inline'; scripts never do. Embeds
# (video/audio blocks) may frame the providers named in CSP_FRAME_SOURCES.
CSP_FRAME_SOURCES = env_list(
    "CSP_FRAME_SOURCES",
    "https://www.youtube.com,https://www.youtube-nocookie.com,"
    "https://player.vimeo.com,https://w.soundcloud.com",
)
# Uploads on S3 are served from the bucket, not this origin.
MEDIA_ORIGINS = media_origins(STORAGE_BACKEND)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *MEDIA_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", *MEDIA_ORIGINS],
        "frame-src": ["'self'", *CSP_FRAME_SOURCES],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

CSP_ADMIN_PREFIX = "/admin/"
CSP_ADMIN_UPDATE = {"script-src": ["'unsafe-inline'"]}
# The admin asks no third party: no Gravatar (it would tell gravatar.com who
# uses the admin) and no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "studycircle@localhost")

LOGGING = logging_for(
    level=os.environ.get("LOG_LEVEL", "INFO"),
    log_format=os.environ.get("LOG_FORMAT", "text"),
)
