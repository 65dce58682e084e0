"""Local development: `make run`. Embedded PostgreSQL unless DATABASE_URL is set."""

import os
import warnings

from .base import *  # noqa: F403
from .base import database_settings

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-not-for-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
DATABASES = {"default": database_settings(allow_embedded=True)}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Passwords of the demo accounts are printed by seed_demo only where this is True.
SHOW_DEMO_PASSWORDS = True
# Pages change on every save while developing; caching them would only confuse.
PAGE_CACHE_SECONDS = 0

# Static files straight from the source folders: no collectstatic before running.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at")
