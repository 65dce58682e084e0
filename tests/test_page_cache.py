"""The anonymous page cache: repeated views skip the database, and published changes show at once."""

import resource

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from wagtail.models import PageViewRestriction

from blog.factories import ArticlePageFactory
from core.page_cache import CACHE_ALIAS, HEADER
from media_library.factories import SiteImageFactory
from search.models import SearchQueryDay
from tests.factories import publish


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches[CACHE_ALIAS].clear()
    yield caches[CACHE_ALIAS]
    caches[CACHE_ALIAS].clear()


def test_a_repeated_anonymous_view_is_served_from_the_cache_without_queries(
    client, article, page_cache, django_assert_num_queries
):
    first = client.get(article.url)
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get(article.url)
    assert second.status_code == 200
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert not second.cookies
    assert "Set-Cookie" not in second


def test_publishing_a_change_shows_on_the_next_view(client, article, page_cache):
    client.get(article.url)
    article.title = "Modersmål och svenska som andraspråk"
    article.save_revision().publish()

    response = client.get(article.url)
    assert response[HEADER] == "miss"
    assert "Modersmål och svenska som andraspråk" in response.content.decode()


def test_listings_and_home_show_a_newly_published_article(client, article, page_cache):
    home = article.get_parent().get_parent()
    client.get(home.url)
    client.get("/artiklar/")
    publish(
        ArticlePageFactory(
            parent=article.get_parent(), title="Utomhusmatematik i skogen", live=False
        )
    )

    assert "Utomhusmatematik i skogen" in client.get(home.url).content.decode()
    assert "Utomhusmatematik i skogen" in client.get("/artiklar/").content.decode()


def test_an_unpublished_article_is_gone_at_once(client, article, page_cache):
    url = article.url
    assert client.get(url).status_code == 200
    article.unpublish()
    assert client.get(url).status_code == 404


def test_renaming_a_school_form_shows_on_cached_article(client, article, page_cache):
    school_form = article.school_forms.first()
    client.get(article.url)
    school_form.name = "Förskoleklassen"
    school_form.save()
    assert "Förskoleklassen" in client.get(article.url).content.decode()


def test_logged_in_editors_never_get_or_fill_cached_pages(client, article, page_cache):
    editor = get_user_model().objects.create_superuser("redaktor", "r@example.se", "lösenord-123")
    client.force_login(editor)
    response = client.get(article.url)
    assert HEADER not in response
    client.logout()
    # The anonymous view after the editor's is a miss: nothing of the editor's page was stored.
    assert client.get(article.url)[HEADER] == "miss"


def test_searches_are_not_cached_so_each_one_is_logged(client, article, page_cache):
    for _ in range(2):
        response = client.get("/sok/", {"q": "modersmål"})
        assert HEADER not in response
    assert SearchQueryDay.objects.get(query="modersmål").searches == 2


def test_admin_pages_are_not_cached(client, page_cache, db):
    response = client.get("/admin/login/")
    assert HEADER not in response


def test_turned_off_it_stores_nothing(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    caches[CACHE_ALIAS].clear()
    client.get(article.url)
    assert HEADER not in client.get(article.url)


def test_making_a_page_private_takes_effect_at_once(client, article, page_cache):
    assert client.get(article.url)[HEADER] == "miss"
    assert client.get(article.url)[HEADER] == "hit"
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.LOGIN
    )
    hidden = client.get(article.url)
    assert hidden.status_code == 302 and "Modersmål som resurs" not in hidden.content.decode()

    restriction.delete()
    assert client.get(article.url).status_code == 200


def test_editing_or_deleting_a_file_clears_the_pages_that_show_it(client, article, page_cache):
    image = SiteImageFactory(title="Före")
    client.get(article.url)
    assert client.get(article.url)[HEADER] == "hit"
    image.title = "Efter"
    image.save()
    assert client.get(article.url)[HEADER] == "miss"
    client.get(article.url)
    image.delete()
    assert client.get(article.url)[HEADER] == "miss"


def test_a_page_is_still_served_when_the_cache_cannot_be_written(
    client, article, settings, tmp_path
):
    # The operating system refuses this process any file write (as on a full disk, or when a purge
    # renames the cache folder away in the middle of a write): the reader still gets the page.
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        **settings.CACHES,
        CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "page-cache"),
        },
    }
    caches[CACHE_ALIAS]  # the folder exists before writes stop working
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))
    try:
        response = client.get(article.url)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))

    assert response.status_code == 200
    assert article.title in response.content.decode()
