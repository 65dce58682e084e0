"""SQL queries per page stay within a fixed budget and do not grow with the number of items shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.factories import (
    ArticlePageFactory,
    AuthorFactory,
    SchoolFormFactory,
    SubjectFactory,
    ThemeFactory,
    every_block_body,
)
from calendar_events.factories import EventPageFactory
from core.fragment_cache import published_content_changed
from home.factories import standard_page
from home.models import StandardPage
from media_library.factories import SiteImageFactory

# Measured with Wagtail 8.0. A page's site and its route come from the cache for every reader
# after the first since the last publication (core/route_cache.py): the page's own row is one
# query, and its view restrictions, always asked of the database, one more. The first reader pays
# the routing (the site, one query per path level, or fewer with core/routing.py).
# Home, for every reader after the first: the page, its restrictions and the sections' links (the
# footer, the featured and latest articles and the school forms' and themes' counts come from the
# fragment cache). Just after a publication they are read once (each list a query with its
# prefetches, each count a grouped query).
HOME_BUDGET = 4
HOME_BUDGET_AFTER_PUBLISHING = 20
# Municipality: its articles come with the search filters: the facets' terms (4 small tables
# and the live sections), then one statement for the counts, the total and the page of ids
# (search/faceted.py; none on the engine), then the cards; and the section's next events
# (calendar_events, issue 17): one query, with their municipality joined and private events left
# out by a subquery, however many there are. Not cached: "upcoming" changes with the clock, not
# only when something is published.
MUNICIPALITY_BUDGET = 16
# Article, for every reader after the first since the last publication: the article with its
# type, section and hero image, in one query, and its view restrictions in another. The
# classification and the byline, like the body, come from the fragment cache. Just after a
# publication they, the body's media (one query per kind: images, documents, audio, video,
# embeds), the related articles, the footer and the routing are read once more (21 measured),
# however many there are.
ARTICLE_BUDGET = 2
ARTICLE_BUDGET_AFTER_PUBLISHING = 21
# Search and listings, without the results cache: the terms (5), the counts and page (1 on
# PostgreSQL, 0 on the engine), the cards (the view restrictions, the pages and 3 prefetches),
# promotions (search only), the footer's pages, the site, and the query log (search only: one
# upsert, between a SAVEPOINT and its RELEASE inside the test's transaction: 3). A cached answer
# saves the terms and the counts. The view restrictions are still read four times (issue 15).
SEARCH_BUDGET = 20
# A fixed page (Om Pedagogsajten, Riktlinjer för skribenter) with every block its editor offers
# (7 measured, with one file of each kind or three): the page (its route from the cache) and its
# view restrictions, then one query per kind of media in the body: embeds, images with their
# renditions, documents, and audio and video (one each); the footer comes from the fragment cache.
STANDARD_PAGE_BUDGET = 7
LISTING_BUDGET = 15


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
    # Two featured and one more: featured articles are not repeated among the latest, which
    # must not be empty for the comparison (an empty list needs no card data).
    add_articles(municipality, 3)
    feature_two_articles(home, municipality)
    # Right after a publication: the featured and latest articles and the counts are read.
    few = cold_queries(client, "/")
    add_articles(municipality, 7, offset=3)
    many = cold_queries(client, "/")
    assert many == few <= HOME_BUDGET_AFTER_PUBLISHING
    # Then, for every reader until the next publication, they come from the fragment cache.
    client.get("/")
    with django_assert_max_num_queries(HOME_BUDGET):
        client.get("/")


def test_municipality_page_budget_does_not_grow_with_articles(
    client, municipality, with_fixed_pages, settings, django_assert_max_num_queries
):
    add_articles(municipality, 2)
    EventPageFactory(parent=municipality)
    few = queries_for(client, municipality.url)
    add_articles(municipality, 10, offset=2)
    for _ in range(4):
        EventPageFactory(parent=municipality)
    many = queries_for(client, municipality.url)
    assert many == few
    with django_assert_max_num_queries(MUNICIPALITY_BUDGET):
        client.get(municipality.url)


def full_article(municipality, *, copies: int, related: int):
    """An article as the demo's richest: every block (media blocks `copies` times), a hero
    image, two authors with photos, school forms, subjects, themes, tags and `related` articles
    sharing its theme."""
    theme = ThemeFactory(slug=f"tema-{copies}", name=f"Tema {copies}")
    forms = [SchoolFormFactory(slug="grundskola-4-6", name="Grundskola 4–6")]
    for _ in range(related):
        ArticlePageFactory(
            parent=municipality,
            school_forms=forms,
            themes=[theme],
            authors=[AuthorFactory(photo=SiteImageFactory())],
        )
    article = ArticlePageFactory(
        parent=municipality,
        body=every_block_body(copies=copies),
        school_forms=forms,
        subjects=[SubjectFactory(slug=f"amne-{copies}", name=f"Ämne {copies}")],
        themes=[theme],
        authors=[
            AuthorFactory(photo=SiteImageFactory(), municipality=municipality),
            AuthorFactory(photo=SiteImageFactory()),
        ],
    )
    article.hero_image = SiteImageFactory()
    article.hero_image_alt = "Beskrivning"
    article.tags.add("bråk", "samarbete")
    article.save_revision().publish()
    return article


def cold_queries(client, url) -> int:
    """The queries of a view just after a publication, when no fragment is cached yet."""
    client.get(url)  # renditions are made on the first view
    published_content_changed()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_article_page_budget_with_every_block(
    client, municipality, with_fixed_pages, django_assert_max_num_queries
):
    few = full_article(municipality, copies=1, related=3)
    many = full_article(municipality, copies=3, related=6)
    # Right after a publication: one query per kind of thing however many there are.
    assert cold_queries(client, many.url) == cold_queries(client, few.url)
    assert cold_queries(client, many.url) <= ARTICLE_BUDGET_AFTER_PUBLISHING
    # Then, for every reader until the next publication: the body, its reading time, the
    # related articles and the footer come from the fragment cache.
    client.get(many.url)
    with django_assert_max_num_queries(ARTICLE_BUDGET):
        response = client.get(many.url)
    html = response.content.decode()
    assert html.count("<figure") >= 4 and "<audio" in html and "<video" in html
    assert len(response.context["related_articles"]) == 3


@pytest.mark.parametrize(
    ("url", "budget"),
    [("/sok/?q=artikel", SEARCH_BUDGET), ("/artiklar/", LISTING_BUDGET)],
)
def test_search_and_listing_budgets_do_not_grow_with_hits(
    client,
    search_backend,
    municipality,
    with_fixed_pages,
    settings,
    django_assert_max_num_queries,
    url,
    budget,
):
    # Tests run without the results cache (settings/test.py): this is the cost of an answer.
    # Three, not two: a search with at most two hits also asks for a "Menade du …?" suggestion.
    add_articles(municipality, 3)
    search_backend.refresh()
    few = queries_for(client, url)
    add_articles(municipality, 25, offset=3)  # more hits than a page shows
    search_backend.refresh()
    many = queries_for(client, url)
    assert many == few
    with django_assert_max_num_queries(budget):
        client.get(url)

    # The same request again within the cache's lifetime: the terms and the answer are kept.
    settings.SEARCH_RESULTS_CACHE_SECONDS = 60
    client.get(url)
    cached = queries_for(client, url)
    assert cached <= many - 5


def standard_page_with_every_block(home, copies: int):
    offered = StandardPage.body.field.stream_block.child_blocks
    body = [block for block in every_block_body(copies=copies) if block["type"] in offered]
    assert {block["type"] for block in body} == set(offered), "a block the editor offers is missing"
    return standard_page(
        parent=home, title=f"Om sajten {copies}", slug=f"om-sajten-{copies}", body=body
    )


def test_standard_page_budget_with_every_block(
    client, home, with_fixed_pages, django_assert_max_num_queries
):
    few = standard_page_with_every_block(home, copies=1)
    many = standard_page_with_every_block(home, copies=3)
    assert queries_for(client, many.url) == queries_for(client, few.url)
    client.get(many.url)  # the first view of `few` made renditions: a change to its images
    with django_assert_max_num_queries(STANDARD_PAGE_BUDGET):
        response = client.get(many.url)
    html = response.content.decode()
    assert html.count("<figure") >= 3 and "<audio" in html and "<video" in html
