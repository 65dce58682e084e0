"""Readers' page views are counted on the server: no cookie, nothing about the reader stored, no
bots, no logged-in editors, no previews; views kept in memory and written together, and no count
lost when many readers arrive at once, when a write fails or when the server stops."""

import concurrent.futures
import time
import urllib.parse
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.factories import ArticlePageFactory
from core.page_cache import CACHE_ALIAS
from insights import counting
from insights.models import PageViewDay
from municipalities.factories import MunicipalityPageFactory
from tests.factories import baseline
from tests.servers import Server

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0 Testläsare-7f3a"
READER_ADDRESS = "203.0.113.77"


@pytest.fixture(autouse=True)
def no_views_left_over():
    """Each test starts and ends with no views pending in this process."""
    counting.views.clear()
    yield
    counting.views.clear()


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
    counting.views.add((yesterday, article.pk, municipality.pk))
    counting.views.add((timezone.localdate(), article.pk, municipality.pk))
    counting.views.add((timezone.localdate(), article.pk, municipality.pk))
    counting.views.flush()
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
    # Each server thread writes after its response's last byte: the last may still be writing.
    deadline = time.monotonic() + 5
    while views_of(article) < requests and time.monotonic() < deadline:
        time.sleep(0.05)
    assert views_of(article) == requests


def test_a_failed_write_keeps_the_page_and_the_count(client, article, monkeypatch):
    original = counting.views._write
    failures = []

    def failing_once(batch, cursor):
        if not failures:
            failures.append(batch)
            raise DatabaseError("database unavailable for writes")
        original(batch, cursor)

    monkeypatch.setattr(counting.views, "_write", failing_once)
    response = read(client, article)
    assert response.status_code == 200
    assert "Modersmål som resurs" in response.content.decode()
    assert failures and views_of(article) == 0 and counting.views.pending() == 1
    read(client, article)
    assert views_of(article) == 2


# Batched writing (the production settings) ---------------------------------------------------


@pytest.fixture
def batched(settings):
    """Views written every hour or when 1,000 pages are pending: only a flush writes them."""
    settings.VIEW_COUNT_SECONDS = 3600
    settings.VIEW_COUNT_PAGES = 1000
    return settings


def test_views_are_kept_in_memory_and_written_in_one_statement(
    client, article, municipality, batched
):
    for page in (article, article, municipality, article, municipality):
        assert read(client, page).status_code == 200
    assert not PageViewDay.objects.exists(), "no write per view"
    assert counting.views.pending() == 5
    with CaptureQueriesContext(connection) as queries:
        counting.views.flush()
    inserts = [query["sql"] for query in queries if "INSERT" in query["sql"]]
    assert len(inserts) == 1, inserts
    assert views_of(article) == 3 and views_of(municipality) == 2
    assert counting.views.pending() == 0


def test_enough_pending_pages_are_written_at_once(client, article, municipality, batched):
    batched.VIEW_COUNT_PAGES = 2
    read(client, article)
    read(client, article)
    assert not PageViewDay.objects.exists(), "one page pending: still in memory"
    read(client, municipality)
    assert (views_of(article), views_of(municipality)) == (2, 1)
    assert counting.views.pending() == 0


@pytest.mark.django_db(transaction=True)
def test_a_quiet_worker_writes_its_views_within_the_interval(client, settings):
    municipality = MunicipalityPageFactory(parent=baseline(), title="Bjuv", slug="bjuv")
    article = ArticlePageFactory(parent=municipality, title="Tyst arbetare", slug="tyst")
    settings.VIEW_COUNT_SECONDS = 1.0
    started = time.monotonic()
    read(client, article)
    read(client, article)
    if time.monotonic() - started < 0.9:  # a very slow machine may have passed the interval
        assert not PageViewDay.objects.exists(), "written before the interval had passed"
    # No further request comes: the worker's timer writes them.
    deadline = time.monotonic() + 5
    while not PageViewDay.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert PageViewDay.objects.get(page=article).views == 2
    assert counting.views.pending() == 0


@pytest.mark.django_db(transaction=True)
def test_stopping_the_server_writes_every_pending_view(tmp_path):
    """gunicorn as production runs it, stopped as a deployment or restart stops it (SIGTERM):
    its worker writes what it counted on the way out."""
    municipality = MunicipalityPageFactory(parent=baseline(), title="Bjuv", slug="bjuv")
    article = ArticlePageFactory(parent=municipality, title="Omstart", slug="omstart")
    server = Server(tmp_path / "media", VIEW_COUNT_SECONDS="3600")
    try:
        for _ in range(5):
            assert server.get(article.url, agent=BROWSER)[0] == 200
        assert not PageViewDay.objects.exists(), "the server wrote before it stopped"
    finally:
        server.stop()
    assert PageViewDay.objects.get(page=article).views == 5
