"""A reader's page is found from the cache (core/route_cache.py), and the cache never shows a page
where, or to whom, Wagtail would not: who may see a page is asked of the database every time."""

import warnings
from unittest import mock

from django.contrib.auth.models import Group
from django.core.cache.backends.base import CacheKeyWarning
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from blog.factories import ArticlePageFactory, paragraph
from core import fragment_cache, route_cache
from municipalities.factories import MunicipalityPageFactory
from tests.factories import publish


def queries_and_status(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        status = client.get(url).status_code
    return len(context.captured_queries), status


def test_a_second_reader_gets_the_article_from_two_queries(client, municipality):
    article = ArticlePageFactory(parent=municipality, body=[paragraph("Vi läste tillsammans.")])
    first, status = queries_and_status(client, article.url)
    assert status == 200
    # The site and the route come from the cache: the article's row and its view restrictions
    # are the two queries (its body and the rest of the page are fragments cached by the first
    # view).
    assert queries_and_status(client, article.url) == (2, 200)
    assert first > 1
    assert "Vi läste tillsammans." in client.get(article.url).content.decode()


def test_a_long_address_is_kept_too(client, municipality):
    # Slugs may be 255 characters: the address is longer than a cache key should be.
    article = ArticlePageFactory(parent=municipality, slug="utomhuslek-" + "x" * 240)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        assert client.get(article.url).status_code == 200
        assert queries_and_status(client, article.url) == (2, 200)


def test_an_unpublished_article_is_gone_at_once(client, municipality):
    article = ArticlePageFactory(parent=municipality)
    assert client.get(article.url).status_code == 200
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_a_kept_route_is_not_believed_when_the_page_changed_behind_its_back(client, municipality):
    article = ArticlePageFactory(parent=municipality)
    url = article.url
    assert client.get(url).status_code == 200
    # Changed without Wagtail's signals (a bulk update, another machine without a shared cache):
    # the kept route's page is no longer live, so the request is routed in full.
    Page.objects.filter(pk=article.pk).update(live=False)
    assert client.get(url).status_code == 404


def test_a_moved_article_is_sent_on_to_its_new_address(client, home, municipality):
    other = MunicipalityPageFactory(parent=home, title="Bjuv", slug="bjuv")
    article = ArticlePageFactory(parent=municipality, slug="utomhuslek")
    old_url = article.url
    assert client.get(old_url).status_code == 200
    article.move(other, pos="last-child")
    # Wagtail's redirect made on moving answers, not the route kept for the old address.
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == "/bjuv/utomhuslek/"
    assert client.get("/bjuv/utomhuslek/").status_code == 200


def test_a_section_made_private_hides_its_kept_articles(client, municipality):
    article = ArticlePageFactory(parent=municipality)
    client.get(article.url)
    assert queries_and_status(client, article.url) == (2, 200)
    restriction = PageViewRestriction.objects.create(
        page=municipality, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Redaktörer i Landskrona"))
    response = client.get(article.url)
    assert response.status_code == 302 and "/_util/login/" in response["Location"]
    # Wagtail's own sign-in page for readers still answers beside the cached page view.
    assert client.get(response["Location"]).status_code == 200


def test_a_private_page_is_checked_on_every_request(client, municipality):
    article = ArticlePageFactory(parent=municipality)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response = client.get(article.url)
        assert response.status_code == 302 and "/_util/login/" in response["Location"]


def test_a_page_made_private_is_refused_even_when_the_cache_did_not_hear_of_it(
    client, municipality
):
    article = ArticlePageFactory(parent=municipality)
    for _ in range(2):  # kept as a route
        assert client.get(article.url).status_code == 200
    # Redis fails just as the editor makes the page private: the generation is not renewed and
    # the kept route stays. The page must still be refused.
    with mock.patch.object(fragment_cache, "cache") as failing:
        failing.set.side_effect = ConnectionError("borta")
        PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302 and "/_util/login/" in response["Location"]


def test_a_password_on_a_kept_page_is_asked_for(client, municipality):
    article = ArticlePageFactory(parent=municipality, body=[paragraph("Bara för föräldrarna.")])
    assert "Bara för föräldrarna." in client.get(article.url).content.decode()
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200 and 'type="password"' in html
    assert "Bara för föräldrarna." not in html


def test_a_kept_route_that_no_longer_makes_sense_is_routed_in_full(client, municipality):
    article = ArticlePageFactory(parent=municipality)
    client.get(article.url)
    token = fragment_cache.generation()
    site = Site.objects.get(is_default_site=True)
    path = article.url.lstrip("/")
    # An entry naming a content type that is gone (stale content types removed after an app was).
    route_cache.cache.set(route_cache._key("page", token, site.pk, path), (999_999, article.pk))
    assert client.get(article.url).status_code == 200


def test_a_new_site_address_is_used_at_once(client, municipality):
    article = ArticlePageFactory(parent=municipality)
    assert client.get(article.url).status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.root_page = municipality
    site.save()
    # The municipality is now the root: the article is at /<slug>/, not under the section.
    assert client.get(f"/{article.slug}/").status_code == 200
    assert client.get(f"/landskrona/{article.slug}/").status_code == 404


def test_pages_are_served_when_the_route_cache_does_not_answer(client, municipality, caplog):
    article = publish(ArticlePageFactory(parent=municipality, body=[paragraph("Texten finns.")]))
    with mock.patch.object(route_cache, "cache") as broken:
        broken.get.side_effect = broken.set.side_effect = ConnectionError("borta")
        for _ in range(2):
            assert "Texten finns." in client.get(article.url).content.decode()
    assert "The route cache does not answer" in caplog.text
