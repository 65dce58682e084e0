"""`make bench`: its own database on the embedded server, DEBUG off (no query log in memory)."""

import os

os.environ.setdefault("EMBEDDED_PG_DATABASE", "pedagogsajten_bench")

from .dev import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
