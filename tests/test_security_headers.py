"""Security headers over HTTP (issue 12): Content-Security-Policy, Permissions-Policy,
Cross-Origin-Resource-Policy and frame-ancestors on public pages, the admin, Wagtail's preview,
media and documents; and production's deployment checklist with them in place. That browsers
really run the site under these policies is shown in tests/test_accessibility.py, where every
journey ends without a `securitypolicyviolation`."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import include, path, re_path, reverse
from django.views.static import serve
from wagtail.documents import get_document_model

from media_library.models import FileSettings
from pedagogsajten import urls as site_urls
from tests.editorial import article_form_data

ROOT = Path(__file__).resolve().parent.parent

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-src": [
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
    ],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src-elem": ["'self'", "'unsafe-inline'"],
    # Only the handler body "return;" (Jcrop's feature test), no other inline handler.
    "script-src-attr": ["'unsafe-hashes'", "'sha256-i+qr4lq34KgNHiW62lWi9aInEBwiEOrfCzaNPCvkqD8='"],
    "style-src-elem": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],  # the preview panel
}
PERMISSIONS_OFF = ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]


def media_file(request, path):
    """Uploaded files as `make run` serves them (DEBUG): through Django, so through the
    middleware. In production the proxy serves MEDIA_URL (README)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# This module is also the URLconf of the media test: the site's, with media served by Django.
urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", media_file),
    path("", include(site_urls)),
]


def policy(response, header="Content-Security-Policy") -> dict[str, list[str]]:
    """The header's directives, name → sources."""
    directives = {}
    for part in response[header].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_common_headers(response, resource_policy="same-origin"):
    permissions = response["Permissions-Policy"]
    for feature in PERMISSIONS_OFF:
        assert f"{feature}=()" in permissions
    assert "fullscreen" not in permissions  # the embedded players may still go full screen
    assert response["Cross-Origin-Resource-Policy"] == resource_policy


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@kommun.example", "lösen-123")


def test_public_article_page(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    assert policy(response) == PUBLIC_POLICY
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert_common_headers(response)


def test_home_page(client, home):
    response = client.get("/")
    assert response.status_code == 200
    assert policy(response) == PUBLIC_POLICY
    assert_common_headers(response)


def test_pages_from_the_page_cache_get_the_headers_too(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get(article.url)
    cached = client.get(article.url)
    assert cached["X-Page-Cache"] == "hit"
    assert policy(cached) == PUBLIC_POLICY
    assert_common_headers(cached)


def test_not_found_page_and_static_files(client, home):
    not_found = client.get("/finns-inte/")
    assert not_found.status_code == 404
    assert policy(not_found) == PUBLIC_POLICY
    static = client.get("/static/js/site.js")
    assert static.status_code == 200
    assert policy(static) == PUBLIC_POLICY
    assert_common_headers(static)


def test_admin_page(client, superuser, home):
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert policy(response) == ADMIN_POLICY
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert_common_headers(response)


def test_admin_sign_in_page_is_public(client, home):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert policy(response) == PUBLIC_POLICY


def test_preview_may_be_framed_by_the_admin_only(client, superuser, article):
    client.force_login(superuser)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    assert client.post(preview_url, article_form_data(article)).json()["is_valid"]
    response = client.get(preview_url + "?in_preview_panel=true")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # The page as readers get it (Wagtail runs the page's request through the middleware), which
    # the admin's preview panel may frame.
    assert policy(response) == {**PUBLIC_POLICY, "frame-ancestors": ["'self'"]}


def test_single_sign_on_providers_may_receive_the_sign_in_form(client, home, settings):
    settings.SSO_PROVIDERS_JSON = json.dumps(
        [
            {
                "id": "bjuv",
                "name": "Bjuvs kommun",
                "issuer": "https://login.bjuv.se/realms/skola",
                "client_id": "pedagogsajten",
                "client_secret": "hemligt",
            }
        ]
    )
    response = client.get(reverse("account_login"))
    assert policy(response)["form-action"] == ["'self'", "https://login.bjuv.se"]
    admin = client.get(reverse("wagtailadmin_home"))
    assert policy(admin)["form-action"] == ["'self'"]


def test_document_download(client, home):
    document = get_document_model()(title="Lektionsplanering")
    document.file.save("lektion.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    FileSettings.load().public_collections.add(document.collection)  # public without a page
    response = client.get(document.url)
    assert response.status_code == 200
    # Wagtail's own policy for a download, never framed by another site.
    assert policy(response) == {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}
    assert_common_headers(response)


@pytest.mark.urls(__name__)
def test_media_may_be_shown_on_other_sites(client, home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    response = client.get("/media/images/bild.png")
    assert response.status_code == 200
    assert policy(response) == PUBLIC_POLICY
    # The API's images on municipalities' intranets: another site, so not `same-site`.
    assert_common_headers(response, resource_policy="cross-origin")
    api = client.get("/api/v2/pages/")
    assert api["Cross-Origin-Resource-Policy"] == "same-origin"


def test_production_settings_pass_the_deployment_checklist():
    """`check --deploy` with the security headers in place, with production's settings and the
    variables production.py requires (dummy values; the check connects to no database)."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "pedagogsajten.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": "postgres://x@127.0.0.1/x",
        "ALLOWED_HOSTS": "pedagogsajten.se",
        "BASE_URL": "https://pedagogsajten.se",
        "EMAIL_HOST": "smtp.example.se",
    }
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    # The same middleware and policies as here.
    shown = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--verbosity",
            "0",
            "-c",
            "from django.conf import settings; import json; print(json.dumps(["
            "settings.MIDDLEWARE, settings.CONTENT_SECURITY_POLICY,"
            " settings.CONTENT_SECURITY_POLICY_ADMIN]))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    middleware, public, admin = json.loads(shown.stdout)
    assert middleware.index("core.security_headers.SecurityHeadersMiddleware") == 1
    assert public == json.loads(json.dumps(settings.CONTENT_SECURITY_POLICY))
    assert admin == json.loads(json.dumps(settings.CONTENT_SECURITY_POLICY_ADMIN))
