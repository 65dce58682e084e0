"""CSS and JS reach browsers under hashed names with far-future cache headers (production storage)."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client


@pytest.fixture
def collected_static(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


@pytest.mark.parametrize("name", ["css/site.css", "js/site.js"])
def test_hashed_css_and_js_are_cached_for_a_year_and_compressed(collected_static, name, db):
    url = static(name)
    assert url != f"/static/{name}", "the file name carries its content hash"

    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
    assert not response.cookies


def test_pages_link_the_hashed_files(collected_static, client, home):
    html = client.get(home.url).content.decode()
    assert static("css/site.css") in html
    assert static("js/site.js") in html
