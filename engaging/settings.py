"""Settings for the Engaging Together hub.

Everything that differs between machines comes from the environment, read
with the small typed helpers below. `.env.example` lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

# A checkout's .env (git-ignored; `make run` writes one with DEBUG on and a key of its own) fills in what
# the environment leaves unset, so every manage.py command works there as it does under `make run`.
# ENV_FILE names another file. The test suite sets its own settings and never reads one.
if not os.environ.get("TESTING"):
    load_dotenv(os.environ.get("ENV_FILE") or BASE_DIR / ".env", override=False)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TESTING", False)
LOCAL = DEBUG or TESTING  # plain http on this machine

# A fixed key is only acceptable on a developer's machine.
SECRET_KEY = env_str("SECRET_KEY") or ("dev-only-insecure-key-change-me" if DEBUG or TESTING else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true on a developer's machine).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The hub's public address for links that leave it (short links, QR codes, emails, feeds, reports). Unset:
# the address each request came to (see engaging/core/addresses.py).
SITE_URL = env_str("SITE_URL", "").rstrip("/")

# The partnership's own name, shown in the header and every page title.
SERVICE_NAME = env_str("SERVICE_NAME", "Engaging Together")
PARTNERSHIP_NAME = env_str("PARTNERSHIP_NAME", "Dudley Health and Wellbeing Partnership")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "simple_history",
    "axes",
    # Two-step sign-in: authenticator apps (TOTP) and one-time backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "engaging.core",
    "engaging.accounts",
    "engaging.lists",
    "engaging.register",
    "engaging.insight",
    "engaging.loop",
    "engaging.evaluation",
    "engaging.plain",
    "engaging.board",
    "engaging.voice",
    "engaging.questionnaires",
    "engaging.surveys",
    "engaging.themes",
    "engaging.learning",
    "engaging.assurance",
    "engaging.privacy",
    "engaging.rights",
    "engaging.reports",
    "engaging.public",
    "engaging.api",
    "engaging.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Links that leave the hub use the address the request came to when SITE_URL is not set.
    "engaging.core.addresses.CurrentRequestMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # What a signed-in person is shown is never kept by a browser or a cache on the way.
    "engaging.core.privacy.PrivateWhenSignedInMiddleware",
    # A coordinator signed in with a password sees nothing but the two-step pages until they give a code.
    "engaging.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Too many parameters or too large a body: a 400 in the API's shape or the hub's page, never a traceback.
    "engaging.core.oversized.RequestLimitsMiddleware",
    # Last, so that throttled logins are refused before anything else runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "engaging.urls"
WSGI_APPLICATION = "engaging.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "engaging" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "engaging.core.context_processors.service",
                "engaging.accounts.context_processors.roles",
            ],
            "builtins": ["engaging.core.templatetags.govuk"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_PREPARE", True):
    # Parameters are bound by the server, and a query run a few times on a connection is prepared there:
    # every request reads its session, user, roles and the data stamp with the same few queries, and
    # planning them afresh each time cost PostgreSQL as much as running them. Set DB_PREPARE=false behind
    # a pooler in transaction mode (PgBouncer before 1.21), where prepared statements cannot be kept.
    # Added to what DATABASE_URL's own query string set (sslmode, say), never in its place.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while the task worker writes. Connections are kept between requests
    # (DB_CONN_MAX_AGE), as on PostgreSQL: opening one means reading the whole schema again and
    # starting with an empty page cache.
    DATABASES["default"]["OPTIONS"] = {
        # secure_delete: what is erased or deleted (a withdrawn story, expired personal data) is overwritten in
        # the file too, not just unlinked from its table, so no copy stays on disk.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
        # Writers queue for the one write lock: a burst (twenty people booking the last places at once) waits its
        # turn for up to this many seconds rather than failing with "database is locked".
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Where `manage.py backup` writes when no --output is given. Keep copies somewhere else too: see the README.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "backups")))

# Rate limits count in the cache, so every app server must share it: the database by default
# (`manage.py createcachetable` makes its table), or Redis when REDIS_URL is set.
if env_str("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}}
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "hub_cache"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "engaging.accounts.signed_in.Backend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "register:dashboard"
LOGOUT_REDIRECT_URL = "public:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
WHITENOISE_USE_FINDERS = LOCAL
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hub@engaging-together.invalid")

TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}

# Parts of busy pages are kept, rendered, until a record they show changes (engaging/core/kept.py).
KEEP_PAGES = env_bool("KEEP_PAGES", True)

# Security: strict in production, relaxed only where DEBUG needs plain http.
# Sessions and the signed-in user are read with plain SQL: see engaging/accounts/signed_in.py.
SESSION_ENGINE = "engaging.accounts.signed_in"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not LOCAL)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if LOCAL else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not LOCAL
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not LOCAL)
# Behind the hub's own proxy, its headers say how and from where a request came (engaging/core/limits.py).
BEHIND_PROXY = env_bool("BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content security policy: scripts and styles only from our own origin.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Login throttling: five failures lock that username from that address for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Two-step sign-in: coordinators (and superusers) who sign in with a password also give a code from an
# authenticator app. Off by default on a developer's machine (DEBUG) and in tests; `make run` turns it on for
# the demo. Signing in with single sign-on skips it: the organisation's own sign-in does that job.
TWO_FACTOR_FOR_COORDINATORS = env_bool("TWO_FACTOR_FOR_COORDINATORS", not (DEBUG or TESTING))
# The name authenticator apps show beside the hub's code.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", SERVICE_NAME)
# The admin site never shows an authenticator app's secret or the backup codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Single sign-on with OpenID Connect (Microsoft Entra ID, NHSmail and the like): on when an issuer (or all
# four endpoints) and a client id are set. See engaging/accounts/sso.py.
OIDC_ISSUER = env_str("OIDC_ISSUER").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_JWKS_ENDPOINT")
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env_str("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid email profile")
OIDC_BUTTON_LABEL = env_str("OIDC_BUTTON_LABEL", "Sign in with your organisation's account")
# Claims that carry the person's groups or roles, matched by coordinators' sign-on rules.
OIDC_GROUP_CLAIMS = env_list("OIDC_GROUP_CLAIMS", "groups,roles")
# Entra ID sends no email_verified claim: set true only when the provider checks every address it sends.
OIDC_EMAILS_VERIFIED = env_bool("OIDC_EMAILS_VERIFIED", False)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
# Shown to someone the sign-on rules do not cover, with the coordinators' names.
SIGN_IN_HELP_EMAIL = env_str("SIGN_IN_HELP_EMAIL")

SIMPLE_HISTORY_REVERT_DISABLED = True

# Domain settings.
# Participant feedback: at most this many submissions per activity from one address in the window (seconds).
FEEDBACK_RATE_LIMIT = env_int("FEEDBACK_RATE_LIMIT", 5)
FEEDBACK_RATE_WINDOW = env_int("FEEDBACK_RATE_WINDOW", 3600)
# Training bookings without an account: at most this many from one address in the window (seconds).
BOOKING_RATE_LIMIT = env_int("BOOKING_RATE_LIMIT", 20)
BOOKING_RATE_WINDOW = env_int("BOOKING_RATE_WINDOW", 3600)
# Questionnaire answers: at most this many responses to one questionnaire from one address in the window
# (seconds). Generous, as a household or a library shares one address.
QUESTIONNAIRE_RATE_LIMIT = env_int("QUESTIONNAIRE_RATE_LIMIT", 30)
QUESTIONNAIRE_RATE_WINDOW = env_int("QUESTIONNAIRE_RATE_WINDOW", 3600)
# What one place on a comparable bought-in course would cost, in pounds: the training report's estimated saving
# is places attended times this. £85 is a typical price of a day's open course in community engagement.
TRAINING_COST_PER_PLACE = env_int("TRAINING_COST_PER_PLACE", 85)
# Reminders go to people booked on sessions starting within this many days (manage.py send_training_emails).
TRAINING_REMINDER_DAYS = env_int("TRAINING_REMINDER_DAYS", 2)
# The daily retention run (engaging/privacy/tasks.py) is queued for this hour, local time: a quiet one.
RETENTION_HOUR = env_int("RETENTION_HOUR", 3)
if not 0 <= RETENTION_HOUR <= 23:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("RETENTION_HOUR must be an hour of the day, 0 to 23.")
# The plain-language checking API: requests per address per window (seconds), and the longest text.
PLAIN_API_RATE_LIMIT = env_int("PLAIN_API_RATE_LIMIT", 30)
PLAIN_API_RATE_WINDOW = env_int("PLAIN_API_RATE_WINDOW", 60)
PLAIN_MAX_CHARS = env_int("PLAIN_MAX_CHARS", 100_000)
# Texts one client address may classify into themes through the API, per window of seconds.
THEMES_API_RATE_LIMIT = env_int("THEMES_API_RATE_LIMIT", 30)
THEMES_API_RATE_WINDOW = env_int("THEMES_API_RATE_WINDOW", 60)
# Files of comments with more rows than this are checked, added and classified by the task worker.
THEMES_IMPORT_WEB_ROWS = env_int("THEMES_IMPORT_WEB_ROWS", 5000)
# The reading age public text should meet (UK years).
PLAIN_TARGET_READING_AGE = env_int("PLAIN_TARGET_READING_AGE", 9)
# "What works" flags a method with fewer evaluations than this as thin evidence.
WHAT_WORKS_MIN_EVALUATIONS = env_int("WHAT_WORKS_MIN_EVALUATIONS", 3)
OVERLAP_WEEKS = env_int("OVERLAP_WEEKS", 4)
# A closed activity should tell its participants what happened within this many weeks.
LOOP_CLOSURE_WEEKS = env_int("LOOP_CLOSURE_WEEKS", 12)
FATIGUE_THRESHOLD = env_int("FATIGUE_THRESHOLD", 3)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# Files larger than this are imported by the task worker rather than during the upload; so are Excel files
# that unpack to more than IMPORT_WEB_UNPACKED_BYTES or record more than IMPORT_WEB_CELLS cells, and any
# import still being checked after IMPORT_WEB_SECONDS (engaging/core/spreadsheet_files.py).
IMPORT_BACKGROUND_BYTES = env_int("IMPORT_BACKGROUND_BYTES", 1024 * 1024)
IMPORT_WEB_UNPACKED_BYTES = env_int("IMPORT_WEB_UNPACKED_BYTES", 8 * 1024 * 1024)
IMPORT_WEB_CELLS = env_int("IMPORT_WEB_CELLS", 300_000)
IMPORT_WEB_SECONDS = env_int("IMPORT_WEB_SECONDS", 5)
# No import unpacks a zip member packed more tightly than this many to 1 (a zip bomb).
IMPORT_MAX_RATIO = env_int("IMPORT_MAX_RATIO", 100)
# Survey results, one row per respondent: far larger files than other imports (engaging/surveys/importing.py).
SURVEY_IMPORT_MAX_BYTES = env_int("SURVEY_IMPORT_MAX_BYTES", 1024 * 1024 * 1024)
SURVEY_IMPORT_MAX_ROWS = env_int("SURVEY_IMPORT_MAX_ROWS", 5_000_000)
# An indicator's value for fewer respondents than this is not shown (too few to be reliable or anonymous).
SURVEY_MIN_RESPONDENTS = env_int("SURVEY_MIN_RESPONDENTS", 30)

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

AUTH_USER_MODEL = "accounts.User"

if TESTING:
    # Hashing passwords properly is slow by design; tests need speed, not protection.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
