"""Two machines serving one site (README, "More than one machine"): two gunicorn processes on
different ports share the test database and a real Redis (scripts/cache-server), as two machines
share PostgreSQL and Redis. A publication through one empties the page cache of both; the views
each counts in memory add up exactly once both have written them."""

import os

import pytest
import redis
from django.urls import reverse

from blog.factories import ArticlePageFactory
from core.page_cache import HEADER
from insights.models import PageViewDay
from municipalities.factories import MunicipalityPageFactory
from tests.factories import baseline
from tests.servers import Server

CACHE_SERVER_URL = os.environ.get("CACHE_SERVER_URL", "redis://127.0.0.1:6391")
# Databases of their own on the cache server, emptied first: a developer's Redis keeps its data.
CACHE_DATABASE, PAGE_CACHE_DATABASE = 14, 15
SITE_HOST = "localhost"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cache_server():
    """The Redis of scripts/cache-server, its two test databases empty; skips (fails with
    REQUIRE_CACHE_SERVER=1, as in CI) when it does not answer."""
    clients = [
        redis.Redis.from_url(f"{CACHE_SERVER_URL}/{number}")
        for number in (CACHE_DATABASE, PAGE_CACHE_DATABASE)
    ]
    try:
        for client in clients:
            client.flushdb()
    except redis.RedisError as error:
        message = (
            f"Ingen Redis svarar på {CACHE_SERVER_URL} ({error}); starta scripts/cache-server."
        )
        if os.environ.get("REQUIRE_CACHE_SERVER") == "1":
            pytest.fail(message)
        # The only skip allowed here: a developer's machine without Redis. CI sets
        # REQUIRE_CACHE_SERVER=1, which turns this into the failure above.
        pytest.skip(message + " REQUIRE_CACHE_SERVER är inte satt.")
    yield CACHE_SERVER_URL
    for client in clients:
        client.flushdb()
        client.close()


@pytest.fixture
def machines(cache_server, tmp_path):
    environment = {
        "TEST_SERVER_CACHE_LOCATION": f"{cache_server}/{CACHE_DATABASE}",
        "TEST_SERVER_PAGE_CACHE_LOCATION": f"{cache_server}/{PAGE_CACHE_DATABASE}",
        # Views are written when the server stops, not on a timer, so the test knows when.
        "VIEW_COUNT_SECONDS": "3600",
    }
    # Shared media storage, as production shares it between machines.
    # Behind one load balancer: both get the site's one host name.
    servers = [Server(tmp_path / "media", host=SITE_HOST, **environment) for _ in range(2)]
    yield servers
    for server in servers:
        if server.process.poll() is None:
            server.process.kill()
            server.process.communicate()


def signed_in_session(client, user) -> str:
    """A session cookie for `user`, stored in the shared database as a sign-in stores it."""
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def test_a_publication_through_one_machine_empties_the_cache_of_both(machines, client, admin_user):
    first, second = machines
    municipality = MunicipalityPageFactory(parent=baseline(), title="Bjuv", slug="bjuv")
    article = ArticlePageFactory(parent=municipality, title="Före", slug="flera-maskiner")

    status, headers, body = first.get(article.url)
    assert status == 200 and "Före" in body and headers[HEADER] == "miss"  # built, then cached
    status, headers, body = second.get(article.url)
    assert status == 200 and headers[HEADER] == "hit"  # the other machine's page, from Redis
    assert "Före" in body

    # An editor's draft changes nothing readers see: the cached page stays.
    draft = article.specific
    draft.title = "Efter"
    draft.save_revision(user=admin_user)
    assert second.get(article.url)[1][HEADER] == "hit"

    # The chief editor publishes it through the first machine's admin.
    cookie = signed_in_session(client, admin_user)
    publish = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    path = f"{publish}?id={article.pk}"
    status, headers, form = first.get(path, Cookie=cookie)
    assert status == 200, form
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    csrf_cookie = headers.get_all("Set-Cookie")
    csrf = next(part.split(";")[0] for part in csrf_cookie if part.startswith("csrftoken="))
    first.post(
        path,
        {"csrfmiddlewaretoken": token, "include_descendants": ""},
        Cookie=f"{cookie}; {csrf}",
        Referer=first.url(path),
    )
    article.refresh_from_db()
    assert article.title == "Efter" and article.live

    # Both machines build the page again: neither serves the old one.
    for machine in (second, first):
        status, headers, body = machine.get(article.url)
        assert status == 200 and "Efter" in body and "Före" not in body


def test_views_counted_on_two_machines_add_up_exactly(machines):
    first, second = machines
    municipality = MunicipalityPageFactory(parent=baseline(), title="Bjuv", slug="bjuv")
    article = ArticlePageFactory(parent=municipality, title="Räknad", slug="raknad")
    for machine, reads in ((first, 7), (second, 5)):
        for _ in range(reads):
            assert machine.get(article.url)[0] == 200
    # Cached after the first read, and still counted: the count is not in the cached page.
    assert second.get(article.url)[1][HEADER] == "hit"
    assert not PageViewDay.objects.filter(page=article).exists(), "written before the flush"
    for machine in machines:
        machine.stop()
    assert PageViewDay.objects.get(page=article).views == 7 + 5 + 1
