"""pytest: real PostgreSQL (embedded unless DATABASE_URL is set), throwaway media folder."""

import os
import tempfile
import warnings
from pathlib import Path

from .base import *  # noqa: F403
from .base import cache_backend, database_settings

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": database_settings(allow_embedded=True)}
# Two suites on one server (a second checkout, a helper's run) each need their own test database.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
MEDIA_ROOT = Path(
    os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="pedagogsajten-media-")
)
PRIVATE_MEDIA_ROOT = MEDIA_ROOT.parent / f"{MEDIA_ROOT.name}-private"
SENDFILE_ROOT = str(PRIVATE_MEDIA_ROOT)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SHOW_DEMO_PASSWORDS = False
# Tests sign in with Django's test client, which has no second step; the second-factor tests turn
# the requirement on (tests/test_sign_in.py), as production has it.
MFA_REQUIRED = False
# The page cache is off unless a test turns it on (tests/test_page_cache.py): other tests look at
# what one request does, not at what an earlier request left behind.
PAGE_CACHE_SECONDS = 0
# Views are written after each request, as tests read them; tests/test_view_counting.py turns
# the batching on (and sets it for a server it starts).
VIEW_COUNT_SECONDS = float(os.environ.get("VIEW_COUNT_SECONDS", 0))
# Tests that want the search results cache turn it on; others must not see an earlier test's answers.
SEARCH_RESULTS_CACHE_SECONDS = 0
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# A server a test starts as one of several machines (tests/test_multi_machine.py) shares a real
# Redis with the others, as production does.
if os.environ.get("TEST_SERVER_CACHE_LOCATION"):
    CACHES = {
        "default": cache_backend(os.environ["TEST_SERVER_CACHE_LOCATION"]),
        "pages": cache_backend(os.environ["TEST_SERVER_PAGE_CACHE_LOCATION"]),
    }
    PAGE_CACHE_SECONDS = 600

# Static files straight from the source folders: no collectstatic before running.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at")
