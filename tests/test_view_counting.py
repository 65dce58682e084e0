"""Readers' page views are counted on the server: no cookie, nothing about the reader stored, no
bots, no logged-in editors, no previews, and no count lost when many readers arrive at once."""

import concurrent.futures
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from blog.factories import ArticlePageFactory
from core.page_cache import CACHE_ALIAS
from insights.models import PageViewDay
from municipalities.factories import MunicipalityPageFactory
from tests.factories import baseline

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0 Testläsare-7f3a"
READER_ADDRESS = "203.0.113.77"


def views_of(page) -> int:
    row = PageViewDay.objects.filter(page=page, day=timezone.localdate()).first()
    return row.views if row else 0


def read(client, page, agent=BROWSER, **headers):
    return client.get(page.url, HTTP_USER_AGENT=agent, REMOTE_ADDR=READER_ADDRESS, **headers)


def test_a_reader_view_counts_once_and_sets_no_cookie(client, article):
    response = read(client, article)
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert views_of(article) == 1
    read(client, article)
    assert views_of(article) == 2
    assert PageViewDay.objects.count() == 1, "one row per page and day, not one per view"


def test_article_and_section_views_are_counted_for_the_municipality(client, article, municipality):
    read(client, article)
    read(client, municipality)
    rows = PageViewDay.objects.order_by("page_id")
    assert [(row.page_id, row.municipality_id, row.views) for row in rows] == sorted(
        [(article.pk, municipality.pk, 1), (municipality.pk, municipality.pk, 1)]
    )


def test_nothing_about_the_reader_is_stored_anywhere(client, article):
    read(client, article)
    assert views_of(article) == 1
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'inet')"""
        )
        columns = cursor.fetchall()
        for table, column in columns:
            cursor.execute(
                f'SELECT COUNT(*) FROM "{table}" WHERE "{column}"::text LIKE %s OR "{column}"::text LIKE %s',
                [f"%{READER_ADDRESS}%", "%Testläsare-7f3a%"],
            )
            assert cursor.fetchone()[0] == 0, (
                f"{table}.{column} holds the reader's address or agent"
            )
    assert {field.name for field in PageViewDay._meta.get_fields()} == {
        "id",
        "day",
        "page",
        "municipality",
        "views",
    }


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0",
        "python-requests/2.32",
        "curl/8.5.0",
        "",
    ],
)
def test_bots_and_scripts_are_not_counted(client, article, agent):
    assert read(client, article, agent=agent).status_code == 200
    assert views_of(article) == 0


def test_browser_prefetches_are_not_counted(client, article):
    read(client, article, HTTP_SEC_PURPOSE="prefetch")
    assert views_of(article) == 0


def test_logged_in_editors_are_not_counted(client, article):
    editor = get_user_model().objects.create_superuser("redaktor", "r@example.se", "lösenord-123")
    client.force_login(editor)
    assert read(client, article).status_code == 200
    assert views_of(article) == 0


def test_previews_are_not_counted(article):
    original = RequestFactory().get("/", HTTP_USER_AGENT=BROWSER)
    response = article.make_preview_request(original_request=original)
    assert response.status_code == 200
    assert views_of(article) == 0


def test_listing_and_search_pages_are_not_counted_as_article_views(client, article):
    client.get("/artiklar/", HTTP_USER_AGENT=BROWSER)
    client.get("/sok/", {"q": "modersmål"}, HTTP_USER_AGENT=BROWSER)
    assert PageViewDay.objects.count() == 0


def test_views_of_cached_pages_count_too(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches[CACHE_ALIAS].clear()
    try:
        headers = [read(client, article)["X-Page-Cache"] for _ in range(3)]
    finally:
        caches[CACHE_ALIAS].clear()
    assert headers == ["miss", "hit", "hit"]
    assert views_of(article) == 3


def test_views_on_other_days_are_separate_rows(article, municipality):
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    PageViewDay.record(yesterday, article.pk, municipality.pk)
    PageViewDay.record(timezone.localdate(), article.pk, municipality.pk)
    PageViewDay.record(timezone.localdate(), article.pk, municipality.pk)
    assert dict(PageViewDay.objects.values_list("day", "views")) == {
        yesterday: 1,
        timezone.localdate(): 2,
    }


@pytest.mark.django_db(transaction=True)
def test_concurrent_views_all_count(live_server):
    # A transactional test that ran before may have flushed what the migrations created.
    municipality = MunicipalityPageFactory(parent=baseline(), title="Bjuv", slug="bjuv")
    article = ArticlePageFactory(parent=municipality, title="Samtidiga läsare", slug="samtidiga")
    url = live_server.url + article.url
    requests = 60

    def view(_):
        request = urllib.request.Request(url, headers={"User-Agent": BROWSER})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status

    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(view, range(requests)))
    assert statuses == [200] * requests
    assert views_of(article) == requests


def test_a_failing_count_does_not_keep_the_page_from_the_reader(client, article, monkeypatch):
    from django.db import DatabaseError

    def broken(*args):
        raise DatabaseError("database unavailable for writes")

    monkeypatch.setattr(PageViewDay, "record", broken)
    response = read(client, article)
    assert response.status_code == 200
    assert "Modersmål som resurs" in response.content.decode()
