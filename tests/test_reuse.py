"""Listings, feeds, metadata and the read-only API: ways readers and other sites reuse content."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from blog.factories import ArticlePageFactory, AuthorFactory, SchoolFormFactory, ThemeFactory
from home.models import HomePageFeaturedArticle
from municipalities.factories import MunicipalityPageFactory
from tests.factories import publish


@pytest.fixture
def catalogue(home, municipality):
    preschool = SchoolFormFactory(slug="forskola", name="Förskola")
    upper = SchoolFormFactory(slug="grundskola-7-9", name="Grundskola 7–9")
    attendance = ThemeFactory(slug="narvaro", name="Närvaro")
    author = AuthorFactory(name="Emma Håkansson", role="Förskollärare", school="Ängsmyran")
    bjuv = MunicipalityPageFactory(parent=home, title="Bjuv", slug="bjuv")
    outdoor = ArticlePageFactory(
        parent=municipality, title="Naturens matematik", school_forms=[preschool], authors=[author]
    )
    outdoor.tags.add("skogen")
    publish(outdoor)
    lessons = ArticlePageFactory(
        parent=bjuv, title="Närvaro på högstadiet", school_forms=[upper], themes=[attendance]
    )
    ArticlePageFactory(parent=bjuv, title="Opublicerad", school_forms=[preschool], live=False)
    return {"outdoor": outdoor, "lessons": lessons, "author": author}


def listing_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {article.title for article in response.context["results"]}


def test_listings_by_all_school_form_theme_author_and_tag(client, catalogue):
    assert listing_titles(client, reverse("blog:all")) == {
        "Naturens matematik",
        "Närvaro på högstadiet",
    }
    assert listing_titles(client, reverse("blog:school_form", args=("forskola",))) == {
        "Naturens matematik"
    }
    assert listing_titles(client, reverse("blog:theme", args=("narvaro",))) == {
        "Närvaro på högstadiet"
    }
    assert listing_titles(client, reverse("blog:author", args=(catalogue["author"].pk,))) == {
        "Naturens matematik"
    }
    assert listing_titles(client, reverse("blog:tag", args=("skogen",))) == {"Naturens matematik"}
    assert client.get(reverse("blog:school_form", args=("finns-inte",))).status_code == 404


def test_listing_filters_combine_and_live_in_the_url(client, catalogue):
    url = reverse("blog:all")
    assert listing_titles(client, f"{url}?kommun=bjuv") == {"Närvaro på högstadiet"}
    assert listing_titles(client, f"{url}?kommun=bjuv&skolform=forskola") == set()
    html = client.get(url).content.decode()
    assert 'href="?kommun=bjuv"' in html and "<h1>Alla artiklar</h1>" in html


def test_article_links_its_classification_and_authors_to_listings(client, catalogue):
    html = client.get(catalogue["outdoor"].url).content.decode()
    assert f'href="{reverse("blog:school_form", args=("forskola",))}"' in html
    assert f'href="{reverse("blog:author", args=(catalogue["author"].pk,))}"' in html
    assert f'href="{reverse("blog:tag", args=("skogen",))}"' in html


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("blog:feed_rss", ()),
        ("blog:feed_rss_scoped", ("skolform", "forskola")),
        ("blog:feed_rss_scoped", ("kommun", "landskrona")),
    ],
)
def test_rss_feeds(client, catalogue, name, args):
    response = client.get(reverse(name, args=args))
    # application/xml, not application/rss+xml: browsers apply the feed's stylesheet only then.
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    document = ET.fromstring(response.content)
    assert document.tag == "rss"
    channel = document.find("channel")
    titles = {item.findtext("title") for item in channel.findall("item")}
    assert "Naturens matematik" in titles and "Opublicerad" not in titles
    assert channel.findtext("language") == "sv"
    if args:
        assert "Närvaro på högstadiet" not in titles


def test_atom_feed_per_theme(client, catalogue):
    response = client.get(reverse("blog:feed_atom_scoped", args=("tema", "narvaro")))
    entries = ET.fromstring(response.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in entries] == [
        "Närvaro på högstadiet"
    ]
    assert client.get("/flode/okand/x/rss/").status_code == 404


def test_open_graph_and_schema_org_article(client, catalogue):
    html = client.get(catalogue["outdoor"].url).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Naturens matematik">' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert (
        data["@type"] == "Article"
        and data["headline"] == "Naturens matematik"
        and data["inLanguage"] == "sv"
    )
    assert data["author"] == [
        {"@type": "Person", "name": "Emma Håkansson", "jobTitle": "Förskollärare"}
    ]
    assert '<link rel="canonical" href="http://localhost/landskrona/' in html


def test_robots_and_sitemap(client, catalogue):
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert (
        "Disallow: /admin/" in robots.content.decode()
        and "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    )
    sitemap = client.get("/sitemap.xml").content.decode()
    assert catalogue["outdoor"].slug in sitemap and "opublicerad" not in sitemap


def test_read_only_api_lists_live_articles_of_a_municipality(client, catalogue, municipality):
    response = client.get(
        "/api/v2/pages/",
        {
            "type": "blog.ArticlePage",
            "child_of": municipality.pk,
            "fields": "summary,school_forms,municipality",
        },
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["Naturens matematik"]
    assert (
        items[0]["summary"]
        and items[0]["school_forms"] == ["Förskola"]
        and items[0]["municipality"] == "Landskrona"
    )
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code == 405
    all_titles = {
        item["title"]
        for item in client.get("/api/v2/pages/", {"type": "blog.ArticlePage"}).json()["items"]
    }
    assert "Opublicerad" not in all_titles
    assert "Set-Cookie" not in response


def test_home_shows_featured_articles_first(client, catalogue, home):
    HomePageFeaturedArticle.objects.create(page=home, article=catalogue["lessons"], sort_order=0)
    html = client.get("/").content.decode()
    featured = html[html.index('id="utvalda"') : html.index('id="senaste"')]
    assert "Närvaro på högstadiet" in featured and "Naturens matematik" not in featured
