"""Production: everything from the environment; refuses to start when something required is missing."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import database_settings, env_bool, env_list

REQUIRED = {
    "SECRET_KEY": "en lång slumpmässig nyckel för signering av sessioner och formulär",
    "DATABASE_URL": "PostgreSQL-servern, t.ex. postgres://användare:lösenord@db.example.se:5432/pedagogsajten",
    "ALLOWED_HOSTS": "värdnamn som sajten svarar på, kommaseparerade, t.ex. pedagogsajten.se",
    "BASE_URL": "sajtens publika adress, t.ex. https://pedagogsajten.se (används i e-post från admin)",
    "EMAIL_HOST": "SMTP-server för arbetsflödets e-postnotiser och prenumerationsmejlen, t.ex. smtp.helsingborg.se",
}
missing = [name for name in REQUIRED if not os.environ.get(name)]
if missing:
    details = "\n".join(f"  {name}: {REQUIRED[name]}" for name in missing)
    raise ImproperlyConfigured(
        "Pedagogsajten kan inte starta: dessa miljövariabler saknas:\n" + details
    )

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", os.environ["BASE_URL"])
DATABASES = {"default": database_settings(allow_embedded=False)}
SHOW_DEMO_PASSWORDS = False

# Behind a TLS-terminating proxy or load balancer.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed file names (and gzip copies) so browsers may cache CSS/JS for a year; WhiteNoise
    # serves them with `Cache-Control: max-age=315360000, public, immutable`.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ["EMAIL_HOST"]
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

# HSTS for subdomains and the preload list bind the whole domain; that is the domain owner's call,
# so they are opt-in here and their deploy-check warnings silenced.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W005", "security.W021"]  # noqa: F405
