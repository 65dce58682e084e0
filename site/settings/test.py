"""pytest: real PostgreSQL (embedded unless DATABASE_URL is set), throwaway media folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import database_settings

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": database_settings(allow_embedded=True)}
MEDIA_ROOT = Path(
    os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="pedagogsajten-media-")
)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SHOW_DEMO_PASSWORDS = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
