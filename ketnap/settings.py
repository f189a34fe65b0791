"""Settings for Kết Nạp, read from the environment so one codebase serves a laptop
(SQLite, the default) and a shared server (PostgreSQL via DATABASE_URL)."""

from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "testserver"]),
    DATABASE_URL=(str, f"sqlite:///{BASE_DIR / 'var' / 'ketnap.sqlite3'}"),
    AXES_FAILURE_LIMIT=(int, 5),
    AXES_COOLOFF_MINUTES=(int, 15),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
# The SQLite database, collected static files and uploads live in var/ (not in git).
(BASE_DIR / "var").mkdir(exist_ok=True)

DEBUG = env("DEBUG")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")


def _generated_secret_key() -> str:
    """A laptop install without SECRET_KEY gets its own random key in var/ (never a
    key shipped in the code); a server sets SECRET_KEY in its environment."""
    import secrets

    path = BASE_DIR / "var" / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _generated_secret_key()
# With DEBUG off, refuse to start on a known, short or missing secret (ketnap/web/security.py).
from ketnap.web.security import refuse_unsafe_production  # noqa: E402

refuse_unsafe_production(debug=DEBUG, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "django_htmx",
    "axes",
    "ketnap.core",
    "ketnap.audit",
    "ketnap.orgs",
    "ketnap.rulebook",
    "ketnap.documents",
    "ketnap.imports",
    "ketnap.plans",
    "ketnap.pipeline",
    "ketnap.monitoring",
    "ketnap.web",
    "ketnap.api",
    "django_tasks_db",
    "ketnap.jobs",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ketnap.twofactor",
    "ketnap.accounts",
    "ketnap.notify",
    "django_filters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ketnap.web.security.SessionLimitsMiddleware",
    "ketnap.web.params.ParameterGuardMiddleware",
    "ketnap.web.security.NoStoreMiddleware",
    "ketnap.web.errors.DatabaseBusyMiddleware",
    "ketnap.web.errors.NoRulebookMiddleware",
    "ketnap.audit.middleware.AuditContextMiddleware",
    "ketnap.twofactor.middleware.RequireTwoFactorMiddleware",
    "ketnap.web.middleware.SuperuserOnlyAdminMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ketnap.urls"
WSGI_APPLICATION = "ketnap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ketnap.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

#: Rollups, badges and the early-warning history are cached (orgs.rollup_cache). One
#: process: its own memory. Several workers must share one cache (docs/operations.md),
#: e.g. CACHE_URL=dbcache://ketnap_cache after `manage.py createcachetable`.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://ketnap")}
if CACHES["default"]["BACKEND"].endswith(("LocMemCache", "FileBasedCache", "DatabaseCache")):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20000)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The one-time set-password link a board issues (ketnap.accounts) is valid 72 hours.
PASSWORD_RESET_TIMEOUT = 72 * 3600
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: after AXES_FAILURE_LIMIT failed logins, lock the username (whatever
# the address) and, separately, the client address (password spraying over many
# usernames). Client addresses are the real ones behind TRUSTED_PROXIES (addresses
# or networks of the reverse proxies), see ketnap/web/security.py: without it,
# everyone behind the proxy would share one address and one lockout.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT")
AXES_COOLOFF_TIME = env("AXES_COOLOFF_MINUTES") / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "ketnap.web.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"

# Two-factor sign-in, required for boards, standing committee, inspection and superusers.
# `make demo` turns it off so the demo logins work with their password alone.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "Kết Nạp"

# Background jobs (ARCHITECTURE 7): the queue is a table, `manage.py db_worker` runs it.
# KETNAP_TASKS_IMMEDIATE=1 runs tasks inline in the request (the test suite does so).
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if env.bool("KETNAP_TASKS_IMMEDIATE", default=False)
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# E-mail (daily digests), from the environment: SMTP when EMAIL_HOST is set, else the
# console (nothing leaves the machine). EMAIL_BACKEND may name another backend
# (`make demo` writes each message to a file under EMAIL_FILE_PATH, default var/mail).
# Django 6.1's MAILERS is filled from these variables (the EMAIL_* settings are deprecated).
_EMAIL_HOST = env.str("EMAIL_HOST", default="")
_EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if _EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    _EMAIL_OPTIONS: dict[str, object] = {
        "host": _EMAIL_HOST or "localhost",
        "port": env.int("EMAIL_PORT", default=587),
        "username": env.str("EMAIL_HOST_USER", default=""),
        "password": env.str("EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env.bool("EMAIL_USE_TLS", default=True),
        "timeout": env.int("EMAIL_TIMEOUT", default=30),
    }
elif _EMAIL_BACKEND.endswith("filebased.EmailBackend"):
    _EMAIL_OPTIONS = {"file_path": env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))}
else:
    _EMAIL_OPTIONS = {}
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kết Nạp <ketnap@localhost>")
# The address links in e-mails start with (the site as its users reach it).
KETNAP_BASE_URL = env.str("KETNAP_BASE_URL", default="http://127.0.0.1:8000")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["ketnap.formats"]
# Numbers are formatted for display by the |so filter, never globally: a global
# thousand separator would leak into ids, form values and exported files.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))  # uploads; back it up with the DB
MEDIA_URL = "media/"
# Converted PDFs, one per document version (ketnap.documents.pdf.cached_pdf); blank: MEDIA_ROOT/pdf-cache.
KETNAP_PDF_CACHE_DIR = env.str("KETNAP_PDF_CACHE_DIR", default="")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
X_FRAME_OPTIONS = "DENY"
# A login ends after its idle limit without a request and SESSION_ABSOLUTE_HOURS after it
# began, whatever the activity (SessionLimitsMiddleware). The idle limit depends on the
# user's roles, the shortest of them counting: SESSION_IDLE_MINUTES for boards, standing
# members and inspectors (and superusers or users without a role), SESSION_IDLE_MINUTES_OTHERS
# for the other roles; SESSION_IDLE_MINUTES_BY_ROLE ("cell_secretary=240,viewer=60") sets any role.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_IDLE_MINUTES_OTHERS = env.int("SESSION_IDLE_MINUTES_OTHERS", default=120)
SESSION_IDLE_STRICT_ROLES = ["organizing_board", "standing_member", "inspector"]
SESSION_IDLE_MINUTES_BY_ROLE: dict[str, int] = env.dict("SESSION_IDLE_MINUTES_BY_ROLE", cast={"value": int}, default={})
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
# HTTPS behind a reverse proxy: all from the environment, documented in docs/operations.md.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
if env.bool("SECURE_PROXY_SSL", default=False):  # the proxy sets X-Forwarded-Proto: https
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)
CSRF_FAILURE_VIEW = "ketnap.web.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
