"""Settings for the public credit-information site.

Every value comes from the environment through the strict readers in
``publicity.env``; ``.env.example`` lists and explains each variable. With no
variable at all the site runs on an SQLite file in ``var/`` (the embedded
default); ``DATABASE_URL`` selects PostgreSQL, the production engine.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from publicity import settings_api, settings_replicas
from publicity.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, "
            "or set DEBUG=true for local development only."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django.contrib.admin, with the two-factor admin site as admin.site.
    "registry.apps.AgencyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Content-Security-Policy (its system checks; the middleware is ours).
    "csp",
    "registry",
    "publicity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # --- Security headers (see "Security headers and HTTPS" below) ---
    "publicity.security_headers.PermissionsPolicyMiddleware",
    "publicity.security_headers.ContentSecurityPolicyMiddleware",
    # --- end of security headers ---
    # Outside every middleware that may set a cookie or a Vary header.
    "publicity.caching.headers.PublicCacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has the session passed the second factor?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires (see the login block below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "publicity.urls"
WSGI_APPLICATION = "publicity.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    # The company page's sections (publicity/jinja2.py), its hottest templates.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "OPTIONS": {"environment": "publicity.jinja2.environment"},
    },
]

# The embedded default: an SQLite file, no set-up needed.
DEFAULT_SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}",
        # Persistent connections (one per worker): about 2.8 times the
        # throughput of a new connection per request (docs/scaling.md).
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the site's queries are bounded, and compiling a plan
    # the planner thinks big (a common search term) costs ~300 ms for nothing.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] == str(DEFAULT_SQLITE_PATH):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers go on while the seeder or an import writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)

# --- Database outages and health checks (publicity/outage) -----------------------
# First, /healthz and /readyz for a load balancer, before the host check and
# everything else; then, as the handler of the views' errors, a kept page
# marked stale or a 503 page with Retry-After while the database cannot be
# reached, and one log line when it goes and one when it comes back.
MIDDLEWARE[:0] = [
    "publicity.outage.health.HealthCheckMiddleware",
    "publicity.outage.middleware.DatabaseOutageMiddleware",
]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Seconds a request waits for a connection: with the database's host gone
    # (no answer at all) it gets its 503 or stale page after this, not after
    # the kernel's two minutes.
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 3)
    )

# Read replicas (DATABASE_REPLICA_URLS; publicity/replicas): none by default.
globals().update(settings_replicas.replica_settings(DATABASES, MIDDLEWARE))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files kept by the site (the default storage): files uploaded in the admin's
# import while they wait to be confirmed or reviewed. Never served publicly.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "files")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("PLAIN_STATIC_STORAGE", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Static files: with the manifest storage (above) WhiteNoise serves the hashed
# names with a far-future, immutable Cache-Control (WhiteNoise's default, ten
# years), and the brotli and gzip copies made by collectstatic.
# Seconds a shared cache may keep a public page (publicity/caching/headers.py); 0: none.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 0 if DEBUG else 60)

# Who runs the site (the footer; the About, Privacy and Contact pages; .env.example).
SITE_OPERATOR = env_str("SITE_OPERATOR") or "公共信用信息公示系统（演示站）"
SITE_OPERATOR_EN = env_str("SITE_OPERATOR_EN") or "the Public Credit Information demo site"
SITE_CONTACT_EMAIL = env_str("SITE_CONTACT_EMAIL")
SITE_CONTACT_ADDRESS = env_str("SITE_CONTACT_ADDRESS")
SITE_LOG_RETENTION_DAYS = env_int("SITE_LOG_RETENTION_DAYS", 30)  # as the Privacy page says

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)

# --- Security headers and HTTPS (publicity/security_headers.py) -----------------
# The HTTPS settings are off by default (the demo and tests run on plain HTTP);
# .env.example, the production example, turns each on: `check --deploy` is clean.
# Behind a TLS proxy that sets X-Forwarded-Proto: its HTTPS requests count as
# secure, and links built from them (API, feeds, sitemaps, permanent addresses) say https.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if SECURE_HSTS_SECONDS < 0:
    raise ImproperlyConfigured("SECURE_HSTS_SECONDS cannot be negative.")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp 4): everything from the site itself, no inline
# script or style, but templates/500.html's own <style>, by its hash (the page must
# render when static files fail; a test gives the new hash when that CSS changes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'sha256-wD1XmJMZMiX3xdX27hFQaUMcP3R0F+YATBGWlXAk6KY='"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# --- end of security headers and HTTPS -----------------------------------------

# django-import-export: never let a spreadsheet formula through an export.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
# Import and export each need their permission, granted explicitly per model
# ("registry.import_penalty", "registry.export_penalty", ...): never every staff member's.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"

# The default cache (filter choices, counts) and the kept pages (publicity/caching/pages.py):
# with REDIS_URL (e.g. redis://127.0.0.1:6379/0) both in Redis, shared by every process,
# each call given up after REDIS_TIMEOUT seconds (publicity/caching/store.py: the page
# is then built without it); else a database table (`createcachetable`) and each
# process's memory. The rate limits (publicity/ratelimit/) use that Redis, else a table.
REDIS_TIMEOUT = float(env_str("REDIS_TIMEOUT") or 0.5)
if env_str("REDIS_URL"):
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
    }
    CACHES = {"default": _redis, "pages": {**_redis, "KEY_PREFIX": "pages"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20_000)},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 2_000)},
        },
    }
# How a kept page learns that it changed (the scheme: publicity/caching/__init__.py):
# - "notify": PostgreSQL announces every change when it commits, and each
#   process listens (publicity/caching/change_feed.py): no query for a kept page. The
#   default on PostgreSQL with pages kept in each process's memory.
# - "check": one query per company page reads its version
#   (registry/selectors/company_version.py); search pages simply expire. The default
#   with SQLite or Redis; needed behind a pooler in transaction mode (PgBouncer),
#   which does not pass LISTEN on.
PAGE_CACHE_FRESHNESS = env_str("PAGE_CACHE_FRESHNESS") or (
    "notify"
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and not env_str("REDIS_URL")
    else "check"
)
if PAGE_CACHE_FRESHNESS not in ("notify", "check"):
    raise ImproperlyConfigured('PAGE_CACHE_FRESHNESS is "notify" or "check".')
# Seconds at most a search page is served again; 0: never. With "notify" it is
# current; with "check" its results may be that old (and, with "notify", while a
# process is not listening, they may be PUBLIC_CACHE_SECONDS old at most).
SEARCH_PAGE_CACHE_SECONDS = env_int(
    "SEARCH_PAGE_CACHE_SECONDS",
    600 if PAGE_CACHE_FRESHNESS == "notify" and PUBLIC_CACHE_SECONDS else PUBLIC_CACHE_SECONDS,
)
# With "notify": search pages show a change at once, renewed for changes at most
# this often (else a stream of changes rebuilds every search page for each).
SEARCH_PAGE_CHANGE_SECONDS = env_int("SEARCH_PAGE_CHANGE_SECONDS", PUBLIC_CACHE_SECONDS)
# Seconds at most a company page is served again; any change to the company or its
# records shows at once whatever this says (publicity/caching/pages.py); 0: never.
COMPANY_PAGE_CACHE_SECONDS = env_int("COMPANY_PAGE_CACHE_SECONDS", 0 if DEBUG else 600)
# A page is kept from the n-th time its address is built (pages.py).
PAGE_CACHE_ADMIT_AFTER = env_int("PAGE_CACHE_ADMIT_AFTER", 2)
if min(SEARCH_PAGE_CACHE_SECONDS, SEARCH_PAGE_CHANGE_SECONDS, COMPANY_PAGE_CACHE_SECONDS) < 0:
    raise ImproperlyConfigured("Page cache seconds cannot be negative.")

# Companies' read models (registry/selectors/company_documents.py), kept by
# `manage.py refresh_company_documents`. Off: pages read the tables.
COMPANY_DOCUMENTS = env_bool("COMPANY_DOCUMENTS", True)
COMPANY_DOCUMENT_MAX_AGE_DAYS = env_int("COMPANY_DOCUMENT_MAX_AGE_DAYS", 7)
COMPANY_DOCUMENT_REFERENCE_SECONDS = env_int("COMPANY_DOCUMENT_REFERENCE_SECONDS", 5)
if min(COMPANY_DOCUMENT_MAX_AGE_DAYS, COMPANY_DOCUMENT_REFERENCE_SECONDS) < 0:
    raise ImproperlyConfigured("COMPANY_DOCUMENT_* settings cannot be negative.")

# Searches a minute per client (publicity/ratelimit/); 0 turns the limit off.
SEARCH_RATE_LIMIT = env_int("SEARCH_RATE_LIMIT", 60)
# How many reverse proxies in front of the site append to X-Forwarded-For; 0
# (the default) counts searches by the connection's own address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if SEARCH_RATE_LIMIT < 0 or TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("SEARCH_RATE_LIMIT and TRUSTED_PROXY_COUNT cannot be negative.")
# Objections and credit-repair applications a client may send an hour
# (publicity/views/redress.py); 0 turns the limit off.
REDRESS_RATE_LIMIT = env_int("REDRESS_RATE_LIMIT", 10)
if REDRESS_RATE_LIMIT < 0:
    raise ImproperlyConfigured("REDRESS_RATE_LIMIT cannot be negative.")

# The JSON API (publicity/api): requests a minute per client, counted as searches
# are (same client, same shared cache); 0 turns the limit off.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)
if API_RATE_LIMIT < 0:
    raise ImproperlyConfigured("API_RATE_LIMIT cannot be negative.")
# Downloads (CSV or XLSX of a page's list) a client may make an hour
# (publicity/ratelimit/); 0 turns the limit off.
DOWNLOAD_RATE_LIMIT = env_int("DOWNLOAD_RATE_LIMIT", 30)
if DOWNLOAD_RATE_LIMIT < 0:
    raise ImproperlyConfigured("DOWNLOAD_RATE_LIMIT cannot be negative.")
# Requests a minute per client to the credit reports (publicity/views/reports.py):
# a PDF issued, a report looked up or verified; 0 turns the limit off.
REPORT_RATE_LIMIT = env_int("REPORT_RATE_LIMIT", 10)
if REPORT_RATE_LIMIT < 0:
    raise ImproperlyConfigured("REPORT_RATE_LIMIT cannot be negative.")
# The JSON API's REST framework and OpenAPI settings (publicity/settings_api.py).
REST_FRAMEWORK, SPECTACULAR_SETTINGS = settings_api.api_settings(API_RATE_LIMIT)

# Days a list entry stays public after its removal (registry/publicity_rules.py;
# dishonest debtors are deleted on performance whatever this says).
REMOVED_LIST_ENTRY_PUBLICITY_DAYS = env_int("REMOVED_LIST_ENTRY_PUBLICITY_DAYS", 365)
if min(REMOVED_LIST_ENTRY_PUBLICITY_DAYS, SITE_LOG_RETENTION_DAYS) < 0:
    raise ImproperlyConfigured("REMOVED_LIST_ENTRY_PUBLICITY_DAYS, SITE_LOG_RETENTION_DAYS: >= 0.")

# --- Open data: downloads and bulk dumps (registry/open_data) -------------------
# Rows a CSV download holds at most (past it: a last line pointing at the dumps),
# rows an XLSX download holds at most, and where ``export_dumps`` writes.
DOWNLOAD_MAX_ROWS = env_int("DOWNLOAD_MAX_ROWS", 500_000)
XLSX_MAX_ROWS = env_int("XLSX_MAX_ROWS", 50_000)
DUMPS_DIR = Path(env_str("DUMPS_DIR") or VAR_DIR / "dumps")

# --- Staff login: lockout, sessions, the admin's address -----------------------
#
# django-axes counts failed logins per username *and* address: after
# AXES_FAILURE_LIMIT failures that username is refused from that address (even
# with the right password) for AXES_COOLOFF_TIME hours, with a 429 page
# (templates/registry/admin_locked_out.html) that says how long to wait and whom
# to ask. Other users at the same address, and the same user elsewhere, can still
# log in. An administrator unlocks sooner with `manage.py axes_reset_username`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
# Hours; 0 keeps the lock until an administrator lifts it.
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_TIME", 1) or None
if AXES_FAILURE_LIMIT < 1 or (AXES_COOLOFF_TIME or 0) < 0:
    raise ImproperlyConfigured(
        "AXES_FAILURE_LIMIT must be at least 1 and AXES_COOLOFF_TIME cannot be negative."
    )
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registry/admin_locked_out.html"
AXES_VERBOSE = False  # no "AXES: BEGIN ..." banner on every command
# The client's address as the search rate limit sees it, so that
# TRUSTED_PROXY_COUNT describes the proxies once for both. (axes' own
# AXES_IPWARE_* settings only apply with django-ipware, which is not installed.)
AXES_CLIENT_IP_CALLABLE = "publicity.ratelimit.login_client_address"

# Staff sessions end after SESSION_COOKIE_AGE seconds (above), and, by default,
# when the browser closes: an office computer is often shared.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Two-factor login (registry/admin/site.py): every staff account needs a TOTP
# device, enrolled with `manage.py enrol_otp USERNAME`, and its 6-digit code at
# each login. OTP_TOTP_ISSUER names the site in the authenticator app.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER") or "Public Credit Information"
# The admin's device pages never show a device's secret once it is saved.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Where the admin lives (publicity/urls.py): a path of one's own keeps scanners
# that try /admin/ away from the login page. Always ends with a slash.
ADMIN_PATH = env_str("ADMIN_PATH", "admin/").strip("/") + "/"
if ADMIN_PATH == "/":
    raise ImproperlyConfigured("ADMIN_PATH cannot be empty, e.g. ADMIN_PATH=office/")

SITE_NAME = _("Public Credit Information")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's own loggers print to the console already; do not print twice.
    # WeasyPrint (the credit report's PDF) logs each step of each PDF at INFO.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
