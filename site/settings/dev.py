"""Local development: `make run`. Embedded PostgreSQL unless DATABASE_URL is set."""

import os
import warnings

from .base import *  # noqa: F403
from .base import database_settings, env_bool

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-not-for-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
DATABASES = {"default": database_settings(allow_embedded=True)}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Passwords of the demo accounts are printed by seed_demo only where this is True.
SHOW_DEMO_PASSWORDS = True
# The demo's editor accounts sign in with a password only (`make run`); MFA_REQUIRED=1 tries the
# second-factor policy locally, as production enforces it.
MFA_REQUIRED = env_bool("MFA_REQUIRED", False)
# Pages change on every save while developing; caching them would only confuse.
PAGE_CACHE_SECONDS = 0

# Static files straight from the source folders: no collectstatic before running.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at")
