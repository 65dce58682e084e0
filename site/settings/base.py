"""Settings shared by every environment. Environment-specific files import * from here."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_settings(*, allow_embedded: bool) -> dict:
    """`DATABASE_URL` when given; otherwise the embedded server (development and tests only)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(
            url,
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", 60)),
            conn_health_checks=True,
        )
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured(
                "DATABASE_URL måste peka på PostgreSQL (postgres://…): "
                "sökningen och datamodellen kräver PostgreSQL."
            )
        return config
    if not allow_embedded:
        raise ImproperlyConfigured("DATABASE_URL saknas.")
    # Only without DATABASE_URL is the embedded server's module (and its wheel) wanted.
    from pedagogsajten import embedded_db

    return embedded_db.ensure_running()


INSTALLED_APPS = [
    # Feature apps above the kernel they share (core); demo is the demo content's loader.
    "demo",
    # Before django_tasks_db: its `db_worker` command is the one subscriptions extends.
    "subscriptions",
    "backups",
    "accounts",
    "insights",
    "wordpress_import",
    "calendar_events",
    "municipalities",
    "home",
    "blog",
    "search",
    "media_library",
    "core",
    "wagtailmedia",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.UsersConfig",  # wagtail.users, with separated duties
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    # Background tasks (subscription e-mails): the database backend and its `db_worker`.
    "django_tasks",
    "django_tasks_db",
    # Staff sign-in: single sign-on (OpenID Connect), two-factor codes, lockout (accounts/).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files leave before anything else runs; hashed names get a one-year immutable header.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL byte in a query string or form answers 400 before any view or the database sees it.
    "core.hostile_input.RejectUnusableInputMiddleware",
    # /?p=123 of the old WordPress site → the imported page (before the page cache; wordpress_import).
    "wordpress_import.middleware.WordPressIdRedirectMiddleware",
    # Outside the page cache, so that readers' views of cached pages are counted too.
    "insights.counting.PageViewCounterMiddleware",
    # Before sessions, CSRF and auth: a cached page for an anonymous reader costs one cache read.
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pedagogsajten.urls"
WSGI_APPLICATION = "pedagogsajten.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_navigation",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sign-in (accounts/, README "Inloggning för personal"). ---------------------------------
# django-allauth gives single sign-on (OpenID Connect, several providers), TOTP with recovery codes
# and per-address throttling; django-axes locks an account after repeated failures, visible to the
# chief editor, who can lift it.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/admin/"
WAGTAILADMIN_LOGIN_URL = "account_login"
# allauth's own password reset is throttled; Wagtail's would be a second, unthrottled route.
WAGTAIL_PASSWORD_RESET_ENABLED = False
ACCOUNT_ADAPTER = "accounts.adapters.StaffAccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.MunicipalSocialAccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.StaffLoginForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# Throttling per address (a school network shares one): generous per address, strict per account.
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("LOGIN_RATE_LIMIT", "60/10m/ip,10/5m/key"),
    "reset_password": "20/m/ip,5/5m/key",
}
# Failed single sign-on callbacks (forged state, refused code) per address and 10 minutes.
SSO_CALLBACK_FAILURE_LIMIT = int(os.environ.get("SSO_CALLBACK_FAILURE_LIMIT", 30))
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
# Identity providers from the environment: a JSON list, see README and accounts/sso.py.
SSO_PROVIDERS_JSON = os.environ.get("SSO_PROVIDERS", "[]")
# With single sign-on in place a site can turn password login off for everyone.
PASSWORD_LOGIN_ENABLED = env_bool("PASSWORD_LOGIN_ENABLED", True)
# Who must use a second factor when they sign in with a password (SSO users rely on their IdP).
MFA_REQUIRED = env_bool("MFA_REQUIRED", True)
MFA_REQUIRED_GROUPS = env_list("MFA_REQUIRED_GROUPS", "Redaktör,Huvudredaktör")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Pedagogsajten"
# Lockout: after AXES_FAILURE_LIMIT wrong passwords for one user name, refused for the cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", 30)))
# Per user name only: a whole school behind one address must not be locked out by one person.
# Addresses are throttled by allauth's ACCOUNT_RATE_LIMITS above, hence axes.W006 is silenced.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_CALLABLE = "accounts.backends.attempted_username"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0)) or None
# Staff sessions end after this much idleness (saved on each request, so it is idle time).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", 120)) * 60
SESSION_SAVE_EVERY_REQUEST = True

# Swedish everywhere a person reads: the public site and the Wagtail admin.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska")]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = os.environ.get("STATIC_URL", "/static/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
# Files not (yet) on a published, public page: originals and renditions of images used only in
# drafts, every document, audio and video until published. Never served by the front proxy; the
# app checks who asks (media_library/storage.py, README "Filer och proxyn").
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private-media"))
# How the app hands a private file or a document to the reader once it has checked access: streamed
# by Python by default; in production `django_sendfile.backends.nginx` lets nginx send the bytes
# (X-Accel-Redirect to SENDFILE_URL, an `internal` location aliasing PRIVATE_MEDIA_ROOT).
SENDFILE_BACKEND = os.environ.get("SENDFILE_BACKEND", "wagtail.utils.sendfile_streaming_backend")
SENDFILE_ROOT = str(PRIVATE_MEDIA_ROOT)
SENDFILE_URL = os.environ.get("SENDFILE_URL", "/_privata-filer/")
WAGTAILDOCS_SERVE_METHOD = "serve_view"

STORAGES = {
    "default": {"BACKEND": "media_library.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Non-hashed static files (robots, favicons, files collected without a manifest) are cached briefly.
WHITENOISE_MAX_AGE = 60 * 60


def cache_backend(location: str) -> dict:
    """`redis://…` for a cache shared by several machines, otherwise a folder shared by the
    processes of one machine (gunicorn workers), so that clearing it reaches all of them."""
    if location.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": location,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }


# Whole pages for anonymous readers (core/page_cache.py); 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
PAGE_CACHE_SKIP_PATHS = ["/admin/", "/dokument/", "/filer/"]
# Readers' page views are counted in each worker's memory and written together
# (insights/counting.py): within this many seconds, when this many pages have pending views, and
# when the worker stops. 0 seconds writes after every request.
VIEW_COUNT_SECONDS = float(os.environ.get("VIEW_COUNT_SECONDS", 10))
VIEW_COUNT_PAGES = int(os.environ.get("VIEW_COUNT_PAGES", 500))
PAGE_CACHE_SKIP_PARAMETERS = ["q"]
CACHES = {
    # Rate limits (feedback) must be shared by all processes that serve the site.
    "default": cache_backend(os.environ.get("CACHE_LOCATION", str(VAR_DIR / "cache" / "default"))),
    "pages": cache_backend(os.environ.get("PAGE_CACHE_LOCATION", str(VAR_DIR / "cache" / "pages"))),
}
# How many proxies (load balancer, CDN) in front of the app append to X-Forwarded-For; 0 means
# readers connect directly. Rate limits recognise a reader by the address this yields.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o644

# Wagtail
WAGTAIL_SITE_NAME = "Pedagogsajten"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# When BASE_URL is given (production; `make run` passes its HOST and PORT), every migrate makes the
# Wagtail Site's host name and port follow it, so canonical links, og:url, the sitemap, feeds and
# e-mails carry the public address (core/sites.py). Unset: the Site is left as it is.
SITE_BASE_URL = os.environ.get("BASE_URL", "")
WAGTAILIMAGES_IMAGE_MODEL = "media_library.SiteImage"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# 50 megapixels: any phone or camera photo; a small file unpacking to more is a decompression bomb.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
# Upload forms check content and store files while validating (media_library/forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "media_library.forms.SiteImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "media_library.forms.SiteDocumentForm"
# An upload is refused while it would leave less than this free on the media disk.
UPLOAD_FREE_SPACE_MARGIN = int(os.environ.get("UPLOAD_FREE_SPACE_MARGIN_MB", 200)) * 1024 * 1024
# Audio and video (wagtailmedia has no limit of its own). An hour of speech as MP3 at 64 kbit/s is
# about 30 MB; ten minutes of 720p video about 150 MB. Larger films belong on a video service.
MEDIA_MAX_UPLOAD_SIZE = {
    "audio": int(os.environ.get("AUDIO_MAX_UPLOAD_MB", 50)) * 1024 * 1024,
    "video": int(os.environ.get("VIDEO_MAX_UPLOAD_MB", 200)) * 1024 * 1024,
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "pptx", "odp", "xlsx", "ods", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Audio and video: only formats every current browser plays, so an upload always works on the page.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "media_library.SiteMedia",
    "MEDIA_FORM_BASE": "media_library.forms.SiteMediaForm",
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "aac", "wav", "ogg", "oga", "opus", "flac"],
    "VIDEO_EXTENSIONS": ["mp4", "m4v", "webm", "ogv", "mov"],
}

# Search: Wagtail's database backend on PostgreSQL unless SEARCH_URL names an
# Elasticsearch/OpenSearch engine. With an engine, the database backend stays configured as
# "database": it is kept up to date too and the public search falls back to it. Its Swedish
# analysis is done in Python by the engine's rules (search/backends/database.py), so any
# PostgreSQL will do; PostgreSQL itself only parses, with the plain `simple` configuration,
# searches limited to some fields.
DATABASE_SEARCH_BACKEND = {
    "BACKEND": "search.backends.database",
    "SEARCH_CONFIG": "simple",
}
SEARCH_ENGINE_BACKENDS = {
    "opensearch": "search.backends.opensearch",
    "elasticsearch": "search.backends.elasticsearch",
}


def engine_search_backend(url: str, engine: str, index_prefix: str, **extra) -> dict:
    if engine not in SEARCH_ENGINE_BACKENDS:
        raise ImproperlyConfigured(
            f"SEARCH_ENGINE={engine!r} känns inte igen: välj 'opensearch' eller 'elasticsearch'."
        )
    config = {
        "BACKEND": SEARCH_ENGINE_BACKENDS[engine],
        "URLS": [url],
        "INDEX_PREFIX": index_prefix,
        # Indexing and the admin: they have no fallback, so they wait.
        "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", 5)),
        # Readers' searches and autocomplete (connect, read; seconds): PostgreSQL answers instead.
        "READER_TIMEOUTS": (
            float(os.environ.get("SEARCH_READER_CONNECT_TIMEOUT", 0.3)),
            float(os.environ.get("SEARCH_READER_TIMEOUT", 1)),
        ),
        "OPTIONS": {},
    }
    username, password = os.environ.get("SEARCH_USERNAME"), os.environ.get("SEARCH_PASSWORD")
    if username and password:
        auth_option = "http_auth" if engine == "opensearch" else "basic_auth"
        config["OPTIONS"][auth_option] = (username, password)
    config.update(extra)
    return config


def search_backends_from_environment() -> dict:
    url = os.environ.get("SEARCH_URL", "").strip()
    if not url:
        return {"default": DATABASE_SEARCH_BACKEND}
    engine = os.environ.get("SEARCH_ENGINE", "opensearch").strip().lower()
    prefix = os.environ.get("SEARCH_INDEX_PREFIX", "pedagogsajten_")
    return {
        "default": engine_search_backend(url, engine, prefix),
        "database": DATABASE_SEARCH_BACKEND,
    }


WAGTAILSEARCH_BACKENDS = search_backends_from_environment()
# The engine's circuit breaker (search/breaker.py): after this many failed reader requests in a
# row the engine is skipped, readers getting PostgreSQL's results at once, for this many seconds;
# then one request probes it again.
SEARCH_BREAKER_FAILURES = int(os.environ.get("SEARCH_BREAKER_FAILURES", 3))
SEARCH_BREAKER_SECONDS = float(os.environ.get("SEARCH_BREAKER_SECONDS", 30))
# Search and listing answers (ids, total, facet counts) and the facets' terms are reused for this
# many seconds (0: never); publishing and the other changes in blog/signal_handlers.py clear them.
SEARCH_RESULTS_CACHE_SECONDS = int(os.environ.get("SEARCH_RESULTS_CACHE_SECONDS", 60))

# Rich text in articles: a restricted feature set, no raw HTML.
ARTICLE_RICH_TEXT_FEATURES = ["bold", "italic", "h3", "h4", "ol", "ul", "link", "document-link"]

WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
# The public API is read-only and anonymous: no sessions, no browsable forms.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
}

EMAIL_SUBJECT_PREFIX = "[Pedagogsajten] "
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Pedagogsajten <noreply@pedagogsajten.se>"
)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP connection may hang before it is given up (the worker holds a row lock meanwhile;
# subscriptions/tasks.py then tries again later).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 30))
# Review requests go to the group of the waiting task only, not to every superuser as well.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# Background tasks (Django's task framework, the django-tasks backport; README "E-post till
# prenumeranter"). Wagtail's own tasks (the reference index, deleting a replaced file, an image's
# focal point) use "default" and stay immediate: they run in the request as they always have,
# because the file visibility, the usage counts and the admin read their results at once.
# Subscription e-mails use "background": stored in the database within the transaction that
# publishes, so a rolled-back publish leaves no task, and run by `manage.py db_worker --backend
# background` (a separate process, started by `make run`, a systemd service in production).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# Subscription e-mails: the address their links lead to is the Wagtail Site's (BASE_URL); a
# reader may send the form this many times per address and 10 minutes.
SUBSCRIBE_LIMIT_PER_ADDRESS = int(os.environ.get("SUBSCRIBE_LIMIT_PER_ADDRESS", 20))
# Announce new articles to subscribers (the demo turns it off while it publishes its content).
SUBSCRIPTIONS_ANNOUNCE = True
SUBSCRIPTIONS_FROM_EMAIL = os.environ.get("SUBSCRIPTIONS_FROM_EMAIL", DEFAULT_FROM_EMAIL)
# E-mails one sending task sends over one SMTP connection (subscriptions/tasks.py).
SUBSCRIPTIONS_BATCH_SIZE = int(os.environ.get("SUBSCRIPTIONS_BATCH_SIZE", 200))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "pedagogsajten": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Security headers (issue 12) ------------------------------------------------------------------
# Content-Security-Policy (django-csp), Permissions-Policy and Cross-Origin-Resource-Policy on
# every response, by core/security_headers.py, right after SecurityMiddleware so that static files
# and cached pages get them too. Tested in tests/test_security_headers.py and, in Chromium, by
# tests/test_accessibility.py (no `securitypolicyviolation` in any journey).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "core.security_headers.SecurityHeadersMiddleware",
)
# The embeds the site supports (core/blocks.py ThirdPartyEmbedBlock: YouTube, Vimeo), loaded
# only after the reader's click: the only hosts a page may put in a frame.
EMBED_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]
# Public pages (and /konto/): everything from our own origin, no inline script or style.
# JSON-LD (<script type="application/ld+json">) is data, not run, so CSP does not apply to it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the QR code of the second-factor set-up (allauth, /konto/2fa/totp/activate/).
        "img-src": ["'self'", "data:"],
        "frame-src": EMBED_FRAME_SOURCES,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # The single sign-on providers' origins are added per request (core/security_headers.py).
        "form-action": ["'self'"],
        # 'self' only on Wagtail's preview responses, which the admin shows in an iframe.
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin (/admin/), found with the admin journeys in tests/test_accessibility.py; still
# no 'unsafe-eval', no inline event handlers, no inline style attributes, no other host:
# - script-src-elem 'unsafe-inline': Wagtail 8 renders inline <script>s with per-field arguments
#   (widgets/date_input.html, time_input.html, datetime_input.html: initDateChooser(…); panels/
#   inline_panel.html, multiple_chooser_panel.html: new InlinePanel(…)). Widgets render without
#   the request (no nonce) and the arguments differ per field and form (no fixed hash).
# - script-src-attr, one hash: Jcrop (the focal point tool) tests for touch events by setting the
#   handler "return;"; 'unsafe-hashes' with that hash allows that body and no other handler.
# - style-src-elem 'unsafe-inline': Draftail (rich text) inserts <style> elements for list levels.
# - img-src blob: (besides the public data:): the thumbnails of images being uploaded.
# - frame-src 'self': the preview panel's iframe (the preview itself is the public page, with
#   the public policy and frame-ancestors 'self', see core/security_headers.py).
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src-elem": ["'self'", "'unsafe-inline'"],
        "script-src-attr": [
            "'unsafe-hashes'",
            "'sha256-i+qr4lq34KgNHiW62lWi9aInEBwiEOrfCzaNPCvkqD8='",  # "return;"
        ],
        "style-src-elem": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'"],
    }
}
# Off everywhere, for the page and every frame in it (the embeds too): nothing of ours uses them.
# Not listed, so still allowed: fullscreen, autoplay, picture-in-picture, encrypted-media (the
# video players), clipboard-write (the admin's copy buttons), publickey-credentials-* (passkeys).
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "browsing-topics",
        "camera",
        "clipboard-read",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    ]
}
# The single sign-on providers' origins join the public form-action (accounts/sso.py).
CSP_FORM_ACTION_SOURCES = "accounts.sso.issuer_origins"

# Retention (issue 13) -------------------------------------------------------------------------
# Days readers' data is kept before `manage.py apply_retention` (daily) blanks, deletes or folds
# it (core/retention.py; the rules in insights/retention.py and search/retention.py). The defaults
# are stated on the Personuppgifter page (municipalities/site_structure.toml), and
# tests/test_retention.py keeps the two in step. Unset or empty: the default; 0: kept for good.
RETENTION_DEFAULT_DAYS = {
    # A reader may name someone in a comment; a year is time enough to read and act on it. The
    # yes/no answer stays for the statistics.
    "RETENTION_FEEDBACK_COMMENT_DAYS": 365,
    # Query text may hold a name; 13 months still compares a week with the same week last year.
    "RETENTION_SEARCH_LOG_DAYS": 395,
    # No personal data, only volume: after 25 months the days of a month become one row per page
    # and month, with the same sums, so years can still be compared.
    "RETENTION_PAGE_VIEW_DAYS": 760,
    # An address entered on /prenumerera/ but never confirmed: nobody has consented to anything.
    # The confirmation link is valid as long (subscriptions/tokens.py).
    "RETENTION_UNCONFIRMED_SUBSCRIBER_DAYS": 3,
    # Which address was sent which article: kept a month to answer "I never got it".
    "RETENTION_SUBSCRIPTION_MAIL_LOG_DAYS": 30,
}


def retention_days(name: str) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return RETENTION_DEFAULT_DAYS[name]
    if not (value.isascii() and value.isdigit()):  # negative, fractional or not a number
        raise ImproperlyConfigured(
            f"{name}={value!r}: ange ett antal dagar, 0 eller fler (0 = spara utan gräns)."
        )
    return int(value)


RETENTION_FEEDBACK_COMMENT_DAYS = retention_days("RETENTION_FEEDBACK_COMMENT_DAYS")
RETENTION_SEARCH_LOG_DAYS = retention_days("RETENTION_SEARCH_LOG_DAYS")
RETENTION_PAGE_VIEW_DAYS = retention_days("RETENTION_PAGE_VIEW_DAYS")
RETENTION_UNCONFIRMED_SUBSCRIBER_DAYS = retention_days("RETENTION_UNCONFIRMED_SUBSCRIBER_DAYS")
RETENTION_SUBSCRIPTION_MAIL_LOG_DAYS = retention_days("RETENTION_SUBSCRIPTION_MAIL_LOG_DAYS")
# Security headers, continued -------------------------------------------------------------------
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Uploaded images, audio and video are public, and the read-only API (/api/v2/) hands their
# addresses to the municipalities, whose intranets (other sites) show them: `same-site` would
# block those, so `cross-origin`. In production the proxy serves MEDIA_URL itself (README).
CROSS_ORIGIN_RESOURCE_POLICY_PATHS = {MEDIA_URL: "cross-origin"}
# Editors' avatars from Gravatar would send their e-mail hashes to another host (and need it in
# img-src): the admin shows the editor's uploaded avatar or its default one instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
