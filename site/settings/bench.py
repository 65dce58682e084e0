"""`make bench`: its own database on the embedded server, and otherwise as production serves:
DEBUG off, hashed static files served by WhiteNoise, the page cache as configured by the
environment (the HTTP benchmark runs once with it off and once with it on)."""

import os

os.environ.setdefault("EMBEDDED_PG_DATABASE", "pedagogsajten_bench")

from .dev import *  # noqa: E402, F403
from .dev import VAR_DIR, cache_backend  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# The subscription benchmark's worker sends to a local SMTP sink on this port.
if os.environ.get("BENCH_SMTP_PORT"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = int(os.environ["BENCH_SMTP_PORT"])
    EMAIL_USE_TLS = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}

STATIC_ROOT = VAR_DIR / "bench" / "static"
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "media_library.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
CACHES = {
    "default": cache_backend(str(VAR_DIR / "bench" / "cache")),
    "pages": cache_backend(
        os.environ.get("PAGE_CACHE_LOCATION", str(VAR_DIR / "bench" / "page-cache"))
    ),
}
