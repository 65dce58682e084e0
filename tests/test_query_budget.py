"""SQL queries per page stay within a fixed budget and do not grow with the number of items shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.factories import ArticlePageFactory, AuthorFactory, SchoolFormFactory, ThemeFactory
from home.factories import standard_page
from media_library.factories import SiteImageFactory

# Measured with Wagtail 8.0: routing and view-restriction checks take about half of each budget
# (site, one query per path level, restrictions per `.public()`); the rest is what the page shows.
# Home: the featured and the latest articles each cost a listing query with its prefetches.
HOME_BUDGET = 20
# Municipality: its articles come with the search filters: per facet (4) a count query and a
# read of the small term table (faster than one annotated query, measured), plus the ids.
MUNICIPALITY_BUDGET = 24
ARTICLE_BUDGET = 25


def add_articles(municipality, number, offset=0):
    theme = ThemeFactory(slug="narvaro", name="Närvaro")
    forms = [SchoolFormFactory(slug="grundskola-7-9", name="Grundskola 7–9")]
    for index in range(offset, offset + number):
        article = ArticlePageFactory(
            parent=municipality,
            title=f"Artikel {index}",
            school_forms=forms,
            themes=[theme],
            authors=[
                AuthorFactory(photo=SiteImageFactory()),
                AuthorFactory(municipality=municipality),
            ],
        )
        article.hero_image = SiteImageFactory()
        article.hero_image_alt = "Beskrivning"
        article.save()


def queries_for(client, url):
    client.get(
        url
    )  # the first view of an image makes its renditions; budgets are for the views after
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def with_fixed_pages(home):
    standard_page()


def feature_two_articles(home, municipality):
    from home.models import HomePageFeaturedArticle

    for position, article in enumerate(municipality.get_children().specific()[:2]):
        HomePageFeaturedArticle.objects.create(page=home, article=article, sort_order=position)


def test_home_page_budget_does_not_grow_with_articles(
    client, home, municipality, with_fixed_pages, django_assert_max_num_queries
):
    add_articles(municipality, 2)
    feature_two_articles(home, municipality)
    few = queries_for(client, "/")
    add_articles(municipality, 7, offset=2)
    many = queries_for(client, "/")
    assert many == few
    with django_assert_max_num_queries(HOME_BUDGET):
        client.get("/")


def test_municipality_page_budget_does_not_grow_with_articles(
    client, municipality, with_fixed_pages, django_assert_max_num_queries
):
    add_articles(municipality, 2)
    few = queries_for(client, municipality.url)
    add_articles(municipality, 10, offset=2)
    many = queries_for(client, municipality.url)
    assert many == few
    with django_assert_max_num_queries(MUNICIPALITY_BUDGET):
        client.get(municipality.url)


def test_article_page_budget_does_not_grow_with_related_articles(
    client, municipality, with_fixed_pages, django_assert_max_num_queries
):
    add_articles(municipality, 2)
    article = municipality.get_children().live().specific().last()
    few = queries_for(client, article.url)
    add_articles(municipality, 6, offset=2)
    many = queries_for(client, article.url)
    assert many == few
    with django_assert_max_num_queries(ARTICLE_BUDGET):
        client.get(article.url)
