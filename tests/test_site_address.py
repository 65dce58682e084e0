"""Canonical links, og:url, the sitemap, feeds and e-mails name the public address (BASE_URL),
not Wagtail's migration default http://localhost/."""

from django.apps import apps
from django.core import mail
from wagtail.models import Site

from core.signal_handlers import give_the_site_its_public_address
from core.sites import align_default_site
from municipalities.notifications import notify_article_published

PUBLIC = "https://pedagogsajten.se"


def test_absolute_links_use_the_public_address(client, article):
    assert align_default_site(PUBLIC)
    expected = f"{PUBLIC}/landskrona/modersmal-som-resurs/"
    html = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="{expected}">' in html
    assert f'<meta property="og:url" content="{expected}">' in html
    assert f"<loc>{expected}</loc>" in client.get("/sitemap.xml").content.decode()
    assert f"<link>{expected}</link>" in client.get("/flode/rss/").content.decode()

    article.owner = None
    notify_article_published(article)  # no writer e-mail here; the contact list may be empty
    for message in mail.outbox:
        assert expected in message.body


def test_a_port_other_than_the_schemes_is_kept(article):
    align_default_site("http://127.0.0.1:8000")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert article.full_url == "http://127.0.0.1:8000/landskrona/modersmal-som-resurs/"
    assert not align_default_site("http://127.0.0.1:8000")  # already so: nothing to change


def test_every_migrate_aligns_the_site_when_base_url_is_set(settings, db):
    wagtail = apps.get_app_config("wagtailcore")
    settings.SITE_BASE_URL = ""
    give_the_site_its_public_address(sender=wagtail, app_config=wagtail)
    assert Site.objects.get(is_default_site=True).hostname == "localhost"

    settings.SITE_BASE_URL = PUBLIC
    give_the_site_its_public_address(sender=wagtail, app_config=wagtail)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("pedagogsajten.se", 443, PUBLIC)
